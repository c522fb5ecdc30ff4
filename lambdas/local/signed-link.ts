import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a local object link (the local stack's stand-in for an S3 presigned URL) is the one
 * the server signed for this key and purpose, and has not expired. `sign` is the server's HMAC.
 */
export function signedLinkIsValid(
  sign: (text: string) => string,
  link: { purpose: 'upload' | 'download'; key: string; expires: string | null; signature: string | null },
  nowMs: number,
): boolean {
  const expires = Number(link.expires);
  if (!Number.isInteger(expires)) return false;
  const expected = Buffer.from(sign(`${link.purpose}|${link.key}|${expires}`));
  const given = Buffer.from(link.signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given) && expires * 1000 >= nowMs;
}
