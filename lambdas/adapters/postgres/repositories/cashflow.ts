/** Aggregates the cash-flow projection reads: one row per account, per account-month, per recurring payee-month. */
import { sql } from 'kysely';
import type { PayeeMonth } from '../../../core/forecast/monthly-recurring';
import type { UserTransaction } from '../user-scope';

export interface AccountBalance {
  accountId: string;
  name: string;
  currency: string;
  balance: number;
}

/** Every account's balance today: opening balance plus all its transactions (one aggregate row per account). */
export async function accountBalances(trx: UserTransaction): Promise<AccountBalance[]> {
  const rows = await trx.selectFrom('accounts')
    .leftJoin('transactions', (join) => join.onRef('transactions.account_id', '=', 'accounts.id').on('transactions.deleted_at', 'is', null))
    .select([
      'accounts.id', 'accounts.name', 'accounts.currency', 'accounts.opening_balance',
      sql<number>`coalesce(sum(transactions.amount), 0)::bigint`.as('total'),
    ])
    .groupBy(['accounts.id', 'accounts.name', 'accounts.currency', 'accounts.opening_balance'])
    .orderBy('accounts.created_at')
    .orderBy('accounts.id')
    .execute();
  return rows.map((r) => ({ accountId: r.id, name: r.name, currency: r.currency.trim(), balance: r.opening_balance + Number(r.total) }));
}

/** Net flow per account and month (transfers included: they move balances) for dates in [from, before). */
export async function accountMonthlyFlows(trx: UserTransaction, from: string, before: string): Promise<{ accountId: string; month: string; total: number }[]> {
  const rows = await trx.selectFrom('transactions')
    .select(['account_id', sql<string>`to_char(date, 'YYYY-MM')`.as('month'), sql<number>`sum(amount)::bigint`.as('total')])
    .where('deleted_at', 'is', null)
    .where('date', '>=', from)
    .where('date', '<', before)
    .groupBy(['account_id', sql`to_char(date, 'YYYY-MM')`])
    .execute();
  return rows.map((r) => ({ accountId: r.account_id, month: r.month, total: Number(r.total) }));
}

/**
 * Per account, payee (merchant, else description) and month, for dates in [from, before): only
 * payees seen in at least `minMonths` distinct months of the window, so one-off purchases never
 * leave the database.
 */
export async function recurringPayeeMonths(trx: UserTransaction, from: string, before: string, minMonths: number): Promise<PayeeMonth[]> {
  const result = await sql<{ account_id: string; payee: string; month: string; count: number; total: number; day: number }>`
    with window_rows as (
      select account_id, coalesce(merchant, description) as payee, sign(amount) as direction, date, amount
      from transactions
      where deleted_at is null and date >= ${from}::date and date < ${before}::date and amount <> 0
    ), regular as (
      select account_id, payee, direction from window_rows
      group by account_id, payee, direction
      having count(distinct to_char(date, 'YYYY-MM')) >= ${minMonths}
    )
    select w.account_id, w.payee, to_char(w.date, 'YYYY-MM') as month, count(*)::int as count,
      sum(w.amount)::bigint as total, min(extract(day from w.date))::int as day
    from window_rows w join regular r using (account_id, payee, direction)
    group by w.account_id, w.payee, w.direction, to_char(w.date, 'YYYY-MM')`.execute(trx);
  return result.rows.map((r) => ({ accountId: r.account_id, payee: r.payee, month: r.month, count: Number(r.count), total: Number(r.total), day: Number(r.day) }));
}
