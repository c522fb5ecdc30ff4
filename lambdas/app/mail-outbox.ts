import {
  claimNotificationEmail,
  inJobsScope,
  insertEmailSuppression,
  isEmailSuppressed,
  listNotificationsForDigest,
  listUnmailedNotificationIds,
  readMailRecipient,
  readNotificationToMail,
  releaseNotificationEmail,
} from '../adapters/postgres/repositories/mail-outbox';
import { enqueueNotification } from '../adapters/postgres/repositories/notifications';
import type { Db } from '../adapters/postgres/schema';
import { listUserIds, withUser } from '../adapters/postgres/user-scope';
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

/**
 * Puts every recent notification not yet e-mailed on the mail queue, one message each. Running
 * twice queues a row twice; the sender's claim makes the second delivery send nothing.
 */
export async function relayOutbox(db: Db, queue: MessageQueue<MailMessage>, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - MAIL_WITHIN_HOURS * 3_600_000);
  const ids = await inJobsScope(db, (trx) => listUnmailedNotificationIds(trx, since, RELAY_BATCH));
  if (ids.length) await queue.send(ids.map((notificationId) => ({ version: 1 as const, notificationId })));
  return ids.length;
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
    const row = await readNotificationToMail(trx, message.notificationId);
    if (!row) return { outcome: 'gone' as const };
    if (row.emailed) return { outcome: 'already-sent' as const };
    const user = await readMailRecipient(trx, row.userId);
    if (!user?.email) return { outcome: 'no-address' as const };
    const { preferences } = user;
    if (preferences[row.kind] && !preferences[row.kind].email) return { outcome: 'not-wanted' as const };
    if (await isEmailSuppressed(trx, user.email)) return { outcome: 'suppressed' as const };
    if (!(await claimNotificationEmail(trx, row.id))) return { outcome: 'already-sent' as const };
    return { outcome: 'claimed' as const, row, email: user.email };
  });
  if (claimed.outcome !== 'claimed') return claimed.outcome;
  const { row, email } = claimed;
  const unsubscribeUrl = `${links.apiBaseUrl.replace(/\/$/, '')}/unsubscribe?token=${unsubscribeToken(links.unsubscribeSecret, row.userId, row.kind)}`;
  try {
    await mailer.send({
      to: email,
      subject: row.title,
      unsubscribeUrl,
      text: `${row.body}\n\nNo more e-mails like this one: ${unsubscribeUrl}\n`,
      html: `<p>${escapeHtml(row.body).replace(/\n/g, '<br>')}</p><p><a href="${unsubscribeUrl}">No more e-mails like this one</a></p>`,
    });
  } catch (error) {
    await inJobsScope(db, (trx) => releaseNotificationEmail(trx, row.id));
    throw error;
  }
  return 'sent';
}

/** Records an address SES reported as bouncing or complaining: it is never mailed again. */
export async function suppressAddress(db: Db, email: string, reason: 'bounce' | 'complaint'): Promise<void> {
  await inJobsScope(db, (trx) => insertEmailSuppression(trx, email, reason));
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
      const digest = composeDigest(await listNotificationsForDigest(trx, weekStart, 200), today);
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
