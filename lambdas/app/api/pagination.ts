import { z } from 'zod';
import { badRequest, notFound } from './problem';

export const limitQuery = z.coerce.number().int().min(1).max(500).default(100);

const UUID = z.uuid();

/** Keyset cursors are opaque to clients: base64url JSON of the last item's sort key. */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (!cursor) return undefined;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('the cursor is not one this API gave out', [{ path: 'query.cursor', message: 'unknown cursor' }]);
  }
}

/** An id in a path that is not even a UUID names nothing the person owns: 404, like any other. */
export function requireUuid(id: string, what: string): string {
  if (!UUID.safeParse(id).success) throw notFound(what);
  return id.toLowerCase();
}

export function page<T>(
  items: T[],
  limit: number,
  keyOf: (item: T) => Record<string, string>,
): { items: T[]; nextCursor: string | null } {
  return { items, nextCursor: items.length === limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
