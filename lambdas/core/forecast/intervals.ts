/**
 * Prediction intervals from the series' own rolling-origin errors. The fitted model forecasts from
 * every earlier origin of the history; the spread of those errors at each horizon, grown where the
 * history is too short to show it, gives the interval. Positive series use log ratios (errors grow
 * with the level, as they do for money and for M3's business series); others use plain differences.
 * In-sample errors understate out-of-sample ones (the parameters have seen the data), so the spread
 * is widened by a factor measured on the M3 dev sample (see README: `npm run eval:forecast`).
 */
import type { FittedModel } from './forecaster';

export interface ForecastPoint {
  expected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

const Z80 = 1.2815515655446004;
const Z95 = 1.959963984540054;
/** Fewest errors at a horizon from which its own spread is trusted; beyond, the spread grows like √k. */
const MIN_ERRORS_PER_HORIZON = 6;
/** Origins start after this many observations, so the first forecasts are not from a model with no history. */
const MIN_ORIGIN = 6;
/**
 * Widening of the in-sample spread at 80% and 95%. They differ because forecast errors have heavier
 * tails than a normal curve: the 95% bound needs relatively more room than the 80% one.
 */
export interface Widening {
  at80: number;
  at95: number;
}
export const DEFAULT_WIDENING: Widening = { at80: 1.1, at95: 1.2 };

/** Standard deviation of the k-step error for k = 1..h (index 0 is one step ahead). */
export function rollingOriginSpread(
  model: FittedModel,
  values: readonly number[],
  h: number,
  multiplicative: boolean,
): number[] {
  const n = values.length;
  // A forecast that touched zero would make a log ratio explode; 1% of the typical level is the floor.
  const floor = Math.max(1e-9, (0.01 * values.reduce((sum, v) => sum + Math.abs(v), 0)) / n);
  const sums = new Array<number>(h).fill(0);
  const counts = new Array<number>(h).fill(0);
  for (let origin = Math.min(MIN_ORIGIN, n - 1); origin < n; origin += 1) {
    const steps = Math.min(h, n - origin);
    const forecast = model.forecastFrom(origin, steps);
    for (let k = 0; k < steps; k += 1) {
      const actual = values[origin + k];
      const error = multiplicative
        ? Math.log(Math.max(actual, floor) / Math.max(forecast[k], floor))
        : actual - forecast[k];
      if (!Number.isFinite(error)) continue;
      sums[k] += error * error;
      counts[k] += 1;
    }
  }
  const spread: number[] = [];
  let lastTrusted = -1;
  for (let k = 0; k < h; k += 1) {
    if (counts[k] >= MIN_ERRORS_PER_HORIZON) {
      const own = Math.sqrt(sums[k] / counts[k]);
      // An interval never narrows as the horizon grows.
      spread.push(k > 0 ? Math.max(own, spread[k - 1]) : own);
      lastTrusted = k;
    } else if (lastTrusted >= 0) {
      spread.push(spread[lastTrusted] * Math.sqrt((k + 1) / (lastTrusted + 1)));
    } else {
      spread.push(Number.NaN);
    }
  }
  if (lastTrusted < 0) {
    // Too short to measure anything: the naive spread of month-to-month changes, grown like √k.
    let sum = 0;
    let count = 0;
    for (let t = 1; t < n; t += 1) {
      const change = multiplicative
        ? Math.log(Math.max(values[t], 1e-9) / Math.max(values[t - 1], 1e-9))
        : values[t] - values[t - 1];
      sum += change * change;
      count += 1;
    }
    const base = count > 0 ? Math.sqrt(sum / count) : 0;
    return spread.map((_, k) => base * Math.sqrt(k + 1));
  }
  return spread;
}

/**
 * Model-based intervals: from the fitted model's own k-step variance (ETS and Theta formulas, see
 * forecaster.ts), normal on the data's scale or on the log scale for relative errors. Null for a model
 * without one. Measured next to the empirical intervals by `npm run eval:forecast`; not served, because
 * on the M3 dev sample they cover less than promised (README: Forecasts).
 */
export function modelBasedIntervals(model: FittedModel, values: readonly number[], h: number): ForecastPoint[] | null {
  if (!model.errorVariance) return null;
  const variances = model.errorVariance(h);
  const nonNegative = values.every((v) => v >= 0);
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  return model.forecast(h).map((f, k) => {
    const s = Math.sqrt(Math.max(0, variances[k] ?? Number.NaN));
    const at = (z: number) =>
      model.relativeErrors && f > 0 ? [f * Math.exp(-z * s), f * Math.exp(z * s)] : [f - z * s, f + z * s];
    const [lower80, upper80] = at(Z80);
    const [lower95, upper95] = at(Z95);
    return { expected: f, lower80: floor(lower80), upper80, lower95: floor(lower95), upper95 };
  });
}

/** Point forecasts with 80% and 95% intervals. Non-negative histories get non-negative bounds. */
export function forecastWithIntervals(
  model: FittedModel,
  values: readonly number[],
  h: number,
  widening: Widening = DEFAULT_WIDENING,
): ForecastPoint[] {
  return forecastAndSpread(model, values, h, widening).points;
}

/** As forecastWithIntervals, also returning the per-horizon error spread the intervals came from (stored for audit). */
export function forecastAndSpread(
  model: FittedModel,
  values: readonly number[],
  h: number,
  widening: Widening = DEFAULT_WIDENING,
): { points: ForecastPoint[]; spread: number[]; multiplicative: boolean } {
  const multiplicative = values.every((v) => v > 0);
  const nonNegative = values.every((v) => v >= 0);
  const expected = model.forecast(h);
  const spread = rollingOriginSpread(model, values, h, multiplicative);
  const points = expected.map((f, k) => {
    const at = (z: number) => {
      const s = spread[k] * z;
      return multiplicative && f > 0 ? [f * Math.exp(-s), f * Math.exp(s)] : [f - s, f + s];
    };
    const [lower80, upper80] = at(Z80 * widening.at80);
    const [lower95, upper95] = at(Z95 * widening.at95);
    const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
    return { expected: f, lower80: floor(lower80), upper80, lower95: floor(lower95), upper95 };
  });
  return { points, spread, multiplicative };
}
