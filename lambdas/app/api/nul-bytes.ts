/**
 * PostgreSQL text cannot hold U+0000 ("invalid byte sequence"), and no bank text or name has
 * one: a NUL anywhere in a request is refused at the edge, naming where it was.
 * Returns the path of the first string holding one, or null.
 */
export function findNulByte(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulByte(item, `${path}.${index}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\u0000')
        ? `${path}.${key.split('\u0000').join('\\0')}`
        : findNulByte(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
