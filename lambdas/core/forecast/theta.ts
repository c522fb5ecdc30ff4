/**
 * The Theta method (Assimakopoulos & Nikolopoulos, 2000) in the M4 benchmark's form, and an
 * optimised variant. The series is split into its least-squares line (θ = 0) and a θ-line
 * θ·x − (θ − 1)·trend, the θ-line is forecast by SES and the two are recombined with weights
 * 1 − 1/θ and 1/θ. Classic Theta is θ = 2: half trend, half SES.
 */
import { fitSes, smoothingForecastFrom, type SmoothingFit } from './exponential-smoothing';
import type { FittedModel } from './forecaster';

interface Line {
  intercept: number;
  slope: number;
}

/** Ordinary least squares of the values on t = 1..n. */
export function linearTrend(values: readonly number[]): Line {
  const n = values.length;
  const meanT = (n + 1) / 2;
  const meanX = values.reduce((sum, v) => sum + v, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((v, i) => {
    numerator += (i + 1 - meanT) * (v - meanX);
    denominator += (i + 1 - meanT) ** 2;
  });
  const slope = denominator > 0 ? numerator / denominator : 0;
  return { intercept: meanX - slope * meanT, slope };
}

interface ThetaFit {
  theta: number;
  line: Line;
  ses: SmoothingFit;
  /** Mean squared one-step error of the recombined in-sample forecast. */
  mse: number;
}

function fitThetaLine(values: readonly number[], theta: number, line: Line): ThetaFit {
  const thetaLine = values.map((v, i) => theta * v - (theta - 1) * (line.intercept + line.slope * (i + 1)));
  const ses = fitSes(thetaLine);
  const weight = 1 / theta;
  let sse = 0;
  values.forEach((v, t) => {
    const fitted = (1 - weight) * (line.intercept + line.slope * (t + 1)) + weight * ses.levels[t];
    sse += (v - fitted) ** 2;
  });
  return { theta, line, ses, mse: sse / values.length };
}

/** Negative forecasts become 0 (as in M4) only for a series that was never negative: a net cash flow may well be. */
function thetaModel(name: string, fit: ThetaFit, values: readonly number[]): FittedModel {
  const n = values.length;
  const floor = values.every((v) => v >= 0) ? 0 : Number.NEGATIVE_INFINITY;
  const weight = 1 / fit.theta;
  const from = (origin: number, h: number) =>
    smoothingForecastFrom(fit.ses, origin, h).map((level, k) => {
      const trend = fit.line.intercept + fit.line.slope * (origin + k + 1);
      return Math.max(floor, (1 - weight) * trend + weight * level);
    });
  // Theta is SES with drift (Hyndman & Billah, 2003): its k-step variance is SES's, σ²(1 + (k − 1)α²).
  const errorVariance = (h: number) =>
    Array.from({ length: h }, (_, k) => fit.mse * (1 + k * fit.ses.parameters.alpha ** 2));
  return { name, forecast: (h) => from(n, h), forecastFrom: from, errorVariance };
}

/** Classic Theta (θ = 2), as in the M4 benchmarks; negative forecasts are set to 0. */
export function fitClassicTheta(values: readonly number[]): FittedModel {
  return thetaModel('theta', fitThetaLine(values, 2, linearTrend(values)), values);
}

const THETA_GRID = [1, 1.5, 2, 2.5, 3, 4, 5];

/**
 * Optimised Theta: θ chosen from a grid by the in-sample one-step squared error of the recombined
 * forecast (θ = 1 is plain SES, larger θ leans further on the trend), in the spirit of Fiorucci et
 * al.'s OTM (2016).
 */
export function fitOptimisedTheta(values: readonly number[]): FittedModel {
  const line = linearTrend(values);
  let best: ThetaFit | null = null;
  for (const theta of THETA_GRID) {
    const fit = fitThetaLine(values, theta, line);
    if (best === null || fit.mse < best.mse) best = fit;
  }
  return thetaModel('optimised-theta', best as ThetaFit, values);
}
