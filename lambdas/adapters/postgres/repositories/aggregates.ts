import { sql } from 'kysely';
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
  const rows = await sql<{
    month: string;
    account_id: string;
    category: string;
    currency: string;
    spent: number;
    received: number;
    count: number;
  }>`
    select to_char(month, 'YYYY-MM') as month, ${account} as account_id, category, trim(currency) as currency,
           sum(spent)::bigint as spent, sum(received)::bigint as received, sum(count)::bigint as count
      from monthly_aggregates
     where month between ${firstDay(fromMonth)}::date and ${firstDay(toMonth)}::date and not transfer
       ${options.currency ? sql`and currency = ${options.currency}` : sql``}
     group by 1, 2, 3, 4
     order by 1, 2, 3, 4`.execute(trx);
  return rows.rows.map((r) => ({
    month: r.month,
    accountId: r.account_id,
    category: r.category,
    currency: r.currency,
    transfer: false,
    spent: Number(r.spent),
    received: Number(r.received),
    count: Number(r.count),
  }));
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
  const rows = await sql<{
    month: string;
    account_id: string;
    category: string;
    currency: string;
    transfer: boolean;
    spent: number;
    received: number;
    count: number;
  }>`
    select to_char(date_trunc('month', t.date), 'YYYY-MM') as month, t.account_id, p.category, trim(t.currency) as currency,
           t.transfer_id is not null as transfer, sum(greatest(-p.amount, 0))::bigint as spent, sum(greatest(p.amount, 0))::bigint as received,
           count(*)::bigint as count
      from transactions t cross join lateral transaction_parts(t.category, t.amount, t.splits, t.deleted_at) p
     group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(trx);
  return rows.rows.map((r) => ({
    month: r.month,
    accountId: r.account_id,
    category: r.category,
    currency: r.currency,
    transfer: r.transfer,
    spent: Number(r.spent),
    received: Number(r.received),
    count: Number(r.count),
  }));
}

/** The stored aggregates in the same shape and order as `recomputedAggregates`. */
export async function storedAggregates(trx: UserTransaction): Promise<AggregateRow[]> {
  const rows = await sql<{
    month: string;
    account_id: string;
    category: string;
    currency: string;
    transfer: boolean;
    spent: number;
    received: number;
    count: number;
  }>`
    select to_char(month, 'YYYY-MM') as month, account_id, category, trim(currency) as currency, transfer,
           spent, received, count::bigint as count
      from monthly_aggregates order by 1, 2, 3, 4, 5`.execute(trx);
  return rows.rows.map((r) => ({
    month: r.month,
    accountId: r.account_id,
    category: r.category,
    currency: r.currency,
    transfer: r.transfer,
    spent: Number(r.spent),
    received: Number(r.received),
    count: Number(r.count),
  }));
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
  const rows = await sql<{
    month: string;
    merchant: string;
    category: string;
    currency: string;
    spent: number;
    received: number;
    count: number;
  }>`
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
  return rows.rows.map((r) => ({ ...r, spent: Number(r.spent), received: Number(r.received), count: Number(r.count) }));
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
