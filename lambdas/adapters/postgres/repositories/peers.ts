import { sql } from 'kysely';
import { jsonb } from '../schema';
import type { UserTransaction } from '../user-scope';

export interface CohortFigures {
  cohortSize: number;
  /** savings rate at the 10th, 25th, 50th, 75th and 90th percentile; null below the threshold */
  savingsRateCuts: number[] | null;
  /** the cohort's median share of spending per category; null below the threshold */
  categoryShareMedians: Record<string, number> | null;
}

/**
 * The person's cohort's figures through `peer_cohort_figures` (migration 201), the one read
 * across people: it answers only aggregates, and none for a cohort under 20.
 */
export async function cohortFigures(
  trx: UserTransaction,
  userId: string,
  currency: string,
): Promise<CohortFigures | null> {
  const rows = await sql<{
    cohort_size: number;
    savings_rate_cuts: number[] | null;
    category_share_medians: Record<string, number> | string | null;
  }>`
    select * from peer_cohort_figures(${userId}::uuid, ${currency})`.execute(trx);
  const row = rows.rows[0];
  if (!row) return null;
  const medians =
    typeof row.category_share_medians === 'string'
      ? JSON.parse(row.category_share_medians)
      : row.category_share_medians;
  return {
    cohortSize: Number(row.cohort_size),
    savingsRateCuts: row.savings_rate_cuts?.map(Number) ?? null,
    categoryShareMedians: medians,
  };
}

export async function peerComparisonOptIn(trx: UserTransaction): Promise<boolean> {
  const row = await trx
    .selectFrom('users')
    .select('peer_comparison')
    .where('id', '=', sql<string>`current_setting('app.user_id')::uuid`)
    .executeTakeFirst();
  return row?.peer_comparison ?? false;
}

export async function setPeerComparison(trx: UserTransaction, userId: string, optIn: boolean): Promise<void> {
  await trx.updateTable('users').set({ peer_comparison: optIn }).where('id', '=', userId).execute();
  if (!optIn) await trx.deleteFrom('peer_profiles').where('user_id', '=', userId).execute();
}

export interface PeerProfile {
  currency: string;
  months: number;
  income: number;
  spending: number;
  categorySpending: Record<string, number>;
}

/** Writes the person's own profile, the only figures of theirs a cohort reads; their home country when the users table has one. */
export async function savePeerProfile(trx: UserTransaction, userId: string, profile: PeerProfile): Promise<void> {
  const country = sql<string | null>`(select to_jsonb(u) ->> 'country' from users u where u.id = ${userId}::uuid)`;
  const values = {
    currency: profile.currency,
    country,
    months: profile.months,
    income: profile.income,
    spending: profile.spending,
    category_spending: jsonb(profile.categorySpending),
    updated_at: new Date(),
  };
  await trx
    .insertInto('peer_profiles')
    .values({ user_id: userId, ...values })
    .onConflict((c) => c.column('user_id').doUpdateSet(values))
    .execute();
}
