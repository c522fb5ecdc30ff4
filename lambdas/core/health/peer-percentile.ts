/**
 * Where a value falls among a cohort's percentile cut points (10th, 25th, 50th, 75th, 90th):
 * interpolated between them, clamped to 5–95 outside them, so nobody's exact rank is implied.
 */
export const CUT_PERCENTILES = [10, 25, 50, 75, 90] as const;

export function percentileAmong(value: number, cuts: readonly number[]): number {
  if (cuts.length !== CUT_PERCENTILES.length) throw new Error('five cut points expected');
  if (value <= cuts[0]) return 5;
  if (value >= cuts[cuts.length - 1]) return 95;
  for (let i = 1; i < cuts.length; i += 1) {
    if (value <= cuts[i]) {
      const span = cuts[i] - cuts[i - 1];
      const within = span === 0 ? 0 : (value - cuts[i - 1]) / span;
      return Math.round(CUT_PERCENTILES[i - 1] + within * (CUT_PERCENTILES[i] - CUT_PERCENTILES[i - 1]));
    }
  }
  return 95;
}
