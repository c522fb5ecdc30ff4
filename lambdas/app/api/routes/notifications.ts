import { sql } from 'kysely';
import { z } from 'zod';
import {
  NOTIFICATION_KINDS,
  readNotificationPreferences,
  unsubscribeByToken,
} from '../../../adapters/postgres/repositories/notification-preferences';
import { fromJson, toIsoTimestamp } from '../../../adapters/postgres/schema';
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

function present(row: {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: unknown;
  created_at: unknown;
  read_at: unknown;
}): z.infer<typeof notificationSchema> {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    data: fromJson(row.data as Record<string, unknown> | string) ?? {},
    createdAt: toIsoTimestamp(row.created_at as string) ?? '',
    readAt: toIsoTimestamp(row.read_at as string | null),
  };
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
        let select = trx
          .selectFrom('notifications')
          .select(['id', 'kind', 'title', 'body', 'data', 'created_at', 'read_at']);
        if (hidden.length) select = select.where('kind', 'not in', hidden);
        const list = await select
          .orderBy((eb) => eb('read_at', 'is not', null), 'asc')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(query.limit)
          .execute();
        let count = trx
          .selectFrom('notifications')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('read_at', 'is', null);
        if (hidden.length) count = count.where('kind', 'not in', hidden);
        return { rows: list, unread: Number((await count.executeTakeFirst())?.n ?? 0) };
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
      const row = await withUser(db, userId, (trx) =>
        trx
          .updateTable('notifications')
          .set({ read_at: body.read ? new Date() : null })
          .where('id', '=', id)
          .returning(['id', 'kind', 'title', 'body', 'data', 'created_at', 'read_at'])
          .executeTakeFirst(),
      );
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
