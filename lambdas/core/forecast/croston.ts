/**
 * Croston's method and the Syntetos–Boylan approximation (SBA) for intermittent series: a category
 * bought in some months and not others. Sizes of the non-zero months and the gaps between them
 * are smoothed apart; their ratio is the expected monthly amount. SBA removes Croston's known
 * upward bias with the factor 1 − α/2.
 */
import type { FittedModel } from './forecaster';

const ALPHA = 0.1;

export function fitCroston(values: readonly number[], variant: 'croston' | 'sba' = 'sba'): FittedModel {
  const n = values.length;
  const rates = new Float64Array(n + 1);
  let size = Number.NaN;
  let interval = Number.NaN;
  let sinceLast = 1;
  for (let t = 0; t < n; t += 1) {
    if (values[t] !== 0) {
      if (Number.isNaN(size)) {
        size = values[t];
        interval = sinceLast;
      } else {
        size += ALPHA * (values[t] - size);
        interval += ALPHA * (sinceLast - interval);
      }
      sinceLast = 1;
    } else {
      sinceLast += 1;
    }
    rates[t + 1] = Number.isNaN(size) ? 0 : (size / interval) * (variant === 'sba' ? 1 - ALPHA / 2 : 1);
  }
  const from = (origin: number, h: number) => new Array<number>(h).fill(rates[origin]);
  return { name: variant, forecast: (h) => from(n, h), forecastFrom: from };
}

/** Share of months with nothing in them. */
export function zeroShare(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.filter((v) => v === 0).length / values.length;
}
