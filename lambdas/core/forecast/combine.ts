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
export function combineModels(
  name: string,
  members: readonly FittedModel[],
  how: 'mean' | 'median' = 'mean',
): FittedModel {
  const merge = (forecasts: number[][]) => {
    const h = forecasts[0].length;
    const merged = new Array<number>(h);
    for (let k = 0; k < h; k += 1) {
      if (how === 'mean') {
        let sum = 0;
        for (const f of forecasts) sum += f[k];
        merged[k] = sum / forecasts.length;
      } else {
        merged[k] = median(forecasts.map((f) => f[k]));
      }
    }
    return merged;
  };
  // Model-based variance of a combination: the mean standard deviation of the members that have one,
  // preferring those on the relative (log) scale, where the intervals of a positive series are drawn.
  const relative = members.filter((m) => m.errorVariance && m.relativeErrors);
  const withVariance = relative.length > 0 ? relative : members.filter((m) => m.errorVariance && !m.relativeErrors);
  const errorVariance =
    withVariance.length === 0
      ? undefined
      : (h: number) => {
          const sd = new Array<number>(h).fill(0);
          for (const m of withVariance)
            (m.errorVariance?.(h) ?? []).forEach((v, k) => {
              sd[k] += Math.sqrt(v) / withVariance.length;
            });
          return sd.map((s) => s * s);
        };
  return {
    name,
    errorVariance,
    relativeErrors: relative.length > 0,
    forecast: (h) => merge(members.map((m) => m.forecast(h))),
    forecastFrom: (origin, h) => merge(members.map((m) => m.forecastFrom(origin, h))),
  };
}

/**
 * Fits `fit` to the seasonally adjusted series (M4's adjustment: tested at lag 12, classical
 * multiplicative) and puts the season back onto its forecasts.
 */
export function onSeasonallyAdjusted(
  values: readonly number[],
  fit: (adjusted: readonly number[]) => FittedModel,
  adjustment: SeasonalAdjustment = seasonallyAdjust(values),
): FittedModel {
  const base = fit(adjustment.adjusted);
  const reseason = (forecast: number[], origin: number) => {
    if (!adjustment.seasonal) return forecast;
    for (let k = 0; k < forecast.length; k += 1) forecast[k] *= adjustment.indexAt(origin + k);
    return forecast;
  };
  // A relative variance survives re-seasonalising unchanged; an absolute one scales with the index².
  const errorVariance =
    base.errorVariance &&
    ((h: number) => {
      const variances = base.errorVariance?.(h) ?? [];
      if (base.relativeErrors || !adjustment.seasonal) return variances;
      return variances.map((v, k) => v * adjustment.indexAt(values.length + k) ** 2);
    });
  return {
    name: base.name,
    errorVariance,
    relativeErrors: base.relativeErrors,
    forecast: (h) => reseason(base.forecast(h), values.length),
    forecastFrom: (origin, h) => reseason(base.forecastFrom(origin, h), origin),
  };
}
