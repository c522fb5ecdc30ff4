import { randomFillSync } from 'node:crypto';

/**
 * A time-ordered UUID (RFC 9562 version 7): 48 bits of milliseconds, then random bits.
 * Imported transactions get these ids so that a million-row import appends to the primary
 * key's B-tree instead of writing all over it (a version-4 id lands on a random page).
 */
const POOL_SIZE = 16 * 4096;
let pool = new Uint8Array(0);
let offset = POOL_SIZE;

/** Random bytes drawn from a pool filled 64 KB at a time: one system call per 4,096 ids. */
function randomBytes16(): Uint8Array {
  if (offset + 16 > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_SIZE));
    offset = 0;
  }
  const bytes = pool.slice(offset, offset + 16);
  offset += 16;
  return bytes;
}

export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes16();
  let time = now;
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
