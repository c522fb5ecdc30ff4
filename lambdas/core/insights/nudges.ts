import { dayNumber } from './calendar-days';
import type { DetectedAnomaly } from './detect-anomalies';
import type { DetectedSeries } from './detect-recurring';
import type { Habits } from './habits';
import { moneyText } from '../money';

export interface Nudge {
  tone: 'positive' | 'warning';
  kind: string;
  message: string;
  /** The figure the nudge is about, in minor units or a count as `unit` says. */
  figure: number;
  unit: 'minor_units' | 'days' | 'count';
  currency?: string;
}

/** How long ago a subscription's missed charge may have been due for its stopping to be news. */
const STOPPED_LATELY_DAYS = 365;

/**
 * Short nudges, each tied to one figure: praise for a no-spend streak, a quiet month or a saving
 * made; warnings for bills due in the next week, a price that rose, fees paid and a category
 * running ahead of its pace.
 */
export function nudgesOf(input: {
  habits: Habits | null;
  recurring: readonly DetectedSeries[];
  anomalies: readonly DetectedAnomaly[];
  today: string;
}): Nudge[] {
  const { habits, recurring, anomalies, today } = input;
  const nudges: Nudge[] = [];
  const money = (value: number, currency: string) => moneyText(Math.abs(value), currency);
  if (habits && habits.noSpendDays.currentStreak >= 2) {
    nudges.push({
      tone: 'positive',
      kind: 'no_spend_streak',
      message: `${habits.noSpendDays.currentStreak} days in a row without spending.`,
      figure: habits.noSpendDays.currentStreak,
      unit: 'days',
    });
  }
  if (habits && habits.noSpendDays.longestStreak90Days >= 3) {
    nudges.push({
      tone: 'positive',
      kind: 'no_spend_record',
      message: `Your longest run without spending in the last 90 days: ${habits.noSpendDays.longestStreak90Days} days.`,
      figure: habits.noSpendDays.longestStreak90Days,
      unit: 'days',
    });
  }
  // Only what stopped lately is news: the charge that did not come was due within the last year
  // (a subscription dropped years ago "kept" nothing this year, and a long history holds many).
  const stopped = recurring.filter(
    (series) =>
      series.status === 'stopped' &&
      series.kind === 'subscription' &&
      series.direction === 'out' &&
      dayNumber(series.nextExpected) >= dayNumber(today) - STOPPED_LATELY_DAYS,
  );
  for (const currency of new Set(stopped.map((series) => series.currency))) {
    const inCurrency = stopped.filter((series) => series.currency === currency);
    const saved = inCurrency.reduce((total, series) => total - series.yearlyTotal, 0);
    nudges.push({
      tone: 'positive',
      kind: 'subscriptions_stopped',
      message: `${inCurrency.length === 1 ? `${inCurrency[0].name} has` : `${inCurrency.length} subscriptions have`} stopped charging you this past year: ${money(saved, currency)} a year kept.`,
      figure: saved,
      unit: 'minor_units',
      currency,
    });
  }
  const due = recurring.filter(
    (series) =>
      series.status === 'active' &&
      series.direction === 'out' &&
      dayNumber(series.nextExpected) >= dayNumber(today) &&
      dayNumber(series.nextExpected) <= dayNumber(today) + 7,
  );
  for (const currency of new Set(due.map((series) => series.currency))) {
    const total = due
      .filter((series) => series.currency === currency)
      .reduce((sum, series) => sum - series.nextAmount, 0);
    nudges.push({
      tone: 'warning',
      kind: 'bills_this_week',
      message: `${due.filter((s) => s.currency === currency).length} bills due in the next 7 days: ${money(total, currency)}.`,
      figure: total,
      unit: 'minor_units',
      currency,
    });
  }
  for (const anomaly of anomalies.filter((a) => a.kind === 'price_rise' || a.kind === 'category_pace').slice(-3)) {
    nudges.push({
      tone: 'warning',
      kind: anomaly.kind,
      message: anomaly.reason,
      figure: Math.abs(anomaly.amount),
      unit: 'minor_units',
      currency: anomaly.currency,
    });
  }
  if (habits && habits.feesAndInterest12Months > 0) {
    nudges.push({
      tone: 'warning',
      kind: 'fees',
      message: `${money(habits.feesAndInterest12Months, habits.currency)} of fees and interest in the last 12 months.`,
      figure: habits.feesAndInterest12Months,
      unit: 'minor_units',
      currency: habits.currency,
    });
  }
  return nudges;
}
