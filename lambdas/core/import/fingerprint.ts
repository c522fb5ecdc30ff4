import { hash } from 'node:crypto';

/** The text part of a fingerprint: case, spacing and punctuation differences do not count. */
export function normaliseForFingerprint(description: string): string {
  return description
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface FingerprintInput {
  userId: string;
  accountId: string;
  date: string;
  amount: number;
  description: string;
}

/**
 * Gives each row of one file its fingerprint. The occurrence number counts identical rows
 * (same date, amount and normalised description) within the file, so two genuinely
 * identical purchases on one day both stay, while the same row met again (a repeated S3
 * event, an overlapping statement) gets the fingerprint it had the first time.
 */
export class FileFingerprinter {
  // Keyed by a 53-bit hash of the row's identity rather than the identity itself, so a
  // million-row file costs a few tens of MB here instead of hundreds.
  private readonly occurrences = new Map<number, number>();

  next(input: FingerprintInput): string {
    const identity = `${input.date}|${input.amount}|${normaliseForFingerprint(input.description)}`;
    const key = hash53(identity);
    const occurrence = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, occurrence);
    return hash('sha256', `${input.userId}|${input.accountId}|${identity}|${occurrence}`, 'base64url').slice(0, 32);
  }
}

/** cyrb53: a fast, well-spread 53-bit string hash (public domain), for map keys only. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ char, 2654435761);
    h2 = Math.imul(h2 ^ char, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
