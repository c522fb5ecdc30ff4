/**
 * A transaction added by hand is never a duplicate of an imported one: its id is its
 * identity, so its fingerprint is made from the id rather than from what it says.
 */
export function manualFingerprint(id: string): string {
  return `manual:${id}`;
}

/**
 * An entry made by hand is removed outright; an imported one stays as a tombstone, so that
 * importing the same statement again does not bring it back.
 */
export function removedOutright(tx: { uploadId: string | null; fingerprint: string }): boolean {
  return tx.uploadId === null && tx.fingerprint.startsWith('manual:');
}
