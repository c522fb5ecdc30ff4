import { dayOf, daysInMonth } from '../summary/months';
import type { KeyProfile } from './spending-profile';

export type BudgetState = 'ok' | 'warning' | 'over';

export interface BudgetStatusInput {
  /** YYYY-MM */
  month: string;
  /** days of the month already behind us: 0 for a future month, the month's length for a past one */
  dayOfMonth: number;
  limit: number;
  /** unspent money carried from last month (rollover), 0 without */
  carried: number;
  spent: number;
  /** the person's own rhythm for this budget; none with too little history */
  profile: KeyProfile | undefined;
}

export interface BudgetStatus {
  limit: number;
  carried: number;
  available: number;
  spent: number;
  remaining: number;
  projected: number;
  projection: 'profile' | 'pace' | 'final';
  status: BudgetState;
  /** the day the limit is expected to be crossed this month, when it is */
  expectedCrossing: string | null;
}

/** A budget counts as nearly used up from this share of it. */
export const WARNING_SHARE = 0.8;

/**
 * Where a monthly budget stands and where it is heading. The projection follows the
 * person's own within-month profile: what they usually spend after today is added to what
 * they spent; what they usually have spent by today but has not come yet (a bill that is
 * due) is still expected. So rent paid on the 1st does not read as overspending on the 2nd,
 * and a rent not yet paid on the 5th is not forgotten. Without a profile, the month's pace
 * so far is extended to its end.
 */
export function budgetStatus(input: BudgetStatusInput): BudgetStatus {
  const length = daysInMonth(input.month);
  const today = Math.min(Math.max(input.dayOfMonth, 0), length);
  const available = input.limit + input.carried;
  let expectedBy: (day: number) => number;
  let projection: BudgetStatus['projection'];
  if (today >= length) {
    projection = 'final';
    expectedBy = () => input.spent;
  } else if (input.profile && input.profile.typicalMonthly > 0) {
    projection = 'profile';
    const { typicalMonthly, cumulative } = input.profile;
    const share = (day: number) => cumulative[day >= length ? 31 : day];
    expectedBy = (day) =>
      Math.round(Math.max(input.spent + typicalMonthly * (share(day) - share(today)), typicalMonthly * share(day)));
  } else {
    projection = 'pace';
    expectedBy = (day) => (today === 0 ? input.spent : Math.round((input.spent * day) / today));
  }
  const projected = Math.max(input.spent, expectedBy(length));
  let expectedCrossing: string | null = null;
  if (input.spent <= available && projected > available) {
    for (let day = Math.max(today, 1); day <= length; day += 1) {
      if (expectedBy(day) > available) {
        expectedCrossing = dayOf(input.month, day);
        break;
      }
    }
  }
  const status: BudgetState =
    input.spent > available
      ? 'over'
      : projected > available || input.spent >= available * WARNING_SHARE
        ? 'warning'
        : 'ok';
  return {
    limit: input.limit,
    carried: input.carried,
    available,
    spent: input.spent,
    remaining: available - input.spent,
    projected,
    projection,
    status,
    expectedCrossing,
  };
}
