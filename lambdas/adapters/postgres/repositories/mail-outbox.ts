import { sql } from 'kysely';
import type { DigestItem } from '../../../core/insights/digest';
import { fromJson, toIsoTimestamp, type Db } from '../schema';
import type { UserTransaction } from '../user-scope';
import { withDefaults, type NotificationPreferences } from './notification-preferences';

/** A notification as the mail sender needs it. */
export interface NotificationToMail {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  emailed: boolean;
}

/** Work across people that the policies allow the jobs scope (the outbox, addresses, suppressions). */
export async function inJobsScope<T>(db: Db, work: (trx: UserTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.scope', 'jobs', true)`.execute(trx);
    return work(trx);
  });
}

/** Ids of notifications created since `since` and not yet e-mailed, oldest first; at most `limit`. */
export async function listUnmailedNotificationIds(trx: UserTransaction, since: Date, limit: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('notifications')
    .select('id')
    .where('emailed_at', 'is', null)
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export async function readNotificationToMail(
  trx: UserTransaction,
  id: string,
): Promise<NotificationToMail | undefined> {
  const row = await trx
    .selectFrom('notifications')
    .select(['id', 'user_id', 'kind', 'title', 'body', 'emailed_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      emailed: Boolean(row.emailed_at),
    }
  );
}

/** The person's address and notification preferences (defaults filled in); undefined when there is no such person. */
export async function readMailRecipient(
  trx: UserTransaction,
  userId: string,
): Promise<{ email: string | null; preferences: NotificationPreferences } | undefined> {
  const user = await trx
    .selectFrom('users')
    .select(['email', 'notification_preferences'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return user && { email: user.email, preferences: withDefaults(fromJson(user.notification_preferences)) };
}

export async function isEmailSuppressed(trx: UserTransaction, email: string): Promise<boolean> {
  const row = await trx
    .selectFrom('email_suppressions')
    .select('email')
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** Claims a notification for sending (emailed_at set where it was null); false when another delivery claimed it first. */
export async function claimNotificationEmail(trx: UserTransaction, id: string): Promise<boolean> {
  const claim = await trx
    .updateTable('notifications')
    .set({ emailed_at: new Date() })
    .where('id', '=', id)
    .where('emailed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return claim !== undefined;
}

/** Gives a claim back after a failed send, so a retry sends it. */
export async function releaseNotificationEmail(trx: UserTransaction, id: string): Promise<void> {
  await trx.updateTable('notifications').set({ emailed_at: null }).where('id', '=', id).execute();
}

export async function insertEmailSuppression(
  trx: UserTransaction,
  email: string,
  reason: 'bounce' | 'complaint',
): Promise<void> {
  await trx
    .insertInto('email_suppressions')
    .values({ email: email.toLowerCase(), reason })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .execute();
}

/** The person's notifications other than digests created since `since`, oldest first; at most `limit`. */
export async function listNotificationsForDigest(
  trx: UserTransaction,
  since: Date,
  limit: number,
): Promise<DigestItem[]> {
  const rows = await trx
    .selectFrom('notifications')
    .select(['kind', 'title', 'body', 'created_at'])
    .where('kind', '!=', 'digest')
    .where('created_at', '>=', since)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    title: row.title,
    body: row.body,
    createdAt: toIsoTimestamp(row.created_at) ?? '',
  }));
}
