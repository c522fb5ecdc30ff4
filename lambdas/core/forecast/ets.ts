/**
 * The additive non-seasonal ETS family (A,N,N), (A,A,N), (A,Ad,N) on the seasonally adjusted series,
 * chosen by AICc as in Hyndman et al. (2008). The season is handled by the M4 adjustment rather than
 * by seasonal states: on M3 monthly that scores better than ETS's own seasonal models (README table).
 */
import { fitHolt, fitSes, smoothingModel, type SmoothingFit } from './exponential-smoothing';
import type { FittedModel } from './forecaster';

/** AICc of a Gaussian additive-error model from its one-step SSE; k counts parameters + initial states + σ². */
export function aicc(sse: number, n: number, parameters: number): number {
  const k = parameters + 1;
  const logLikelihood = -0.5 * n * (Math.log((2 * Math.PI * Math.max(sse, 1e-300)) / n) + 1);
  const aic = -2 * logLikelihood + 2 * k;
  return n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY;
}

export function fitEtsByAicc(values: readonly number[]): FittedModel {
  const n = values.length;
  const candidates: { name: string; fit: SmoothingFit; parameters: number }[] = [
    { name: 'ets-ann', fit: fitSes(values), parameters: 2 },
  ];
  if (n >= 8) {
    candidates.push({ name: 'ets-aan', fit: fitHolt(values, false), parameters: 4 });
    candidates.push({ name: 'ets-aadn', fit: fitHolt(values, true), parameters: 5 });
  }
  let best = candidates[0];
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const score = aicc(candidate.fit.sse, n, candidate.parameters);
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return smoothingModel(best.name, best.fit, n);
}
