/**
 * Everything forecast for one person: every monthly series of every currency, fitted with the
 * personal forecaster, with intervals, in integer minor units. Pure: the caller reads the ledger
 * aggregates and stores what comes back.
 */
import { addMonths } from './calendar-months';
import { forecastAndSpread } from './intervals';
import { ledgerSeries, type MonthCategoryTotal } from './ledger-series';
import { choosePersonalForecaster } from './personal-spending';

/** Months forecast and stored; GET /forecast serves up to this many. */
export const STORED_HORIZON = 24;
/** History shown next to a forecast. */
const HISTORY_SHOWN = 24;

export interface StoredPoint {
  month: string;
  expected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface SeriesForecast {
  currency: string;
  /** `spending`, `income`, `net`, `group:<needs|wants|savings|income>` or `category:<name>`. */
  key: string;
  model: string | null;
  /** Why there is no forecast, when there is none. */
  reason: string | null;
  historyMonths: number;
  history: { month: string; amount: number }[];
  points: StoredPoint[];
  spread: number[];
}

export function seriesKeyFor(selection: {
  category?: string;
  group?: string;
  kind?: 'spending' | 'income' | 'net';
}): string {
  if (selection.category !== undefined) return `category:${selection.category}`;
  if (selection.group !== undefined) return `group:${selection.group}`;
  return selection.kind ?? 'spending';
}

export function forecastOneSeries(
  currency: string,
  key: string,
  months: readonly string[],
  values: readonly number[],
): SeriesForecast {
  const history = months.map((month, i) => ({ month, amount: values[i] })).slice(-HISTORY_SHOWN);
  const base = { currency, key, historyMonths: values.length, history };
  const choice = choosePersonalForecaster(values);
  if (choice.model === null) return { ...base, model: null, reason: choice.reason, points: [], spread: [] };
  const { points, spread } = forecastAndSpread(choice.model, values, STORED_HORIZON);
  const last = months[months.length - 1];
  return {
    ...base,
    model: choice.model.name,
    reason: null,
    points: points.map((p, k) => ({
      month: addMonths(last, k + 1),
      expected: Math.round(p.expected),
      lower80: Math.round(p.lower80),
      upper80: Math.round(p.upper80),
      lower95: Math.round(p.lower95),
      upper95: Math.round(p.upper95),
    })),
    spread: spread.map((s) => Number(s.toFixed(6))),
  };
}

/**
 * A category (or group) exists from its first month with money in it: the zeros before that are
 * not months without spending, and counting them would hide that its history is short.
 */
export function fromFirstUse(
  months: readonly string[],
  values: readonly number[],
): { months: string[]; values: number[] } {
  const first = values.findIndex((v) => v !== 0);
  return first < 0 ? { months: [], values: [] } : { months: months.slice(first), values: values.slice(first) };
}

/** Every series of every currency. `currentMonth` is today's month, which is never complete. */
export function forecastPerson(
  totals: readonly MonthCategoryTotal[],
  currentMonth: string,
  groupOf: (category: string) => string,
): SeriesForecast[] {
  const forecasts: SeriesForecast[] = [];
  for (const series of ledgerSeries(totals, currentMonth, groupOf)) {
    const one = (key: string, values: readonly number[]) =>
      forecasts.push(forecastOneSeries(series.currency, key, series.months, values));
    one('spending', series.spending);
    one('income', series.income);
    one('net', series.net);
    const used = (key: string, all: readonly number[]) => {
      const { months, values } = fromFirstUse(series.months, all);
      forecasts.push(forecastOneSeries(series.currency, key, months, values));
    };
    for (const [group, values] of series.byGroup) used(`group:${group}`, values);
    for (const [category, values] of series.byCategory) used(`category:${category}`, values);
  }
  return forecasts;
}
