import type { SummaryGroup } from '../summary/category-groups';
import { flowOf, type FlowCell } from '../summary/money-flows';

/** One month of one currency as the plans read it. */
export interface MonthFigures {
  month: string;
  income: number;
  expenses: number;
  byGroup: { needs: number; wants: number; savings: number };
  byCategory: Record<string, number>;
}

/** Income, spending and spending per group and category for each month given, in one currency. */
export function monthlyFigures(
  cells: readonly FlowCell[],
  months: readonly string[],
  currency: string,
  groupOf: (c: string) => SummaryGroup,
): MonthFigures[] {
  const byMonth = new Map<string, MonthFigures>(
    months.map((month) => [
      month,
      { month, income: 0, expenses: 0, byGroup: { needs: 0, wants: 0, savings: 0 }, byCategory: {} },
    ]),
  );
  for (const cell of cells) {
    const figures = byMonth.get(cell.month);
    if (!figures || cell.currency !== currency) continue;
    const group = groupOf(cell.category);
    const flow = flowOf(group, cell.spent, cell.received);
    figures.income += flow.income;
    figures.expenses += flow.expenses;
    if (flow.expenses !== 0) {
      const bucket = group === 'needs' || group === 'savings' ? group : 'wants';
      figures.byGroup[bucket] += flow.expenses;
      figures.byCategory[cell.category] = (figures.byCategory[cell.category] ?? 0) + flow.expenses;
    }
  }
  return [...byMonth.values()];
}
