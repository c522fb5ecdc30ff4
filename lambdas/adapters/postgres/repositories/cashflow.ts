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
  const rows = await trx
    .selectFrom('accounts')
    .leftJoin('transactions', (join) =>
      join.onRef('transactions.account_id', '=', 'accounts.id').on('transactions.deleted_at', 'is', null),
    )
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.currency',
      'accounts.opening_balance',
      sql<number>`coalesce(sum(transactions.amount), 0)::bigint`.as('total'),
    ])
    .groupBy(['accounts.id', 'accounts.name', 'accounts.currency', 'accounts.opening_balance'])
    .orderBy('accounts.created_at')
    .orderBy('accounts.id')
    .execute();
  return rows.map((r) => ({
    accountId: r.id,
    name: r.name,
    currency: r.currency.trim(),
    balance: r.opening_balance + Number(r.total),
  }));
}

/** A window's upper bound, so the answer stays bounded: a year of days per account. */
export const MAX_DAILY_BALANCE_DAYS = 366;

export interface DailyBalance {
  accountId: string;
  /** ISO date; the balance is at the end of that day. */
  date: string;
  balance: number;
}

/**
 * Each account's balance at the end of every day in [from, through]: its opening balance plus one sum
 * of everything before `from`, then a running total of daily sums. The database returns accounts × days
 * rows (a 90-day window of three accounts is 270), never the transactions themselves, so the answer stays
 * far under the Data API's 1 MiB whatever the history's length. A day without rows repeats the day before.
 */
export async function accountDailyBalances(
  trx: UserTransaction,
  from: string,
  through: string,
): Promise<DailyBalance[]> {
  const days = (Date.parse(through) - Date.parse(from)) / 86_400_000 + 1;
  if (!(days >= 1 && days <= MAX_DAILY_BALANCE_DAYS))
    throw new RangeError(`daily balances: ${from}..${through} is not 1–${MAX_DAILY_BALANCE_DAYS} days`);
  const result = await sql<{ account_id: string; day: string; balance: string }>`
    with days as (
      select generate_series(${from}::date, ${through}::date, interval '1 day')::date as day
    ), starting as (
      select a.id as account_id, a.created_at,
        a.opening_balance + coalesce((select sum(t.amount) from transactions t
          where t.account_id = a.id and t.deleted_at is null and t.date < ${from}::date), 0) as balance
      from accounts a
    ), daily as (
      select account_id, date, sum(amount) as total from transactions
      where deleted_at is null and date >= ${from}::date and date <= ${through}::date
      group by account_id, date
    )
    select s.account_id, to_char(d.day, 'YYYY-MM-DD') as day,
      (s.balance + sum(coalesce(daily.total, 0)) over (partition by s.account_id order by d.day))::bigint as balance
    from starting s cross join days d
    left join daily on daily.account_id = s.account_id and daily.date = d.day
    order by s.created_at, s.account_id, d.day`.execute(trx);
  return result.rows.map((r) => ({ accountId: r.account_id, date: r.day, balance: Number(r.balance) }));
}

/** Net flow per account and month (transfers included: they move balances) for dates in [from, before). */
export async function accountMonthlyFlows(
  trx: UserTransaction,
  from: string,
  before: string,
): Promise<{ accountId: string; month: string; total: number }[]> {
  const rows = await trx
    .selectFrom('transactions')
    .select([
      'account_id',
      sql<string>`to_char(date, 'YYYY-MM')`.as('month'),
      sql<number>`sum(amount)::bigint`.as('total'),
    ])
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
export async function recurringPayeeMonths(
  trx: UserTransaction,
  from: string,
  before: string,
  minMonths: number,
): Promise<PayeeMonth[]> {
  const result = await sql<{
    account_id: string;
    payee: string;
    month: string;
    count: number;
    total: number;
    day: number;
  }>`
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
  return result.rows.map((r) => ({
    accountId: r.account_id,
    payee: r.payee,
    month: r.month,
    count: Number(r.count),
    total: Number(r.total),
    day: Number(r.day),
  }));
}
