/**
 * What the product serves: a forecaster chosen by what the history can support.
 * - fewer than 3 months: no forecast, and the reason;
 * - mostly empty months (intermittent spending): SBA;
 * - 3–11 months: SES (a trend from under a year of data is mostly noise);
 * - 12 months or more: the mean of damped Holt and classic Theta on the seasonally adjusted series,
 *   adjusted from 24 months on with shrunk classical indices (see seasonal-adjustment.ts).
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

/** Mean of damped Holt and classic Theta, both on the series adjusted with shrunk seasonal indices. */
export function fitDampedTheta(values: readonly number[]): FittedModel {
  const adjustment = seasonallyAdjust(values, 12, true);
  const damped = onSeasonallyAdjusted(values, (v) => smoothingModel('damped', fitHolt(v, true), v.length), adjustment);
  const theta = onSeasonallyAdjusted(values, fitClassicTheta, adjustment);
  return combineModels('damped-theta', [damped, theta]);
}

export function chooseForecaster(values: readonly number[]): ForecasterChoice {
  const n = values.length;
  if (n < MIN_HISTORY_MONTHS) return { model: null, reason: `only ${n} complete month(s) of history; a forecast needs ${MIN_HISTORY_MONTHS}` };
  if (values.every((v) => v === 0)) return { model: null, reason: 'nothing in this series in any month of the history' };
  if (n >= 6 && zeroShare(values) >= INTERMITTENT_ZERO_SHARE) return { model: fitCroston(values, 'sba') };
  if (n < 12) return { model: smoothingModel('ses', fitSes(values), n) };
  return { model: fitDampedTheta(values) };
}
