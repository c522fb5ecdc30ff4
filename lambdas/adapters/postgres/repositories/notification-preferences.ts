import { sql } from 'kysely';
import { fromJson, jsonb, type Db } from '../schema';
import type { UserTransaction } from '../user-scope';

export const NOTIFICATION_KINDS = [
  'anomaly',
  'price_rise',
  'upcoming_bill',
  'budget',
  'goal_milestone',
  'digest',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type ChannelPreferences = { inApp: boolean; email: boolean };
export type NotificationPreferences = Record<string, ChannelPreferences>;

/** Every kind with both channels, on unless the person turned it off. */
export function withDefaults(stored: Record<string, Partial<ChannelPreferences>> | null): NotificationPreferences {
  const out: NotificationPreferences = {};
  for (const kind of NOTIFICATION_KINDS)
    out[kind] = { inApp: stored?.[kind]?.inApp ?? true, email: stored?.[kind]?.email ?? true };
  return out;
}

export async function readNotificationPreferences(trx: UserTransaction): Promise<NotificationPreferences> {
  const row = await trx.selectFrom('users').select('notification_preferences').executeTakeFirst();
  return withDefaults(row ? fromJson(row.notification_preferences) : null);
}

/** Merges a change into the person's preferences (kinds and channels not named stay as they were). */
export async function updateNotificationPreferences(
  trx: UserTransaction,
  userId: string,
  change: Record<string, Partial<ChannelPreferences>>,
): Promise<NotificationPreferences> {
  const current = await readNotificationPreferences(trx);
  for (const [kind, channels] of Object.entries(change)) current[kind] = { ...current[kind], ...channels };
  await trx
    .insertInto('users')
    .values({ id: userId, notification_preferences: jsonb(current) })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ notification_preferences: jsonb(current) }))
    .execute();
  return current;
}

/** An unsubscribe link's effect, outside any login: scoped to the person the signed token names, and no one else. */
export async function unsubscribeByToken(db: Db, userId: string, kind: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${userId}::text, true)`.execute(trx);
    const row = await trx.selectFrom('users').select('notification_preferences').executeTakeFirst();
    if (!row) return false;
    const current = withDefaults(fromJson(row.notification_preferences));
    for (const name of kind === '*' ? Object.keys(current) : [kind])
      current[name] = { ...(current[name] ?? { inApp: true, email: true }), email: false };
    await trx
      .updateTable('users')
      .set({ notification_preferences: jsonb(current) })
      .where('id', '=', userId)
      .execute();
    return true;
  });
}
