import { mean, standardDeviation } from '../summary/months';
import type { MonthFigures } from './monthly-figures';
import { typicalIncome, type TypicalIncome } from './typical-income';

export const SPLIT = { needs: 0.5, wants: 0.3, savings: 0.2 } as const;

/** No category is asked to give up more than this share of its average month. */
const LARGEST_CUT_SHARE = 0.5;

export interface Cut {
  category: string;
  amount: number;
  averageMonthly: number;
  /** standard deviation of its monthly spending: the most variable wants are the easiest to trim */
  variability: number;
}

export interface BudgetRecommendation {
  income: TypicalIncome;
  plan: { needs: number; wants: number; savings: number };
  goals: { monthlyNeeded: number; fromSavings: number; shortfall: number; uncovered: number };
  cuts: Cut[];
  actual: { needs: number; wants: number; savings: number; surplus: number };
  comparison: { group: 'needs' | 'wants' | 'savings'; planned: number; actual: number; difference: number }[];
}

/**
 * A 50/30/20 plan from the person's typical monthly income, adjusted for their active goals:
 * goal contributions come out of the 20% for savings; when goals need more, the rest is cut
 * from their most variable "wants" categories (named, with amounts), never more than half
 * of one category's average month. Compared with what they actually spend per group (the
 * average of the same months; "savings" actual is what was moved to savings categories plus
 * what was left over).
 */
export function recommendBudget(
  months: readonly MonthFigures[],
  goalsMonthly: number,
  isWant: (category: string) => boolean,
): BudgetRecommendation {
  const income = typicalIncome(months.map((m) => m.income));
  const plan = {
    needs: Math.round(income.monthly * SPLIT.needs),
    wants: Math.round(income.monthly * SPLIT.wants),
    savings: 0,
  };
  plan.savings = income.monthly - plan.needs - plan.wants;
  const fromSavings = Math.min(goalsMonthly, plan.savings);
  const shortfall = Math.max(0, goalsMonthly - plan.savings);
  const categories = [...new Set(months.flatMap((m) => Object.keys(m.byCategory)))];
  const wants = categories
    .map((category) => {
      const series = months.map((m) => m.byCategory[category] ?? 0);
      return {
        category,
        averageMonthly: Math.round(mean(series) ?? 0),
        variability: Math.round(standardDeviation(series) ?? 0),
      };
    })
    .filter((c) => c.averageMonthly > 0 && isWant(c.category));
  const cuts: Cut[] = [];
  let left = shortfall;
  for (const want of [...wants].sort((a, b) => b.variability - a.variability || b.averageMonthly - a.averageMonthly)) {
    if (left <= 0) break;
    const amount = Math.min(left, Math.round(want.averageMonthly * LARGEST_CUT_SHARE));
    if (amount <= 0) continue;
    cuts.push({ ...want, amount });
    left -= amount;
  }
  const cutTotal = cuts.reduce((sum, c) => sum + c.amount, 0);
  plan.wants -= cutTotal;
  plan.savings += cutTotal;
  const average = (pick: (m: MonthFigures) => number) => Math.round(mean(months.map(pick)) ?? 0);
  const surplus = average((m) => m.income - m.expenses);
  const actual = {
    needs: average((m) => m.byGroup.needs),
    wants: average((m) => m.byGroup.wants),
    savings: average((m) => m.byGroup.savings) + Math.max(0, surplus),
    surplus,
  };
  return {
    income,
    plan,
    goals: { monthlyNeeded: goalsMonthly, fromSavings, shortfall, uncovered: Math.max(0, left) },
    cuts,
    actual,
    comparison: (['needs', 'wants', 'savings'] as const).map((group) => ({
      group,
      planned: plan[group],
      actual: actual[group],
      difference: actual[group] - plan[group],
    })),
  };
}
