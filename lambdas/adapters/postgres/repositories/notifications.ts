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

/** The person's notifications, unread first, newest first within each; one bounded page. */
export async function listNotifications(trx: UserTransaction, limit: number): Promise<StoredNotification[]> {
  const rows = await trx
    .selectFrom('notifications')
    .select(['id', 'kind', 'dedupe_key', 'title', 'body', 'data', 'created_at', 'read_at'])
    .orderBy((eb) => eb('read_at', 'is not', null), 'asc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    title: row.title,
    body: row.body,
    data: fromJson(row.data) ?? {},
    createdAt: toIsoTimestamp(row.created_at) ?? '',
    readAt: toIsoTimestamp(row.read_at),
  }));
}
