/**
 * What the product serves: a forecaster chosen by what the history can support.
 * - fewer than 3 months: no forecast, and the reason;
 * - mostly empty months (intermittent spending): SBA;
 * - 3–11 months: SES (a trend from under a year of data is mostly noise);
 * - 12 months or more: the mean of damped Holt and classic Theta, on the series and on its
 *   logarithms, all on the seasonally adjusted series, adjusted from 24 months on with shrunk
 *   classical indices (see seasonal-adjustment.ts), and of the ETS model chosen by AICc on the
 *   series itself (its own season, ets-state-space.ts). A series with zeros or negative months
 *   leaves the logarithmic members out.
 * The combination and the shrinkage were chosen by validation on the M3 dev sample, and kept because
 * they beat classic Theta on both halves of it (odd and even series ids) in sMAPE and MASE: see README.
 */
import { combineModels, onSeasonallyAdjusted } from './combine';
import { fitCroston, zeroShare } from './croston';
import { fitEtsFamily } from './ets-state-space';
import { fitHolt, fitSes, smoothingModel } from './exponential-smoothing';
import type { FittedModel } from './forecaster';
import { seasonallyAdjust } from './seasonal-adjustment';
import { fitClassicTheta } from './theta';

export const MIN_HISTORY_MONTHS = 3;
const INTERMITTENT_ZERO_SHARE = 0.4;

export type ForecasterChoice = { model: FittedModel; reason?: undefined } | { model: null; reason: string };

/**
 * A model fitted to the logarithms, its forecasts taken back with exp: growth that compounds.
 * Damped Holt on logs is a damped multiplicative trend (Taylor, 2003); Theta on logs extrapolates
 * half the series' average growth rate instead of half its average increase.
 */
function onLogarithms(
  name: string,
  fit: (values: readonly number[]) => FittedModel,
): (values: readonly number[]) => FittedModel {
  return (values) => {
    const model = fit(values.map(Math.log));
    return {
      name,
      forecast: (h) => model.forecast(h).map(Math.exp),
      forecastFrom: (origin, h) => model.forecastFrom(origin, h).map(Math.exp),
      // A variance of the logarithms is a variance of log ratios: relative.
      errorVariance: model.errorVariance ? (h) => model.errorVariance?.(h) ?? [] : undefined,
      relativeErrors: true,
    };
  };
}

export const fitLogDamped = onLogarithms('log-damped', (v) => smoothingModel('damped', fitHolt(v, true), v.length));
export const fitLogTheta = onLogarithms('log-theta', fitClassicTheta);

/**
 * The mean of damped Holt and classic Theta, and for a positive series of both again on the
 * logarithms, all on the series adjusted with shrunk seasonal indices.
 */
export function fitDampedTheta(values: readonly number[]): FittedModel {
  const adjustment = seasonallyAdjust(values, 12, true);
  const members = [
    onSeasonallyAdjusted(values, (v) => smoothingModel('damped', fitHolt(v, true), v.length), adjustment),
    onSeasonallyAdjusted(values, fitClassicTheta, adjustment),
  ];
  if (values.every((v) => v > 0)) {
    members.push(
      onSeasonallyAdjusted(values, fitLogDamped, adjustment),
      onSeasonallyAdjusted(values, fitLogTheta, adjustment),
    );
  }
  return combineModels(members.length > 2 ? 'damped-theta-log' : 'damped-theta', members);
}

/**
 * What is served from 12 months: the damped-Holt–Theta members above and, as one more equal member,
 * the AICc-chosen ETS model. Kept because it scores better than the combination without it on both
 * halves of the M3 dev sample (README: Forecasts).
 */
export function fitServedCombination(values: readonly number[]): FittedModel {
  const base = fitDampedTheta(values);
  const ets = fitEtsFamily(values);
  if (!ets) return base;
  const members = base.name === 'damped-theta-log' ? 4 : 2;
  // Equal weights for all members: the base is a mean of `members` models, so it counts that many times.
  return combineModels(`${base.name}-ets`, [...new Array<FittedModel>(members).fill(base), ets]);
}

export function chooseForecaster(values: readonly number[]): ForecasterChoice {
  const n = values.length;
  if (n < MIN_HISTORY_MONTHS)
    return { model: null, reason: `only ${n} complete month(s) of history; a forecast needs ${MIN_HISTORY_MONTHS}` };
  if (values.every((v) => v === 0))
    return { model: null, reason: 'nothing in this series in any month of the history' };
  if (n >= 6 && zeroShare(values) >= INTERMITTENT_ZERO_SHARE) return { model: fitCroston(values, 'sba') };
  if (n < 12) return { model: smoothingModel('ses', fitSes(values), n) };
  return { model: fitServedCombination(values) };
}
