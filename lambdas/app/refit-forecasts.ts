/**
 * Refits one person's forecasts from their ledger and stores them: after each import (the forecast
 * Lambda), nightly for everyone (`npm run job:forecast`), and on read when the stored ones are stale.
 */
import {
  categoryGroups,
  ledgerChangedAt,
  monthlyCategoryTotals,
  readForecastState,
  storeForecasts,
} from '../adapters/postgres/repositories/forecasts';
import type { UserTransaction } from '../adapters/postgres/user-scope';
import { DEFAULT_CATEGORIES } from '../core/categorise/taxonomy';
import { addMonths } from '../core/forecast/calendar-months';
import { forecastPerson } from '../core/forecast/forecast-person';

/** Months of history read: five years is plenty for a seasonal model and keeps the aggregate small. */
export const HISTORY_WINDOW_MONTHS = 60;

const DEFAULT_GROUPS = new Map<string, string>(DEFAULT_CATEGORIES.map((c) => [c.name, c.group]));

export function monthOfDate(today: Date): string {
  return today.toISOString().slice(0, 7);
}

export async function refitForecasts(
  trx: UserTransaction,
  userId: string,
  today = new Date(),
): Promise<{ series: number; withForecast: number; months: number }> {
  const currentMonth = monthOfDate(today);
  const totals = await monthlyCategoryTotals(trx, addMonths(currentMonth, -HISTORY_WINDOW_MONTHS), currentMonth);
  const groups = await categoryGroups(trx);
  const groupOf = (category: string) => groups.get(category) ?? DEFAULT_GROUPS.get(category) ?? 'uncategorised';
  const forecasts = forecastPerson(totals, currentMonth, groupOf);
  await storeForecasts(trx, userId, currentMonth, forecasts, today);
  return {
    series: forecasts.length,
    withForecast: forecasts.filter((f) => f.model !== null).length,
    months: Math.max(0, ...forecasts.map((f) => f.historyMonths)),
  };
}

/** Stale: never made, made in an earlier month, or older than the last change to the ledger. */
export async function forecastsAreStale(trx: UserTransaction, userId: string, today = new Date()): Promise<boolean> {
  const state = await readForecastState(trx);
  if (state === null || state.asOfMonth !== monthOfDate(today)) return true;
  const changed = await ledgerChangedAt(trx, userId);
  return changed !== null && Date.parse(changed) > Date.parse(state.computedAt);
}

/** Refits only when stale; returns whether it did. */
export async function refitIfStale(trx: UserTransaction, userId: string, today = new Date()): Promise<boolean> {
  if (!(await forecastsAreStale(trx, userId, today))) return false;
  await refitForecasts(trx, userId, today);
  return true;
}
