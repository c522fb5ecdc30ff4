import { hash } from 'node:crypto';

/** The text part of a fingerprint: case, spacing and punctuation differences do not count. */
export function normaliseForFingerprint(description: string): string {
  return description.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
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
  private readonly occurrences = new Map<string, number>();

  next(input: FingerprintInput): string {
    const identity = `${input.date}|${input.amount}|${normaliseForFingerprint(input.description)}`;
    const occurrence = (this.occurrences.get(identity) ?? 0) + 1;
    this.occurrences.set(identity, occurrence);
    return hash('sha256', `${input.userId}|${input.accountId}|${identity}|${occurrence}`, 'base64url').slice(0, 32);
  }
}
