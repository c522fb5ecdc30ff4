import { sql } from 'kysely';
import type { DailySpending } from '../../../core/budgets/spending-profile';
import { fromJson, jsonb } from '../schema';
import type { UserTransaction } from '../user-scope';

export interface BudgetRow {
  category: string;
  monthlyLimit: number;
  currency: string;
  rollover: boolean;
  lastState: string | null;
}

export async function listBudgets(trx: UserTransaction): Promise<BudgetRow[]> {
  const rows = await trx.selectFrom('budgets').selectAll().orderBy('category').execute();
  return rows.map((r) => ({
    category: r.category,
    monthlyLimit: Number(r.monthly_limit),
    currency: r.currency.trim(),
    rollover: r.rollover,
    lastState: r.last_state,
  }));
}

export async function upsertBudget(
  trx: UserTransaction,
  userId: string,
  budget: Omit<BudgetRow, 'lastState'>,
): Promise<boolean> {
  const existing = await trx
    .selectFrom('budgets')
    .select('category')
    .where('category', '=', budget.category)
    .executeTakeFirst();
  await trx
    .insertInto('budgets')
    .values({
      user_id: userId,
      category: budget.category,
      monthly_limit: budget.monthlyLimit,
      currency: budget.currency,
      rollover: budget.rollover,
      last_state: null,
    })
    .onConflict((c) =>
      c
        .columns(['user_id', 'category'])
        .doUpdateSet({ monthly_limit: budget.monthlyLimit, currency: budget.currency, rollover: budget.rollover }),
    )
    .execute();
  return existing === undefined;
}

export async function deleteBudget(trx: UserTransaction, category: string): Promise<boolean> {
  const result = await trx.deleteFrom('budgets').where('category', '=', category).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function setBudgetState(trx: UserTransaction, category: string, state: string): Promise<void> {
  await trx.updateTable('budgets').set({ last_state: state }).where('category', '=', category).execute();
}

/** The cached within-month profile, when it was worked out for `month`. */
export async function storedSpendingProfile(trx: UserTransaction, month: string): Promise<unknown | undefined> {
  const row = await trx.selectFrom('spending_profiles').select(['month', 'profile']).executeTakeFirst();
  return row && row.month === month ? fromJson(row.profile) : undefined;
}

export async function storeSpendingProfile(
  trx: UserTransaction,
  userId: string,
  month: string,
  profile: unknown,
): Promise<void> {
  await trx
    .insertInto('spending_profiles')
    .values({ user_id: userId, month, profile: jsonb(profile) })
    .onConflict((c) => c.column('user_id').doUpdateSet({ month, profile: jsonb(profile), computed_at: sql`now()` }))
    .execute();
}

/**
 * Spending by category, currency and day of month over the complete months given (split
 * parts by their category, transfers left out), aggregated in SQL: a few thousand rows at
 * most, read once a month per person to work out their within-month rhythm.
 */
export async function dailySpending(
  trx: UserTransaction,
  fromMonth: string,
  toMonth: string,
): Promise<DailySpending[]> {
  const rows = await sql<{ key: string; currency: string; month: string; day: number; amount: number }>`
    select p.category as key, trim(t.currency) as currency, to_char(t.date, 'YYYY-MM') as month, extract(day from t.date)::int as day,
           sum(-p.amount)::bigint as amount
      from transactions t cross join lateral transaction_parts(t.category, t.amount, t.splits, t.deleted_at) p
     where t.user_id = current_setting('app.user_id')::uuid and t.deleted_at is null and t.transfer_id is null
       and t.date >= ${`${fromMonth}-01`}::date and t.date < (${`${toMonth}-01`}::date + interval '1 month')
     group by 1, 2, 3, 4`.execute(trx);
  return rows.rows.map((r) => ({ ...r, day: Number(r.day), amount: Number(r.amount) }));
}
