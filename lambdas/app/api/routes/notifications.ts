import { z } from 'zod';
import {
  NOTIFICATION_KINDS,
  readNotificationPreferences,
  unsubscribeByToken,
} from '../../../adapters/postgres/repositories/notification-preferences';
import {
  countUnreadNotifications,
  listNotifications,
  markNotificationRead,
  type StoredNotification,
} from '../../../adapters/postgres/repositories/notifications';
import { withUser } from '../../../adapters/postgres/user-scope';
import { readUnsubscribeToken } from '../../../core/insights/unsubscribe-token';
import { limitQuery, requireUuid } from '../pagination';
import { notFound } from '../problem';
import { route } from '../route';

const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
const channels = z.object({ inApp: z.boolean(), email: z.boolean() });
/** Notification preferences as GET and PATCH /me show and take them (routes/me.ts). */
export const preferencesSchema = z.record(z.string(), channels);
export const preferencesChange = z.partialRecord(z.enum(NOTIFICATION_KINDS), channels.partial().strict());

/** The API's view of a stored notification: the dedupe key is the writers' business. */
function present({ dedupeKey: _dedupeKey, ...notification }: StoredNotification): z.infer<typeof notificationSchema> {
  return notification;
}

/** The person's alerts (the outbox read in the app) and the e-mails' unsubscribe link; preferences are on /me. */
export const notificationRoutes = [
  route({
    method: 'GET',
    path: '/notifications',
    summary: 'The person’s notifications, unread first, newest first; kinds turned off in-app are left out',
    query: z.object({ limit: limitQuery }),
    responses: {
      200: {
        description: 'Notifications',
        schema: z.object({ items: z.array(notificationSchema), unread: z.number().int(), nextCursor: z.null() }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const { rows, unread } = await withUser(db, userId, async (trx) => {
        const preferences = await readNotificationPreferences(trx);
        const hidden = Object.entries(preferences)
          .filter(([, channel]) => !channel.inApp)
          .map(([kind]) => kind);
        return {
          rows: await listNotifications(trx, query.limit, hidden),
          unread: await countUnreadNotifications(trx, hidden),
        };
      });
      return { status: 200, body: { items: rows.map(present), unread, nextCursor: null } };
    },
  }),
  route({
    method: 'PATCH',
    path: '/notifications/{id}',
    summary: 'Mark a notification read (or unread)',
    params: z.object({ id: z.string() }),
    body: z.object({ read: z.boolean() }).strict(),
    responses: {
      200: { description: 'The notification', schema: notificationSchema },
      404: { description: 'No such notification of this person' },
    },
    handle: async ({ userId, params, body }, { db }) => {
      const id = requireUuid(params.id, 'the notification');
      const row = await withUser(db, userId, (trx) => markNotificationRead(trx, id, body.read));
      if (!row) throw notFound('the notification');
      return { status: 200, body: present(row) };
    },
  }),
  route({
    method: 'GET',
    path: '/unsubscribe',
    summary:
      'Turn off one kind of e-mail (or all) from the link in an e-mail; no login, the signed token names the person and kind',
    auth: false,
    query: z.object({ token: z.string().min(10).max(500) }),
    responses: {
      200: { description: 'Unsubscribed', schema: z.object({ unsubscribed: z.literal(true), kind: z.string() }) },
      404: { description: 'The link is not valid' },
    },
    handle: async ({ query }, { db, unsubscribeSecret }) => {
      const named = unsubscribeSecret ? readUnsubscribeToken(unsubscribeSecret, query.token) : null;
      if (!named || !(await unsubscribeByToken(db, named.userId, named.kind))) throw notFound('the unsubscribe link');
      return { status: 200, body: { unsubscribed: true, kind: named.kind } };
    },
  }),
];
