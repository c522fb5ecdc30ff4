import type { UserTransaction } from '../user-scope';

/** A person exists from their first request or upload on; nothing else is needed to start. */
export async function ensureUser(trx: UserTransaction, userId: string, email?: string | null): Promise<void> {
  await trx
    .insertInto('users')
    .values({ id: userId, email: email ?? null })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}

/** Erases the person: every row they own goes with theirs (foreign keys cascade). False when there was none. */
export async function deleteUser(trx: UserTransaction, userId: string): Promise<boolean> {
  const result = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0) > 0;
}

/** What a person's country, currency and locale are, and who set them. */
export interface PersonSettingsRow {
  country: string | null;
  currency: string | null;
  locale: string | null;
  source: 'said' | 'cognito' | 'learned' | null;
}

export async function readPersonSettings(trx: UserTransaction): Promise<PersonSettingsRow> {
  const user = await trx
    .selectFrom('users')
    .select(['country', 'currency', 'locale', 'conventions_source'])
    .executeTakeFirst();
  return {
    country: user?.country ?? null,
    currency: user?.currency?.trim() ?? null,
    locale: user?.locale ?? null,
    source: user?.conventions_source ?? null,
  };
}

/**
 * Sets what the person said (or Cognito or their first statement said) of themselves. What was
 * learned is replaced whole when anyone says any of it; what the person said is never replaced
 * by what was learned or by Cognito.
 */
export async function writePersonSettings(
  trx: UserTransaction,
  userId: string,
  settings: Partial<Omit<PersonSettingsRow, 'source'>>,
  source: 'said' | 'cognito' | 'learned',
): Promise<void> {
  const current = await readPersonSettings(trx);
  if (source === 'learned' && (current.country || current.currency || current.locale)) return;
  if (source === 'cognito' && current.source !== null && current.source !== 'learned') return;
  const clear =
    current.source === 'learned' || source !== 'said' ? { country: null, currency: null, locale: null } : {};
  await trx
    .updateTable('users')
    .set({ ...clear, ...settings, conventions_source: source })
    .where('id', '=', userId)
    .execute();
}
