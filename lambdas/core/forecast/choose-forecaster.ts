/**
 * What the product serves: a forecaster chosen by what the history can support.
 * - fewer than 3 months: no forecast, and the reason;
 * - mostly empty months (intermittent spending): SBA;
 * - 3–11 months: SES (a trend from under a year of data is mostly noise);
 * - 12 months or more: the mean of damped Holt, classic Theta and damped Holt on the logarithms,
 *   on the seasonally adjusted series, adjusted from 24 months on with shrunk classical indices
 *   (see seasonal-adjustment.ts). A series with zeros or negative months leaves the logarithmic
 *   member out.
 * The combination and the shrinkage were chosen by validation on the M3 dev sample, and kept because
 * they beat classic Theta on both halves of it (odd and even series ids) in sMAPE and MASE: see README.
 */
import { combineModels, onSeasonallyAdjusted } from './combine';
import { fitCroston, zeroShare } from './croston';
import { fitHolt, fitSes, smoothingModel } from './exponential-smoothing';
import type { FittedModel } from './forecaster';
import { seasonallyAdjust } from './seasonal-adjustment';
import { fitClassicTheta } from './theta';

export const MIN_HISTORY_MONTHS = 3;
const INTERMITTENT_ZERO_SHARE = 0.4;

export type ForecasterChoice = { model: FittedModel; reason?: undefined } | { model: null; reason: string };

/**
 * Damped Holt fitted to the logarithms: a damped multiplicative trend (Taylor, 2003), growth that
 * compounds and then tires, where damped Holt's trend is a straight line that flattens.
 */
export function fitLogDamped(values: readonly number[]): FittedModel {
  const model = smoothingModel('log-damped', fitHolt(values.map(Math.log), true), values.length);
  return {
    name: model.name,
    forecast: (h) => model.forecast(h).map(Math.exp),
    forecastFrom: (origin, h) => model.forecastFrom(origin, h).map(Math.exp),
  };
}

/**
 * The mean of damped Holt, classic Theta and (for a positive series) damped Holt on the logarithms,
 * all on the series adjusted with shrunk seasonal indices.
 */
export function fitDampedTheta(values: readonly number[]): FittedModel {
  const adjustment = seasonallyAdjust(values, 12, true);
  const members = [
    onSeasonallyAdjusted(values, (v) => smoothingModel('damped', fitHolt(v, true), v.length), adjustment),
    onSeasonallyAdjusted(values, fitClassicTheta, adjustment),
  ];
  if (values.every((v) => v > 0)) members.push(onSeasonallyAdjusted(values, fitLogDamped, adjustment));
  return combineModels(members.length === 3 ? 'damped-theta-logdamped' : 'damped-theta', members);
}

export function chooseForecaster(values: readonly number[]): ForecasterChoice {
  const n = values.length;
  if (n < MIN_HISTORY_MONTHS) return { model: null, reason: `only ${n} complete month(s) of history; a forecast needs ${MIN_HISTORY_MONTHS}` };
  if (values.every((v) => v === 0)) return { model: null, reason: 'nothing in this series in any month of the history' };
  if (n >= 6 && zeroShare(values) >= INTERMITTENT_ZERO_SHARE) return { model: fitCroston(values, 'sba') };
  if (n < 12) return { model: smoothingModel('ses', fitSes(values), n) };
  return { model: fitDampedTheta(values) };
}
