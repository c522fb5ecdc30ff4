import { sql } from 'kysely';
import { fromJson, jsonb, toIsoTimestamp } from '../schema';
import type { UserTransaction } from '../user-scope';

/** What a writer puts in the outbox; `dedupeKey` names the event so that seeing it twice writes it once. */
export interface NotificationInput {
  kind: string;
  dedupeKey: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
}

export interface StoredNotification extends Required<NotificationInput> {
  id: string;
  createdAt: string;
  readAt: string | null;
}

/**
 * Writes a notification in the caller's transaction, so it exists exactly when the change
 * that caused it was committed. Returns false when the same event was already written.
 */
export async function enqueueNotification(
  trx: UserTransaction,
  userId: string,
  input: NotificationInput,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('notifications')
    .values({
      user_id: userId,
      kind: input.kind,
      dedupe_key: input.dedupeKey,
      title: input.title,
      body: input.body,
      data: jsonb(input.data ?? {}),
    })
    .onConflict((conflict) => conflict.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

const NOTIFICATION_COLUMNS = ['id', 'kind', 'dedupe_key', 'title', 'body', 'data', 'created_at', 'read_at'] as const;

function toStoredNotification(row: {
  id: string;
  kind: string;
  dedupe_key: string;
  title: string;
  body: string;
  data: unknown;
  created_at: unknown;
  read_at: unknown;
}): StoredNotification {
  return {
    id: row.id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    title: row.title,
    body: row.body,
    data: fromJson(row.data as Record<string, unknown> | string) ?? {},
    createdAt: toIsoTimestamp(row.created_at as string) ?? '',
    readAt: toIsoTimestamp(row.read_at as string | null),
  };
}

/**
 * The person's notifications, unread first, newest first within each; one bounded page.
 * Kinds in `hiddenKinds` (turned off in-app) are left out.
 */
export async function listNotifications(
  trx: UserTransaction,
  limit: number,
  hiddenKinds: readonly string[] = [],
): Promise<StoredNotification[]> {
  let select = trx.selectFrom('notifications').select(NOTIFICATION_COLUMNS);
  if (hiddenKinds.length) select = select.where('kind', 'not in', [...hiddenKinds]);
  const rows = await select
    .orderBy((eb) => eb('read_at', 'is not', null), 'asc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toStoredNotification);
}

/** How many of the person's notifications are unread, counted in SQL; kinds in `hiddenKinds` not counted. */
export async function countUnreadNotifications(
  trx: UserTransaction,
  hiddenKinds: readonly string[] = [],
): Promise<number> {
  let count = trx
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('read_at', 'is', null);
  if (hiddenKinds.length) count = count.where('kind', 'not in', [...hiddenKinds]);
  return Number((await count.executeTakeFirst())?.n ?? 0);
}

/** Marks one of the person's notifications read (now) or unread; undefined when the person has no such notification. */
export async function markNotificationRead(
  trx: UserTransaction,
  id: string,
  read: boolean,
): Promise<StoredNotification | undefined> {
  const row = await trx
    .updateTable('notifications')
    .set({ read_at: read ? new Date() : null })
    .where('id', '=', id)
    .returning(NOTIFICATION_COLUMNS)
    .executeTakeFirst();
  return row && toStoredNotification(row);
}
