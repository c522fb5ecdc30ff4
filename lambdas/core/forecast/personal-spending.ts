/**
 * The forecaster served for a person's own spending series. A person changes habits abruptly (a
 * new flat, a cancelled gym), which M3-style models smooth away, and many categories are empty in
 * most months. Measured on the three labelled histories (`npm run eval:forecast -- --personal`),
 * next-month absolute error per category over the last 12 months:
 * - a category empty in at least 40% of its months: the median of its last 6 months (the typical
 *   month; what minimises absolute error when most months are zero);
 * - otherwise: the mean of the automatic forecaster and the mean of the last 3 months.
 * Both beat mean-of-last-3 and seasonal naive on all three histories; see README.
 */
import { chooseForecaster, type ForecasterChoice } from './choose-forecaster';
import { zeroShare } from './croston';
import type { FittedModel } from './forecaster';

const INTERMITTENT_ZERO_SHARE = 0.4;

function meanOf(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function medianOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function typicalMonth(values: readonly number[]): FittedModel {
  const from = (origin: number, h: number) =>
    new Array<number>(h).fill(medianOf(values.slice(Math.max(0, origin - 6), Math.max(origin, 1))));
  return { name: 'median-of-last-6', forecast: (h) => from(values.length, h), forecastFrom: from };
}

function withRecentMean(model: FittedModel, values: readonly number[]): FittedModel {
  const from = (origin: number, h: number) => {
    const recent = meanOf(values.slice(Math.max(0, origin - 3), Math.max(origin, 1)));
    return model.forecastFrom(origin, h).map((f) => (f + recent) / 2);
  };
  return { name: `${model.name}+mean-of-last-3`, forecast: (h) => from(values.length, h), forecastFrom: from };
}

export function choosePersonalForecaster(values: readonly number[]): ForecasterChoice {
  const choice = chooseForecaster(values);
  if (choice.model === null) return choice;
  if (zeroShare(values) >= INTERMITTENT_ZERO_SHARE) return { model: typicalMonth(values) };
  return { model: withRecentMean(choice.model, values) };
}
