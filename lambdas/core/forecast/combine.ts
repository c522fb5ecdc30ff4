/**
 * Combinations. Averaging a few sound forecasts is the most reliable improvement the M3 and M4
 * competitions found: the errors of different models partly cancel.
 */
import type { FittedModel } from './forecaster';
import { seasonallyAdjust, type SeasonalAdjustment } from './seasonal-adjustment';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The point-wise mean (or median) of the members' forecasts. */
export function combineModels(name: string, members: readonly FittedModel[], how: 'mean' | 'median' = 'mean'): FittedModel {
  const merge = (forecasts: number[][]) => forecasts[0].map((_, k) => {
    const column = forecasts.map((f) => f[k]);
    return how === 'mean' ? column.reduce((sum, v) => sum + v, 0) / column.length : median(column);
  });
  return {
    name,
    forecast: (h) => merge(members.map((m) => m.forecast(h))),
    forecastFrom: (origin, h) => merge(members.map((m) => m.forecastFrom(origin, h))),
  };
}

/**
 * Fits `fit` to the seasonally adjusted series (M4's adjustment: tested at lag 12, classical
 * multiplicative) and puts the season back onto its forecasts.
 */
export function onSeasonallyAdjusted(values: readonly number[], fit: (adjusted: readonly number[]) => FittedModel,
  adjustment: SeasonalAdjustment = seasonallyAdjust(values)): FittedModel {
  const base = fit(adjustment.adjusted);
  const reseason = (forecast: number[], origin: number) => forecast.map((f, k) => f * adjustment.indexAt(origin + k));
  return {
    name: base.name,
    forecast: (h) => reseason(base.forecast(h), values.length),
    forecastFrom: (origin, h) => reseason(base.forecastFrom(origin, h), origin),
  };
}
