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

function runFilter(
  values: readonly number[],
  p: SmoothingParameters,
  level0: number,
  trend0: number,
  errors?: Float64Array,
  levels?: Float64Array,
  trends?: Float64Array,
): number {
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

/**
 * The initial level (and trend) that minimise the one-step squared errors for these parameters.
 * The errors are base + l0·L + b0·B, where base is the run from zero states and L, B the runs of a
 * unit initial level or trend on zero data; one pass accumulates the normal equations and the SSE
 * follows from the quadratic form, without running the filter again.
 */
function bestInitialStates(
  values: readonly number[],
  p: SmoothingParameters,
): { level0: number; trend0: number; sse: number } {
  const { alpha, beta, phi } = p;
  // Three filters side by side: data from zero states, zero data from level 1, zero data from trend 1.
  let level = 0;
  let trend = 0;
  let levelL = 1;
  let trendL = 0;
  let levelB = 0;
  let trendB = 1;
  let bb0 = 0;
  let ll = 0;
  let lb = 0;
  let bb = 0;
  let lBase = 0;
  let bBase = 0;
  for (let t = 0; t < values.length; t += 1) {
    const expected = level + phi * trend;
    const error = values[t] - expected;
    level = expected + alpha * error;
    trend = phi * trend + beta * error;
    const expectedL = levelL + phi * trendL;
    const errorL = -expectedL;
    levelL = expectedL + alpha * errorL;
    trendL = phi * trendL + beta * errorL;
    const expectedB = levelB + phi * trendB;
    const errorB = -expectedB;
    levelB = expectedB + alpha * errorB;
    trendB = phi * trendB + beta * errorB;
    bb0 += error * error;
    ll += errorL * errorL;
    lb += errorL * errorB;
    bb += errorB * errorB;
    lBase += errorL * error;
    bBase += errorB * error;
  }
  let level0: number;
  let trend0 = 0;
  const determinant = ll * bb - lb * lb;
  if (!p.trend || Math.abs(determinant) < 1e-12 * (ll * bb + 1e-300)) {
    level0 = ll > 0 ? -lBase / ll : values[0];
  } else {
    level0 = (-lBase * bb + bBase * lb) / determinant;
    trend0 = (-bBase * ll + lBase * lb) / determinant;
  }
  const sse =
    bb0 +
    2 * level0 * lBase +
    2 * trend0 * bBase +
    level0 * level0 * ll +
    2 * level0 * trend0 * lb +
    trend0 * trend0 * bb;
  return { level0, trend0, sse: Math.max(0, sse) };
}

function finish(values: readonly number[], parameters: SmoothingParameters): SmoothingFit {
  const { level0, trend0 } = bestInitialStates(values, parameters);
  const levels = new Float64Array(values.length + 1);
  const trends = new Float64Array(values.length + 1);
  const sse = runFilter(values, parameters, level0, trend0, undefined, levels, trends);
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
  const { point } = nelderMead(objective, start, bounds, { maxEvaluations: damped ? 300 : 200, tolerance: 1e-5 });
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

/** σ²·(1 + Σ_{j<k} c_j²), c_j = α + β(φ + … + φ^j): the exact k-step variance of the additive model. */
export function smoothingErrorVariance(fit: SmoothingFit, n: number, h: number): number[] {
  const { alpha, beta, phi } = fit.parameters;
  const sigma2 = fit.sse / Math.max(1, n);
  const variances = new Array<number>(h);
  let sum = 0;
  let damping = 0;
  let power = 1;
  for (let k = 1; k <= h; k += 1) {
    variances[k - 1] = sigma2 * (1 + sum);
    power *= phi;
    damping += power;
    const c = alpha + beta * damping;
    sum += c * c;
  }
  return variances;
}

export function smoothingModel(name: string, fit: SmoothingFit, n: number): FittedModel {
  return {
    name,
    errorVariance: (h) => smoothingErrorVariance(fit, n, h),
    forecast: (h) => smoothingForecastFrom(fit, n, h),
    forecastFrom: (origin, h) => smoothingForecastFrom(fit, origin, h),
  };
}
