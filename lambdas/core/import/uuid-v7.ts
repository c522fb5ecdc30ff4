import { randomFillSync } from 'node:crypto';

/**
 * A time-ordered UUID (RFC 9562 version 7): 48 bits of milliseconds, then random bits.
 * Imported transactions get these ids so that a million-row import appends to the primary
 * key's B-tree instead of writing all over it (a version-4 id lands on a random page).
 */
const POOL_SIZE = 16 * 4096;
let pool = new Uint8Array(0);
let offset = POOL_SIZE;

/** Two hex digits for each byte value. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Random bits come from a pool filled 64 KB at a time (one system call per 4,096 ids), read in
 * place: no array per id, and the text is built from a table of hex pairs.
 */
export function uuidV7(now: number = Date.now()): string {
  if (offset + 16 > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_SIZE));
    offset = 0;
  }
  const r = pool;
  const o = offset;
  offset += 16;
  // 48 bits of milliseconds, most significant byte first.
  const high = Math.floor(now / 0x1000000);
  const low = now % 0x1000000;
  return (
    HEX[Math.floor(high / 0x10000) & 0xff] +
    HEX[Math.floor(high / 0x100) & 0xff] +
    HEX[high & 0xff] +
    HEX[(low >>> 16) & 0xff] +
    '-' +
    HEX[(low >>> 8) & 0xff] +
    HEX[low & 0xff] +
    '-' +
    HEX[(r[o + 6] & 0x0f) | 0x70] +
    HEX[r[o + 7]] +
    '-' +
    HEX[(r[o + 8] & 0x3f) | 0x80] +
    HEX[r[o + 9]] +
    '-' +
    HEX[r[o + 10]] +
    HEX[r[o + 11]] +
    HEX[r[o + 12]] +
    HEX[r[o + 13]] +
    HEX[r[o + 14]] +
    HEX[r[o + 15]]
  );
}
