import { sql } from 'kysely';
import type { UserTransaction } from './user-scope';

/** Every plan that reads the person's rows whole (or joins against them whole) rather than one id at a time. */
const PLANS_AVOIDED = ['enable_hashjoin', 'enable_mergejoin', 'enable_material', 'enable_seqscan', 'enable_bitmapscan'];

/**
 * Runs `work`, a statement that reaches a list of rows by their ids, with the planner told to
 * probe the primary key once per id (a nested loop) rather than hash, merge or scan every row the
 * person owns. Behind row-level security the planner sees `user_id = current_setting(…)`, a value
 * it cannot know, and guesses one person's share of the table as an average person's: with
 * 300,000 of a person's rows stored it guessed 2,778 and, for every 2,000-id batch of the
 * categoriser, hashed all 400,000 of them (250 ms of a 353 ms UPDATE, spilling to disk; now 75 ms)
 * and walked their whole date index for the SELECT (102 ms; now 4.5 ms): categorising slowed as a
 * history grew. Switched off for this one statement (is_local, switched back on after it), so the
 * transaction's other statements plan as usual; on an error the transaction ends, and these with it.
 */
export async function probingById<T>(trx: UserTransaction, work: () => Promise<T>): Promise<T> {
  await sql`select ${sql.join(PLANS_AVOIDED.map((name) => sql`set_config(${name}, 'off', true)`))}`.execute(trx);
  const result = await work();
  await sql`select ${sql.join(PLANS_AVOIDED.map((name) => sql`set_config(${name}, 'on', true)`))}`.execute(trx);
  return result;
}
