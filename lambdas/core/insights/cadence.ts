import { daysInMonth, firstDayOfMonth } from './calendar-days';

export const CADENCES = ['weekly', 'biweekly', 'semimonthly', 'monthly', 'quarterly', 'semiannual', 'yearly'] as const;
export type Cadence = (typeof CADENCES)[number];

/**
 * A schedule: either a fixed number of days (weekly, every two weeks, twice a month on average)
 * or a number of calendar months (a bill on the 3rd is on the 3rd, whatever the month's length).
 * `tolerance` is how far a posting may fall from its day: weekends, bank holidays, posting delays.
 */
export interface CadenceRule {
  cadence: Cadence;
  days?: number;
  months?: number;
  tolerance: number;
  /** Average length in days, for rates and "half a cadence". */
  meanDays: number;
  perYear: number;
  /**
   * A fixed number of days counted from the last charge, not from a day of the calendar: a prepaid
   * plan renewed every 28-33 days walks through the month, so no day of the month holds it.
   */
  fromLastCharge?: boolean;
}

export const CADENCE_RULES: readonly CadenceRule[] = [
  { cadence: 'weekly', days: 7, tolerance: 1, meanDays: 7, perYear: 52 },
  { cadence: 'biweekly', days: 14, tolerance: 2, meanDays: 14, perYear: 26 },
  { cadence: 'semimonthly', days: 365.25 / 24, tolerance: 3, meanDays: 365.25 / 24, perYear: 24 },
  { cadence: 'monthly', months: 1, tolerance: 4, meanDays: 30.44, perYear: 12 },
  { cadence: 'quarterly', months: 3, tolerance: 8, meanDays: 91.3, perYear: 4 },
  { cadence: 'semiannual', months: 6, tolerance: 12, meanDays: 182.6, perYear: 2 },
  { cadence: 'yearly', months: 12, tolerance: 16, meanDays: 365.25, perYear: 1 },
];

/**
 * "Monthly" read as an interval: each charge 26-35 days after the one before (a prepaid phone or
 * TV plan, common where post-paid bills are not), beside the calendar reading. Tried apart from
 * CADENCE_RULES, with its own guards (a fixed-ish price, hardly any charges off the schedule).
 */
export const MONTHLY_FROM_LAST_CHARGE: CadenceRule = {
  cadence: 'monthly',
  days: 30.44,
  tolerance: 5,
  meanDays: 30.44,
  perYear: 12,
  fromLastCharge: true,
};

export function cadenceRule(cadence: Cadence): CadenceRule {
  return CADENCE_RULES.find((rule) => rule.cadence === cadence)!;
}

/**
 * Where a schedule says a period falls. A day schedule: `anchor` is the day number of period 0.
 * A month schedule: `period` is a month number and `anchor` the day within the month counted
 * from the 1st (0-based; may be negative when a payment posts at the end of the month before),
 * clamped to the month's last day so that "the 31st" is Feb 28th in February.
 */
export function expectedDay(rule: CadenceRule, period: number, anchor: number): number {
  if (rule.days !== undefined) return anchor + period * rule.days;
  return firstDayOfMonth(period) + Math.min(anchor, daysInMonth(period) - 1);
}
