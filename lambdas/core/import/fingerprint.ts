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
  /** normaliseForFingerprint(description), when the caller has it already. */
  normalised?: string;
}

/**
 * Gives each row of one file its fingerprint. The occurrence number counts identical rows
 * (same date, amount and normalised description) within the file, so two genuinely
 * identical purchases on one day both stay, while the same row met again (a repeated S3
 * event, an overlapping statement) gets the fingerprint it had the first time.
 */
export class FileFingerprinter {
  // Keyed by a 53-bit hash of the row's identity rather than the identity itself, so a
  // million-row file costs ~25 MB here instead of hundreds.
  private readonly occurrences = new OccurrenceCounts();

  next(input: FingerprintInput): string {
    const identity = `${input.date}|${input.amount}|${input.normalised ?? normaliseForFingerprint(input.description)}`;
    const occurrence = this.occurrences.increment(hash53(identity));
    return hash('sha256', `${input.userId}|${input.accountId}|${identity}|${occurrence}`, 'base64url').slice(0, 32);
  }
}

/**
 * How many times each 53-bit key was met: an open-addressing hash table in two typed arrays
 * (a key as a double, its count beside it; a count of 0 marks a free slot). A Map of a million
 * such keys holds a million heap numbers the garbage collector walks on every major collection;
 * these arrays are outside the heap it walks and take 12 bytes a slot.
 */
class OccurrenceCounts {
  private keys = new Float64Array(1 << 12);
  private counts = new Uint32Array(1 << 12);
  private size = 0;

  /** Adds one to `key`'s count and returns the new count. */
  increment(key: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const slot = this.slotOf(key, this.keys, this.counts);
    if (this.counts[slot] === 0) {
      this.keys[slot] = key;
      this.size += 1;
    }
    return ++this.counts[slot];
  }

  /** The slot holding `key`, or the free slot where it goes (linear probing). */
  private slotOf(key: number, keys: Float64Array, counts: Uint32Array): number {
    const mask = keys.length - 1;
    // The low 32 bits of a well-spread hash pick the first slot.
    let slot = key & mask;
    while (counts[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const counts = new Uint32Array(this.counts.length * 2);
    for (let i = 0; i < this.keys.length; i += 1) {
      if (this.counts[i] === 0) continue;
      const slot = this.slotOf(this.keys[i], keys, counts);
      keys[slot] = this.keys[i];
      counts[slot] = this.counts[i];
    }
    this.keys = keys;
    this.counts = counts;
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
