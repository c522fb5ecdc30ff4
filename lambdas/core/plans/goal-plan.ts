import { dayOf, daysInMonth, monthsBetween, shiftMonth } from '../summary/months';

export interface Milestone {
  percent: 25 | 50 | 75 | 100;
  amount: number;
  /** YYYY-MM-DD, the end of the month it is expected in; null when nothing is being saved */
  date: string | null;
}

export interface Timeline {
  remaining: number;
  monthly: number;
  monthsNeeded: number | null;
  projectedDate: string | null;
  milestones: Milestone[];
}

const endOfMonth = (month: string) => dayOf(month, daysInMonth(month));

/**
 * How long saving `monthly` takes to go from `saved` to `target`, starting the month after
 * `today`, with the month each quarter of the target is reached.
 */
export function goalTimeline(target: number, saved: number, monthly: number, today: string): Timeline {
  const remaining = Math.max(0, target - saved);
  const month = today.slice(0, 7);
  const monthsTo = (amount: number) =>
    amount <= saved ? 0 : monthly > 0 ? Math.ceil((amount - saved) / monthly) : null;
  const monthsNeeded = monthsTo(target);
  const milestones = ([25, 50, 75, 100] as const).map((percent) => {
    const amount = Math.round((target * percent) / 100);
    const months = monthsTo(amount);
    return {
      percent,
      amount,
      date: months === null ? null : months === 0 ? today : endOfMonth(shiftMonth(month, months)),
    };
  });
  return { remaining, monthly, monthsNeeded, projectedDate: milestones[3].date, milestones };
}

/** What must be saved each month to reach `target` by `targetDate` (whole months after `today`'s). */
export function reversePlan(
  target: number,
  saved: number,
  targetDate: string,
  today: string,
): { months: number; requiredMonthly: number; remaining: number } {
  const remaining = Math.max(0, target - saved);
  const months = Math.max(1, monthsBetween(today.slice(0, 7), targetDate.slice(0, 7)));
  return { months, remaining, requiredMonthly: Math.ceil(remaining / months) };
}

export interface Scenario {
  name: 'faster' | 'slower' | 'with-cut';
  monthly: number;
  months: number | null;
  date: string | null;
  cut?: { category: string; amount: number };
}

export interface GoalPlan extends Timeline {
  /** the person's real monthly surplus (median of recent complete months), not a number they typed */
  surplus: number;
  requiredMonthly: number | null;
  feasible: boolean;
  /** the share of the surplus this goal needs, and all goals together */
  surplusShare: number | null;
  allGoalsShare: number | null;
  scenarios: Scenario[];
}

/**
 * A goal's plan at the person's real surplus. With a target date, the monthly amount the date
 * needs and whether the surplus (shared with their other goals' needs) covers it; without,
 * the date the surplus reaches it. Scenarios: a quarter more, a quarter less, and the named
 * cut in their most variable "wants" category.
 */
export function goalPlan(input: {
  target: number;
  saved: number;
  targetDate: string | null;
  today: string;
  surplus: number;
  otherGoalsMonthly: number;
  cut: { category: string; amount: number } | null;
}): GoalPlan {
  const { target, saved, targetDate, today, surplus } = input;
  const required = targetDate ? reversePlan(target, saved, targetDate, today).requiredMonthly : null;
  const available = Math.max(0, surplus - input.otherGoalsMonthly);
  // with a date, the plan saves what the date needs; without, whatever the surplus leaves (no more than is missing)
  const need = required ?? Math.min(available, Math.max(0, target - saved));
  const timeline = goalTimeline(target, saved, need, today);
  const share = (amount: number) => (surplus > 0 ? Math.round((amount / surplus) * 1000) / 1000 : null);
  const feasible = target <= saved || (surplus > 0 && need > 0 && need + input.otherGoalsMonthly <= surplus);
  const scenario = (name: Scenario['name'], amount: number, cut?: Scenario['cut']): Scenario => {
    const t = goalTimeline(target, saved, amount, today);
    return { name, monthly: amount, months: t.monthsNeeded, date: t.projectedDate, ...(cut ? { cut } : {}) };
  };
  const base = need > 0 ? need : available;
  const scenarios = [scenario('faster', Math.round(base * 1.25)), scenario('slower', Math.round(base * 0.75))];
  if (input.cut) scenarios.push(scenario('with-cut', base + input.cut.amount, input.cut));
  return {
    ...timeline,
    surplus,
    requiredMonthly: required,
    feasible,
    surplusShare: share(need),
    allGoalsShare: share(need + input.otherGoalsMonthly),
    scenarios,
  };
}
