/** The M4 competition's accuracy measures for one series (as the M3 data README of the project's shared data defines them). */

/** Symmetric MAPE in percent; a term with a zero denominator counts as 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  actual.forEach((y, t) => {
    const denominator = Math.abs(y) + Math.abs(forecast[t]);
    if (denominator > 0) sum += Math.abs(y - forecast[t]) / denominator;
  });
  return (200 / actual.length) * sum;
}

/** In-sample mean absolute error of the seasonal naive forecast: the scale of MASE and MSIS. */
export function seasonalNaiveScale(history: readonly number[], period = 12): number {
  const m = history.length > period ? period : 1;
  let sum = 0;
  for (let t = m; t < history.length; t += 1) sum += Math.abs(history[t] - history[t - m]);
  return sum / (history.length - m);
}

export function mase(
  history: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  period = 12,
): number {
  const mae = actual.reduce((sum, y, t) => sum + Math.abs(y - forecast[t]), 0) / actual.length;
  return mae / seasonalNaiveScale(history, period);
}

/** Mean scaled interval score of a (1 − level) interval, as in M4 (level 0.05 for 95%). */
export function msis(
  history: readonly number[],
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  level = 0.05,
  period = 12,
): number {
  let sum = 0;
  actual.forEach((y, t) => {
    sum += upper[t] - lower[t];
    if (y < lower[t]) sum += (2 / level) * (lower[t] - y);
    if (y > upper[t]) sum += (2 / level) * (y - upper[t]);
  });
  return sum / actual.length / seasonalNaiveScale(history, period);
}
