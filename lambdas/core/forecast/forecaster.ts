/** What every forecaster in this folder returns once fitted to one series. */
export interface FittedModel {
  /** Short stable name reported with every forecast, e.g. `theta` or `comb-shd`. */
  readonly name: string;
  /** Point forecasts for the h months after the history. */
  forecast(h: number): number[];
  /**
   * Forecasts from an earlier origin, reusing the parameters fitted on the whole history: the
   * h values after the first `origin` observations. Drives the series' own rolling-origin errors.
   */
  forecastFrom(origin: number, h: number): number[];
  /**
   * The model's own variance of the k-step error (k = 1..h) from its one-step residuals, where the
   * model has one: on the data's scale, or on the log scale when `relativeErrors` is set. Drives the
   * model-based intervals measured next to the empirical ones (intervals.ts).
   */
  errorVariance?(h: number): number[];
  relativeErrors?: boolean;
}

export type Forecaster = (values: readonly number[]) => FittedModel;
