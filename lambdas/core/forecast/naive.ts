/** The yardsticks: naive, seasonal naive. Every other method has to beat these to be worth its cost. */
import type { FittedModel } from './forecaster';

/** The last value, repeated. */
export function fitNaive(values: readonly number[]): FittedModel {
  const from = (origin: number, h: number) => new Array<number>(h).fill(origin > 0 ? values[origin - 1] : values[0]);
  return { name: 'naive', forecast: (h) => from(values.length, h), forecastFrom: from };
}

/** The last full cycle, repeated (plain naive when the history is shorter than one cycle). */
export function fitSeasonalNaive(values: readonly number[], period = 12): FittedModel {
  const from = (origin: number, h: number) =>
    Array.from({ length: h }, (_, k) => {
      if (origin < period) return origin > 0 ? values[origin - 1] : values[0];
      return values[origin - period + (k % period)];
    });
  return { name: 'seasonal-naive', forecast: (h) => from(values.length, h), forecastFrom: from };
}
