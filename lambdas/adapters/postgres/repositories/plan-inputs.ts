import { sql } from 'kysely';
import type { AccountKind } from './accounts';
import { fromJson } from '../schema';
import type { UserTransaction } from '../user-scope';

/** One month and category of the person's money in one currency, transfers left out. */
export interface PlanCell {
  /** YYYY-MM */
  month: string;
  /** '' for uncategorised */
  category: string;
  spent: number;
  received: number;
  count: number;
}

/** An account in the chosen currency as the health score reads it. */
export interface PlanAccount {
  id: string;
  kind: AccountKind;
  openingBalance: number;
  /** what its transactions add up to until the end of the month asked for */
  movedToMonthEnd: number;
  /** what it gained or lost in each month read (YYYY-MM → minor units) */
  monthly: Map<string, number>;
}

/** A goal in the chosen currency with what it has: its linked account's balance, or the amount kept by hand. */
export interface PlanGoal {
  id: string;
  targetAmount: number;
  targetDate: string | null;
  /** YYYY-MM-DD (UTC) */
  createdDate: string;
  saved: number;
}

export interface PlanInputs {
  /** the currency asked for, else the person's busiest; null before their first transaction */
  currency: string | null;
  /** every currency the person has money in, busiest first */
  currencies: string[];
  /** the person's category names and their 50/30/20 group, where they set or own one */
  groupOverrides: Map<string, string>;
  /** `from`..`to` in the chosen currency */
  cells: PlanCell[];
  /** when asked for */
  accounts: PlanAccount[];
  /** when asked for */
  goals: PlanGoal[];
}

const firstDay = (month: string) => `${month}-01`;

/**
 * What the plans and the health score read of a person, in one statement: their busiest
 * currency (or the one named), their months `from`..`to` in it from the maintained
 * aggregates, their category groups and, when asked, their accounts in that currency with
 * balances at the end of `balancesTo` and monthly movements, and their goals in it with what
 * each has saved. Small: months × categories, plus a row per account and goal.
 */
export async function planInputs(
  trx: UserTransaction,
  window: { from: string; to: string; balancesTo: string },
  options: { currency?: string; accounts?: boolean; goals?: boolean } = {},
): Promise<PlanInputs> {
  const rows = await sql<{
    currency: string | null;
    currencies: unknown;
    groups: unknown;
    cells: unknown;
    accounts: unknown;
    goals: unknown;
  }>`
    with used as (
      select trim(currency) as currency, sum(count) as n from monthly_aggregates group by 1
    ), chosen as (
      select coalesce(${options.currency ?? null}::text, (select currency from used order by n desc, currency limit 1)) as currency
    )
    select
      (select currency from chosen) as currency,
      (select coalesce(json_agg(currency order by n desc, currency), '[]') from used) as currencies,
      (select coalesce(json_object_agg(name, "group"), '{}') from categories) as groups,
      (select coalesce(json_agg(json_build_array(month, category, spent, received, count)), '[]') from (
         select to_char(month, 'YYYY-MM') as month, category, sum(spent)::bigint as spent, sum(received)::bigint as received, sum(count)::bigint as count
           from monthly_aggregates
          where month between ${firstDay(window.from)}::date and ${firstDay(window.to)}::date and not transfer
            and currency = (select currency from chosen)
          group by 1, 2) c) as cells,
      ${
        options.accounts
          ? sql`(select coalesce(json_agg(json_build_array(a.id, a.kind, a.opening_balance,
                  (select coalesce(sum(m.received - m.spent), 0) from monthly_aggregates m
                    where m.account_id = a.id and m.month <= ${firstDay(window.balancesTo)}::date),
                  (select coalesce(json_object_agg(x.month, x.amount), '{}') from (
                     select to_char(m.month, 'YYYY-MM') as month, sum(m.received - m.spent) as amount from monthly_aggregates m
                      where m.account_id = a.id and m.month between ${firstDay(window.from)}::date and ${firstDay(window.to)}::date
                      group by 1) x)
                ) order by a.created_at, a.id), '[]')
                 from accounts a where trim(a.currency) = (select currency from chosen))`
          : sql`null`
      } as accounts,
      ${
        options.goals
          ? sql`(select coalesce(json_agg(json_build_array(g.id, g.target_amount, to_char(g.target_date, 'YYYY-MM-DD'),
                  to_char(g.created_at at time zone 'UTC', 'YYYY-MM-DD'),
                  case when a.id is null then g.current_saved
                       else a.opening_balance + coalesce((select sum(m.received - m.spent) from monthly_aggregates m where m.account_id = a.id), 0) end
                ) order by g.created_at, g.id), '[]')
                 from (select * from goals order by created_at, id limit 100) g left join accounts a on a.id = g.account_id
                where trim(g.currency) = (select currency from chosen))`
          : sql`null`
      } as goals`.execute(trx);
  const row = rows.rows[0];
  const json = <T>(value: unknown, empty: T): T => fromJson(value as T | string | null) ?? empty;
  return {
    currency: row.currency,
    currencies: json<string[]>(row.currencies, []),
    groupOverrides: new Map(Object.entries(json<Record<string, string>>(row.groups, {}))),
    cells: json<[string, string, number, number, number][]>(row.cells, []).map(
      ([month, category, spent, received, count]) => ({
        month,
        category,
        spent: Number(spent),
        received: Number(received),
        count: Number(count),
      }),
    ),
    accounts: json<[string, AccountKind, number, number, Record<string, number>][]>(row.accounts, []).map(
      ([id, kind, openingBalance, moved, monthly]) => ({
        id,
        kind,
        openingBalance: Number(openingBalance),
        movedToMonthEnd: Number(moved),
        monthly: new Map(Object.entries(monthly).map(([month, amount]) => [month, Number(amount)])),
      }),
    ),
    goals: json<[string, number, string | null, string, number][]>(row.goals, []).map(
      ([id, targetAmount, targetDate, createdDate, saved]) => ({
        id,
        targetAmount: Number(targetAmount),
        targetDate,
        createdDate,
        saved: Number(saved),
      }),
    ),
  };
}
