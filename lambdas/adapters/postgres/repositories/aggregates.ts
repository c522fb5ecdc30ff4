import { sql, type RawBuilder } from 'kysely';
import { shiftMonth } from '../../../core/summary/months';
import { summaryPeriods, summaryWindow, type PeriodSums } from '../../../core/summary/summarise';
import { fromJson } from '../schema';
import type { UserTransaction } from '../user-scope';

/**
 * Reads of the maintained monthly aggregates (migration 200): every figure of balances, net
 * worth, summaries, trends, budgets and the health score comes from here, bounded by months,
 * never from a scan of a person's transactions.
 */
export interface AggregateRow {
  /** YYYY-MM */
  month: string;
  accountId: string;
  /** '' for uncategorised */
  category: string;
  currency: string;
  transfer: boolean;
  spent: number;
  received: number;
  count: number;
}

const firstDay = (month: string) => `${month}-01`;

/** Sums as read: postgres.js answers a bigint as text. */
interface RawSums {
  spent: number | string;
  received: number | string;
  count: number | string;
}

/** The sums of a row as numbers (minor units and counts stay far below 2^53). */
function sumsOf<T extends RawSums>(
  row: T,
): Omit<T, keyof RawSums> & { spent: number; received: number; count: number } {
  return { ...row, spent: Number(row.spent), received: Number(row.received), count: Number(row.count) };
}

/** Rows of aggregates as read from `monthly_aggregates` or recomputed from the transactions. */
async function readAggregateRows(
  trx: UserTransaction,
  query: RawBuilder<
    RawSums & { month: string; account_id: string; category: string; currency: string; transfer: boolean }
  >,
): Promise<AggregateRow[]> {
  const rows = await query.execute(trx);
  return rows.rows.map(({ account_id, ...row }) => sumsOf({ ...row, accountId: account_id }));
}

/**
 * The person's aggregates from `fromMonth` to `toMonth` (YYYY-MM, inclusive), transfers
 * between their own accounts left out; per account only when asked (a few thousand rows at
 * most: months × categories × currencies).
 */
export async function spendingAggregates(
  trx: UserTransaction,
  fromMonth: string,
  toMonth: string,
  options: { byAccount?: boolean; currency?: string } = {},
): Promise<AggregateRow[]> {
  const account = options.byAccount ? sql`account_id::text` : sql`''`;
  return readAggregateRows(
    trx,
    sql`
    select to_char(month, 'YYYY-MM') as month, ${account} as account_id, category, trim(currency) as currency, false as transfer,
           sum(spent)::bigint as spent, sum(received)::bigint as received, sum(count)::bigint as count
      from monthly_aggregates
     where month between ${firstDay(fromMonth)}::date and ${firstDay(toMonth)}::date and not transfer
       ${options.currency ? sql`and currency = ${options.currency}` : sql``}
     group by 1, 2, 3, 4
     order by 1, 2, 3, 4`,
  );
}

/** The first and last month the person has any transaction in, per currency. */
export async function aggregateSpan(
  trx: UserTransaction,
): Promise<{ currency: string; first: string; last: string }[]> {
  const rows = await sql<{ currency: string; first: string; last: string }>`
    select trim(currency) as currency, to_char(min(month), 'YYYY-MM') as first, to_char(max(month), 'YYYY-MM') as last
      from monthly_aggregates group by 1 order by 1`.execute(trx);
  return rows.rows;
}

/** The person's category names and their 50/30/20 group, where they set or own one. */
export async function categoryGroupOverrides(trx: UserTransaction): Promise<Map<string, string>> {
  const rows = await trx.selectFrom('categories').select(['name', 'group']).execute();
  return new Map(rows.map((r) => [r.name, r.group]));
}

/**
 * The aggregates as a full recomputation from the transactions would make them: what the
 * property test and `bench:api`'s reference compare against. Scans the person's history:
 * never on a request path.
 */
export async function recomputedAggregates(trx: UserTransaction): Promise<AggregateRow[]> {
  return readAggregateRows(
    trx,
    sql`
    select to_char(date_trunc('month', t.date), 'YYYY-MM') as month, t.account_id, p.category, trim(t.currency) as currency,
           t.transfer_id is not null as transfer, sum(greatest(-p.amount, 0))::bigint as spent, sum(greatest(p.amount, 0))::bigint as received,
           count(*)::bigint as count
      from transactions t cross join lateral transaction_parts(t.category, t.amount, t.splits, t.deleted_at) p
     group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
  );
}

/** The stored aggregates in the same shape and order as `recomputedAggregates`. */
export async function storedAggregates(trx: UserTransaction): Promise<AggregateRow[]> {
  return readAggregateRows(
    trx,
    sql`
    select to_char(month, 'YYYY-MM') as month, account_id, category, trim(currency) as currency, transfer,
           spent, received, count::bigint as count
      from monthly_aggregates order by 1, 2, 3, 4, 5`,
  );
}

/**
 * Spending by merchant (or, without one, the description) and month: merchants are not an
 * aggregate key, so this reads the transactions of the months asked, aggregated in SQL and
 * limited to the `limit` merchants with the most money out, split parts by their category.
 */
export async function merchantMonthlyTotals(
  trx: UserTransaction,
  fromMonth: string,
  toMonth: string,
  limit: number,
): Promise<
  {
    month: string;
    merchant: string;
    category: string;
    currency: string;
    spent: number;
    received: number;
    count: number;
  }[]
> {
  const rows = await sql<RawSums & { month: string; merchant: string; category: string; currency: string }>`
    with parts as (
      select to_char(t.date, 'YYYY-MM') as month, coalesce(t.merchant, t.description) as merchant, p.category, trim(t.currency) as currency, p.amount
        from transactions t cross join lateral transaction_parts(t.category, t.amount, t.splits, t.deleted_at) p
       where t.user_id = current_setting('app.user_id')::uuid and t.deleted_at is null and t.transfer_id is null
         and t.date >= ${firstDay(fromMonth)}::date and t.date < (${firstDay(toMonth)}::date + interval '1 month')
    ), top as (
      select merchant from parts group by merchant order by sum(greatest(-amount, 0)) desc, merchant limit ${limit}
    )
    select month, merchant, category, currency, sum(greatest(-amount, 0))::bigint as spent, sum(greatest(amount, 0))::bigint as received, count(*)::bigint as count
      from parts where merchant in (select merchant from top) group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(trx);
  return rows.rows.map(sumsOf);
}

/** Every category the person has money in, and their currencies, busiest first. */
export async function usedCategoriesAndCurrencies(
  trx: UserTransaction,
): Promise<{ categories: string[]; currencies: string[] }> {
  const categories = await sql<{
    category: string;
  }>`select distinct category from monthly_aggregates where category <> ''`.execute(trx);
  const currencies = await sql<{
    currency: string;
  }>`select trim(currency) as currency from monthly_aggregates group by 1 order by sum(count) desc, 1`.execute(trx);
  return { categories: categories.rows.map((r) => r.category), currencies: currencies.rows.map((r) => r.currency) };
}

/** Each account's sum of transactions (in minus out, transfers included), from the aggregates. */
export async function accountSums(trx: UserTransaction, accountIds: readonly string[]): Promise<Map<string, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await sql<{ account_id: string; total: number }>`
    select account_id, sum(received - spent)::bigint as total from monthly_aggregates where account_id in (${sql.join([...accountIds])}) group by 1`.execute(
    trx,
  );
  return new Map(rows.rows.map((r) => [r.account_id, Number(r.total)]));
}

/** The person's busiest currency (most transactions), or null before their first. */
export async function busiestCurrency(trx: UserTransaction): Promise<string | null> {
  const rows = await sql<{
    currency: string;
  }>`select trim(currency) as currency from monthly_aggregates group by 1 order by sum(count) desc, 1 limit 1`.execute(
    trx,
  );
  return rows.rows[0]?.currency ?? null;
}

/** What `GET /summary` reads, in one statement. */
export interface SummaryTotals {
  /**
   * Per currency of the sums, where the person's history starts as far as the averages can
   * tell: 12 months before `from` when there is any transaction (transfers too) then or
   * earlier, else 3 months before when there is one then, else `from` (what `summariseSums`
   * reads of a first month, found without reading the whole history).
   */
  historyStarts: Map<string, string>;
  /** false when a currency was asked for and the person has no money in it */
  currencyKnown: boolean;
  /** the person's category names and their 50/30/20 group, where they set or own one */
  groupOverrides: Map<string, string>;
  /** the period sums `summariseSums` reads */
  sums: PeriodSums[];
  /** account id → name, when grouped by account */
  accountNames: Map<string, string>;
}

/**
 * Everything a summary of `from`..`to` needs from the aggregates, added up in SQL in one
 * statement: each key and category over the period, the one before it and the 3 and 12
 * months before it, and each month of the period, transfers left out (grouped by account or
 * not; in one currency or all), beside the person's first month per currency and their
 * category groups. A few hundred small rows, however long the history.
 */
export async function summaryTotals(
  trx: UserTransaction,
  from: string,
  to: string,
  options: { byAccount?: boolean; currency?: string } = {},
): Promise<SummaryTotals> {
  const periods = summaryPeriods(from, to);
  const first = summaryWindow(from, to).first;
  // the key: an account, or a category (a group is a category's, worked out by the caller)
  const key = options.byAccount ? sql`account_id::text` : sql`category`;
  const [average3, average12] = [shiftMonth(from, -3), shiftMonth(from, -12)];
  const rows = await sql<{
    sums: unknown;
    history_starts: unknown;
    currency_known: boolean;
    groups: unknown;
    account_names: unknown;
  }>`
    with cells as (
      select month, ${key} as key, category, trim(currency) as currency,
             sum(spent)::bigint as spent, sum(received)::bigint as received, sum(count)::bigint as count
        from monthly_aggregates
       where month between ${firstDay(first)}::date and ${firstDay(to)}::date and not transfer
         ${options.currency ? sql`and currency = ${options.currency}` : sql``}
       group by 1, 2, 3, 4
    ), periods (period, first_month, last_month) as (
      values ${sql.join(periods.map((p) => sql`(${p.period}::text, ${firstDay(p.from)}::date, ${firstDay(p.to)}::date)`))}
    ), sums as (
      select p.period, c.key, c.category, c.currency, sum(c.spent) as spent, sum(c.received) as received,
             coalesce(sum(c.count) filter (where c.spent <> c.received), 0) as count_net,
             coalesce(sum(c.count) filter (where c.spent <> 0 or c.received <> 0), 0) as count_any
        from cells c join periods p on c.month between p.first_month and p.last_month
       group by 1, 2, 3, 4
      union all
      select to_char(c.month, 'YYYY-MM'), '', c.category, c.currency, sum(c.spent), sum(c.received), 0, 0
        from cells c where c.month >= ${firstDay(from)}::date
       group by c.month, c.category, c.currency
    )
    select
      (select coalesce(json_agg(json_build_array(period, key, category, currency, spent, received, count_net, count_any)), '[]') from sums) as sums,
      (select coalesce(json_object_agg(c.currency, case
                when exists (select 1 from monthly_aggregates m where m.month <= ${firstDay(average12)}::date and m.currency = c.currency) then ${average12}::text
                when exists (select 1 from monthly_aggregates m where m.month <= ${firstDay(average3)}::date and m.currency = c.currency) then ${average3}::text
                else ${from}::text end), '{}')
         from (select distinct currency from cells) c) as history_starts,
      ${options.currency ? sql`exists (select 1 from monthly_aggregates where currency = ${options.currency})` : sql`true`} as currency_known,
      (select coalesce(json_object_agg(name, "group"), '{}') from categories) as groups,
      ${options.byAccount ? sql`(select coalesce(json_object_agg(id, name), '{}') from accounts)` : sql`null`} as account_names`.execute(
    trx,
  );
  const row = rows.rows[0];
  const sums = fromJson(row.sums as string | [string, string, string, string, number, number, number, number][]) ?? [];
  const record = (value: unknown) => new Map(Object.entries(fromJson(value as string | Record<string, string>) ?? {}));
  return {
    historyStarts: record(row.history_starts),
    currencyKnown: row.currency_known,
    groupOverrides: record(row.groups),
    accountNames: record(row.account_names),
    sums: sums.map(([period, key, category, currency, spent, received, countNet, countAny]) => ({
      period,
      key,
      category,
      currency,
      spent: Number(spent),
      received: Number(received),
      countNet: Number(countNet),
      countAny: Number(countAny),
    })),
  };
}
