import { sql } from 'kysely';
import type { UserTransaction } from '../user-scope';

/** Uploads the person started since `since` (the limit on uploads per day). */
export async function countUploadsSince(trx: UserTransaction, since: Date): Promise<number> {
  const row = await trx
    .selectFrom('uploads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Transactions imported since `since`: by statements (their uploads' counts) and by SMS (rows of no upload, not typed by hand). */
export async function countImportedRowsSince(trx: UserTransaction, since: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`select
      coalesce((select sum(imported) from uploads where created_at >= ${since}), 0)
      + (select count(*) from transactions where upload_id is null and fingerprint not like 'manual:%' and created_at >= ${since}) as n`.execute(
    trx,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Adds one to today's counter of `kind` and returns the new count (one INSERT … ON CONFLICT). */
export async function countToday(trx: UserTransaction, userId: string, kind: string): Promise<number> {
  const { rows } = await sql<{
    count: number;
  }>`insert into usage_counters (user_id, kind, day, count) values (${userId}, ${kind}, current_date, 1)
    on conflict (user_id, kind, day) do update set count = usage_counters.count + 1 returning count`.execute(trx);
  return rows[0].count;
}
