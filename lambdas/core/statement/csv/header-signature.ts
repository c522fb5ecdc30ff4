import type { DetectedFormat } from '../types';
import { normaliseHeader } from './header-vocabulary';

/**
 * A stable key for a statement's header, so a mapping a person confirmed can be offered again
 * for the next file with the same header: the delimiter and the normalised header names,
 * hashed (FNV-1a, 64 bit) to keep it short. Null for files without a header.
 */
export function headerSignature(format: DetectedFormat): string | null {
  if (!format.headers || format.headers.length === 0) return null;
  const names = [...format.headers];
  while (names.length > 0 && names[names.length - 1].trim() === '') names.pop();
  if (names.length === 0) return null;
  const text = `${format.kind}|${format.delimiter ?? ''}|${names.map(normaliseHeader).join('\u001f')}`;
  return `${format.kind}-h1-${fnv1a64(text)}`;
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
