/**
 * Additive exponential smoothing without a season: SES, Holt's linear trend and damped Holt.
 * The recursion is linear in the initial level and trend, so for given smoothing parameters the
 * initial states that minimise the squared one-step errors are solved exactly (least squares);
 * only the 1–3 smoothing parameters are searched. This is what makes fitting thousands of series
 * a second cheap.
 */
import type { FittedModel } from './forecaster';
import { minimiseOnInterval, nelderMead } from './minimise';

export interface SmoothingParameters {
  alpha: number;
  /** Trend smoothing on the error scale (β·α in Hyndman's notation); 0 when there is no trend. */
  beta: number;
  /** Damping; 1 for an undamped trend. */
  phi: number;
  trend: boolean;
}

export interface SmoothingFit {
  parameters: SmoothingParameters;
  level0: number;
  trend0: number;
  sse: number;
  /** Level and trend after each observation: index t holds the states after the first t values. */
  levels: Float64Array;
  trends: Float64Array;
}

function runFilter(values: readonly number[], p: SmoothingParameters, level0: number, trend0: number, errors?: Float64Array,
  levels?: Float64Array, trends?: Float64Array): number {
  let level = level0;
  let trend = trend0;
  let sse = 0;
  if (levels) levels[0] = level;
  if (trends) trends[0] = trend;
  for (let t = 0; t < values.length; t += 1) {
    const expected = level + p.phi * trend;
    const error = values[t] - expected;
    sse += error * error;
    if (errors) errors[t] = error;
    level = expected + p.alpha * error;
    trend = p.phi * trend + p.beta * error;
    if (levels) levels[t + 1] = level;
    if (trends) trends[t + 1] = trend;
  }
  return sse;
}

/** The initial level (and trend) that minimise the one-step squared errors for these parameters. */
function bestInitialStates(values: readonly number[], p: SmoothingParameters): { level0: number; trend0: number; sse: number } {
  const n = values.length;
  const base = new Float64Array(n);
  const levelUnit = new Float64Array(n);
  const zeros = new Array<number>(n).fill(0);
  runFilter(values, p, 0, 0, base);
  runFilter(zeros, p, 1, 0, levelUnit);
  // errors(l0, b0) = base + l0·levelUnit + b0·trendUnit; minimise the sum of squares.
  let ll = 0;
  let lb = 0;
  let bb = 0;
  let lBase = 0;
  let bBase = 0;
  if (!p.trend) {
    for (let t = 0; t < n; t += 1) {
      ll += levelUnit[t] * levelUnit[t];
      lBase += levelUnit[t] * base[t];
    }
    const level0 = ll > 0 ? -lBase / ll : values[0];
    return { level0, trend0: 0, sse: runFilter(values, p, level0, 0) };
  }
  const trendUnit = new Float64Array(n);
  runFilter(zeros, p, 0, 1, trendUnit);
  for (let t = 0; t < n; t += 1) {
    ll += levelUnit[t] * levelUnit[t];
    lb += levelUnit[t] * trendUnit[t];
    bb += trendUnit[t] * trendUnit[t];
    lBase += levelUnit[t] * base[t];
    bBase += trendUnit[t] * base[t];
  }
  const determinant = ll * bb - lb * lb;
  if (Math.abs(determinant) < 1e-12 * (ll * bb + 1e-300)) {
    const level0 = ll > 0 ? -lBase / ll : values[0];
    return { level0, trend0: 0, sse: runFilter(values, p, level0, 0) };
  }
  const level0 = (-lBase * bb + bBase * lb) / determinant;
  const trend0 = (-bBase * ll + lBase * lb) / determinant;
  return { level0, trend0, sse: runFilter(values, p, level0, trend0) };
}

function finish(values: readonly number[], parameters: SmoothingParameters): SmoothingFit {
  const { level0, trend0, sse } = bestInitialStates(values, parameters);
  const levels = new Float64Array(values.length + 1);
  const trends = new Float64Array(values.length + 1);
  runFilter(values, parameters, level0, trend0, undefined, levels, trends);
  return { parameters, level0, trend0, sse, levels, trends };
}

const MIN_ALPHA = 1e-4;
const MAX_ALPHA = 0.9999;

export function fitSes(values: readonly number[]): SmoothingFit {
  const objective = (alpha: number) => bestInitialStates(values, { alpha, beta: 0, phi: 1, trend: false }).sse;
  const { x: alpha } = minimiseOnInterval(objective, MIN_ALPHA, MAX_ALPHA, 12);
  return finish(values, { alpha, beta: 0, phi: 1, trend: false });
}

/** Holt (phi = 1) or damped Holt (phi searched in [0.8, 0.98], the range R's `ets` uses). */
export function fitHolt(values: readonly number[], damped: boolean): SmoothingFit {
  const toParameters = (x: readonly number[]): SmoothingParameters => ({
    alpha: x[0],
    // β is searched as a fraction of α so that 0 ≤ β ≤ α holds (the usual admissible region).
    beta: x[0] * x[1],
    phi: damped ? x[2] : 1,
    trend: true,
  });
  const objective = (x: readonly number[]) => bestInitialStates(values, toParameters(x)).sse;
  const start = damped ? [0.3, 0.1, 0.95] : [0.3, 0.1];
  const bounds = damped
    ? { lower: [MIN_ALPHA, 0, 0.8], upper: [MAX_ALPHA, 1, 0.98] }
    : { lower: [MIN_ALPHA, 0], upper: [MAX_ALPHA, 1] };
  const { point } = nelderMead(objective, start, bounds, { maxEvaluations: damped ? 300 : 200 });
  return finish(values, toParameters(point));
}

/** Point forecasts k = 1..h steps after the states at `origin` (0 = before any observation). */
export function smoothingForecastFrom(fit: SmoothingFit, origin: number, h: number): number[] {
  const level = fit.levels[origin];
  const trend = fit.trends[origin];
  const { phi } = fit.parameters;
  const result: number[] = [];
  let damping = 0;
  let power = 1;
  for (let k = 1; k <= h; k += 1) {
    power *= phi;
    damping += power;
    result.push(level + damping * trend);
  }
  return result;
}

export function smoothingModel(name: string, fit: SmoothingFit, n: number): FittedModel {
  return {
    name,
    forecast: (h) => smoothingForecastFrom(fit, n, h),
    forecastFrom: (origin, h) => smoothingForecastFrom(fit, origin, h),
  };
}
