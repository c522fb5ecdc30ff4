import { sql } from 'kysely';
import { withDefaults } from '../adapters/postgres/repositories/notification-preferences';
import { enqueueNotification } from '../adapters/postgres/repositories/notifications';
import { fromJson, toIsoTimestamp, type Db } from '../adapters/postgres/schema';
import { listUserIds, withUser, type UserTransaction } from '../adapters/postgres/user-scope';
import { dateOfDay, dayNumber } from '../core/insights/calendar-days';
import { composeDigest } from '../core/insights/digest';
import { unsubscribeToken } from '../core/insights/unsubscribe-token';
import type { Mailer } from '../ports/mailer';
import type { MessageQueue } from '../ports/queue';

export interface MailMessage {
  version: 1;
  notificationId: string;
}

/** Notifications older than this are not e-mailed any more: news, not history. */
const MAIL_WITHIN_HOURS = 72;
/** Rows relayed per run: a bounded read; the next run takes the rest. */
const RELAY_BATCH = 500;

/** Work across people that the policies allow the jobs scope (the outbox, addresses, suppressions). */
async function inJobsScope<T>(db: Db, work: (trx: UserTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.scope', 'jobs', true)`.execute(trx);
    return work(trx);
  });
}

/**
 * Puts every recent notification not yet e-mailed on the mail queue, one message each. Running
 * twice queues a row twice; the sender's claim makes the second delivery send nothing.
 */
export async function relayOutbox(db: Db, queue: MessageQueue<MailMessage>, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - MAIL_WITHIN_HOURS * 3_600_000);
  const rows = await inJobsScope(db, (trx) =>
    trx
      .selectFrom('notifications')
      .select('id')
      .where('emailed_at', 'is', null)
      .where('created_at', '>=', since)
      .orderBy('created_at')
      .limit(RELAY_BATCH)
      .execute(),
  );
  if (rows.length) await queue.send(rows.map((row) => ({ version: 1 as const, notificationId: row.id })));
  return rows.length;
}

export type MailOutcome = 'sent' | 'already-sent' | 'not-wanted' | 'no-address' | 'suppressed' | 'gone';

/**
 * Sends one notification by e-mail at most once: the row is claimed (emailed_at set where it was
 * null) before SES is called, so an SQS redelivery finds it claimed and sends nothing; a failed
 * send releases the claim and throws, so the message is retried.
 */
export async function sendNotificationEmail(
  db: Db,
  mailer: Mailer,
  message: MailMessage,
  links: { apiBaseUrl: string; unsubscribeSecret: string },
): Promise<MailOutcome> {
  const claimed = await inJobsScope(db, async (trx) => {
    const row = await trx
      .selectFrom('notifications')
      .select(['id', 'user_id', 'kind', 'title', 'body', 'emailed_at'])
      .where('id', '=', message.notificationId)
      .executeTakeFirst();
    if (!row) return { outcome: 'gone' as const };
    if (row.emailed_at) return { outcome: 'already-sent' as const };
    const user = await trx
      .selectFrom('users')
      .select(['email', 'notification_preferences'])
      .where('id', '=', row.user_id)
      .executeTakeFirst();
    const preferences = withDefaults(user ? fromJson(user.notification_preferences) : null);
    if (!user?.email) return { outcome: 'no-address' as const };
    if (preferences[row.kind] && !preferences[row.kind].email) return { outcome: 'not-wanted' as const };
    const suppressed = await trx
      .selectFrom('email_suppressions')
      .select('email')
      .where('email', '=', user.email.toLowerCase())
      .executeTakeFirst();
    if (suppressed) return { outcome: 'suppressed' as const };
    const claim = await trx
      .updateTable('notifications')
      .set({ emailed_at: new Date() })
      .where('id', '=', row.id)
      .where('emailed_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!claim) return { outcome: 'already-sent' as const };
    return { outcome: 'claimed' as const, row, email: user.email };
  });
  if (claimed.outcome !== 'claimed') return claimed.outcome;
  const { row, email } = claimed;
  const unsubscribeUrl = `${links.apiBaseUrl.replace(/\/$/, '')}/unsubscribe?token=${unsubscribeToken(links.unsubscribeSecret, row.user_id, row.kind)}`;
  try {
    await mailer.send({
      to: email,
      subject: row.title,
      unsubscribeUrl,
      text: `${row.body}\n\nNo more e-mails like this one: ${unsubscribeUrl}\n`,
      html: `<p>${escapeHtml(row.body).replace(/\n/g, '<br>')}</p><p><a href="${unsubscribeUrl}">No more e-mails like this one</a></p>`,
    });
  } catch (error) {
    await inJobsScope(db, (trx) =>
      trx.updateTable('notifications').set({ emailed_at: null }).where('id', '=', row.id).execute(),
    );
    throw error;
  }
  return 'sent';
}

/** Records an address SES reported as bouncing or complaining: it is never mailed again. */
export async function suppressAddress(db: Db, email: string, reason: 'bounce' | 'complaint'): Promise<void> {
  await inJobsScope(db, (trx) =>
    trx
      .insertInto('email_suppressions')
      .values({ email: email.toLowerCase(), reason })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .execute(),
  );
}

/**
 * Writes each person's weekly digest into their outbox (kind `digest`, one per week by its
 * dedupe key), from the week's other notifications. Returns the digests written.
 */
export async function writeWeeklyDigests(
  db: Db,
  today: string,
): Promise<{ userId: string; title: string; body: string }[]> {
  const weekStart = new Date(`${dateOfDay(dayNumber(today) - 7)}T00:00:00Z`);
  const written: { userId: string; title: string; body: string }[] = [];
  for (const userId of await listUserIds(db)) {
    await withUser(db, userId, async (trx) => {
      const rows = await trx
        .selectFrom('notifications')
        .select(['kind', 'title', 'body', 'created_at'])
        .where('kind', '!=', 'digest')
        .where('created_at', '>=', weekStart)
        .orderBy('created_at')
        .limit(200)
        .execute();
      const digest = composeDigest(
        rows.map((row) => ({ ...row, createdAt: toIsoTimestamp(row.created_at) ?? '' })),
        today,
      );
      if (!digest) return;
      if (
        await enqueueNotification(trx, userId, {
          kind: 'digest',
          dedupeKey: `digest|${today}`,
          title: digest.title,
          body: digest.body,
        })
      ) {
        written.push({ userId, ...digest });
      }
    });
  }
  return written;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}
