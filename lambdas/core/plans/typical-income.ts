import { mean, median, quantile, standardDeviation } from '../summary/months';

export interface TypicalIncome {
  monthly: number;
  basis: 'median' | 'lower-quartile' | 'none';
  months: number;
  irregular: boolean;
  /** standard deviation ÷ mean of the months read */
  variation: number | null;
}

/** Above this variation month to month, income counts as irregular. */
export const IRREGULAR_VARIATION = 0.3;

/**
 * A person's typical monthly net income: the median of their recent complete months. When
 * it varies a lot (freelance, commission, seasonal work), the lower quartile instead, so a
 * plan made in a good month still holds in a lean one.
 */
export function typicalIncome(monthlyIncome: readonly number[]): TypicalIncome {
  const months = monthlyIncome.filter((v) => v > 0);
  if (months.length === 0) return { monthly: 0, basis: 'none', months: 0, irregular: false, variation: null };
  const average = mean(months) ?? 0;
  const spread = standardDeviation(monthlyIncome) ?? 0;
  const variation = average > 0 ? Math.round((spread / average) * 1000) / 1000 : null;
  const irregular = monthlyIncome.length >= 3 && (variation ?? 0) > IRREGULAR_VARIATION;
  const monthly = Math.round((irregular ? quantile(monthlyIncome, 0.25) : median(monthlyIncome)) ?? 0);
  return {
    monthly,
    basis: irregular ? 'lower-quartile' : 'median',
    months: monthlyIncome.length,
    irregular,
    variation,
  };
}
