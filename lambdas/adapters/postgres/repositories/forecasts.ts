/**
 * What the forecasts read and write. Every read is an aggregate bounded by months × categories
 * (or accounts × payees), never a person's rows: the Data API answers at most 1 MiB per query.
 */
import { sql } from 'kysely';
import type { MonthCategoryTotal } from '../../../core/forecast/ledger-series';
import type { SeriesForecast } from '../../../core/forecast/forecast-person';
import { fromJson, jsonb, toIsoTimestamp } from '../schema';
import type { UserTransaction } from '../user-scope';

/** The category name that always means a transfer, even for a person whose categories table lacks it. */
const TRANSFERS = 'Transfers';

/**
 * Money out and in per month, currency and category, transfers left out, for the months in
 * [fromMonth, beforeMonth) (YYYY-MM). Read from the maintained aggregates (migration 200), never
 * from the person's rows: the same gross money out and in that every other figure reads, a split
 * transaction's parts each under its own category, tombstones left out. A transfer is a row
 * linked as one side of a transfer, or one filed under a category of the transfer group.
 */
export async function monthlyCategoryTotals(
  trx: UserTransaction,
  fromMonth: string,
  beforeMonth: string,
): Promise<MonthCategoryTotal[]> {
  const rows = await trx
    .selectFrom('monthly_aggregates')
    .select([
      sql<string>`to_char(month, 'YYYY-MM')`.as('month'),
      sql<string>`trim(currency)`.as('currency'),
      'category',
      sql<number>`sum(spent)::bigint`.as('outflow'),
      sql<number>`sum(received)::bigint`.as('inflow'),
    ])
    .where('transfer', '=', false)
    .where('month', '>=', `${fromMonth}-01`)
    .where('month', '<', `${beforeMonth}-01`)
    .where('category', '!=', TRANSFERS)
    .where('category', 'not in', (eb) => eb.selectFrom('categories').select('name').where('group', '=', 'transfer'))
    .groupBy([sql`to_char(month, 'YYYY-MM')`, sql`trim(currency)`, 'category'])
    .execute();
  return rows.map((r) => ({
    month: r.month,
    currency: r.currency,
    // The aggregates key the uncategorised by ''.
    category: r.category === '' ? null : r.category,
    outflow: Number(r.outflow),
    inflow: Number(r.inflow),
  }));
}

/** The person's categories and their 50/30/20 groups. */
export async function categoryGroups(trx: UserTransaction): Promise<Map<string, string>> {
  const rows = await trx.selectFrom('categories').select(['name', 'group']).execute();
  return new Map(rows.map((r) => [r.name, r.group]));
}

/**
 * When the person's ledger last changed (a new, edited or deleted transaction), or null when it never
 * had any: one row, the stamp the transactions' triggers keep (migration 1002), however long the history.
 */
export async function ledgerChangedAt(trx: UserTransaction, userId: string): Promise<string | null> {
  const row = await trx.selectFrom('users').select('ledger_changed_at').where('id', '=', userId).executeTakeFirst();
  return toIsoTimestamp(row?.ledger_changed_at ?? null);
}

export interface ForecastState {
  computedAt: string;
  asOfMonth: string | null;
}

export async function readForecastState(trx: UserTransaction): Promise<ForecastState | null> {
  const row = await trx.selectFrom('forecasts').select(['computed_at', 'as_of_month']).executeTakeFirst();
  return row ? { computedAt: toIsoTimestamp(row.computed_at) as string, asOfMonth: row.as_of_month } : null;
}

/** Rows per insert: each carries 24 points and 24 months of history, a few kB. */
const INSERT_BATCH = 100;

/** Replaces the person's stored forecasts with these, and records when and up to which month they were made. */
export async function storeForecasts(
  trx: UserTransaction,
  userId: string,
  asOfMonth: string,
  forecasts: readonly SeriesForecast[],
  computedAt = new Date(),
): Promise<void> {
  // The import's refit and a refit on read can race for one person: the second waits for the first
  // to commit, then replaces its rows, instead of colliding with them on the primary key.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`forecast:${userId}`}, 0))`.execute(trx);
  await trx.deleteFrom('forecast_series').where('user_id', '=', userId).execute();
  for (let start = 0; start < forecasts.length; start += INSERT_BATCH) {
    await trx
      .insertInto('forecast_series')
      .values(
        forecasts.slice(start, start + INSERT_BATCH).map((f) => ({
          user_id: userId,
          currency: f.currency,
          series_key: f.key,
          computed_at: computedAt,
          as_of_month: asOfMonth,
          model: f.model,
          reason: f.reason,
          history_months: f.historyMonths,
          history: jsonb(f.history),
          points: jsonb(f.points),
          spread: jsonb(f.spread),
        })),
      )
      .execute();
  }
  const models = [...new Set(forecasts.map((f) => f.model).filter((m): m is string => m !== null))].sort();
  const months = Math.max(0, ...forecasts.map((f) => f.historyMonths));
  const result = { series: forecasts.length, withForecast: forecasts.filter((f) => f.model !== null).length, models };
  const model = models.join(',') || 'none';
  await trx
    .insertInto('forecasts')
    .values({ user_id: userId, computed_at: computedAt, months, model, result: jsonb(result), as_of_month: asOfMonth })
    .onConflict((c) =>
      c
        .column('user_id')
        .doUpdateSet({ computed_at: computedAt, months, model, result: jsonb(result), as_of_month: asOfMonth }),
    )
    .execute();
}

/** The currencies the person has stored forecasts in. */
export async function forecastCurrencies(trx: UserTransaction): Promise<string[]> {
  const rows = await trx.selectFrom('forecast_series').select('currency').distinct().orderBy('currency').execute();
  return rows.map((r) => r.currency.trim());
}

export async function readSeriesForecast(
  trx: UserTransaction,
  currency: string,
  key: string,
): Promise<SeriesForecast | null> {
  const row = await trx
    .selectFrom('forecast_series')
    .selectAll()
    .where('currency', '=', currency)
    .where('series_key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  return {
    currency: row.currency.trim(),
    key: row.series_key,
    model: row.model,
    reason: row.reason,
    historyMonths: row.history_months,
    history: fromJson(row.history) ?? [],
    points: fromJson(row.points) ?? [],
    spread: fromJson(row.spread) ?? [],
  };
}
