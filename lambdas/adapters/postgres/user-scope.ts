import { sql, type Transaction } from 'kysely';
import type { Database, Db } from './schema';

export type UserTransaction = Transaction<Database>;

/**
 * Runs one unit of a person's work in a transaction whose row-level-security scope is that
 * person: every policy reads `app.user_id`, set here with is_local = true so it ends with the
 * transaction (a pooled connection then resets it to '', which the policies read as nobody).
 */
export async function withUser<T>(db: Db, userId: string, work: (trx: UserTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${userId}::text, true)`.execute(trx);
    return work(trx);
  });
}

/**
 * For scheduled jobs: the ids of every person, and nothing else about them. Only a member of
 * the jobs group may: the transaction takes that role (SET LOCAL ROLE), which the app role
 * cannot, so no setting a request could make lists anybody else.
 */
export async function listUserIds(db: Db): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local role smart_spend_jobs_group`.execute(trx);
    const rows = await trx.selectFrom('users').select('id').orderBy('id').execute();
    return rows.map((row) => row.id);
  });
}
