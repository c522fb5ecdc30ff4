import type { SummaryGroup } from './category-groups';
import { flowOf, type FlowCell } from './money-flows';
import { monthRange } from './months';

export interface CurrencyTrends {
  currency: string;
  months: string[];
  income: number[];
  expenses: number[];
  /** spending per category and month, refunds netted; income categories carry their income */
  categories: { category: string; group: SummaryGroup; amounts: number[] }[];
  groups: { group: SummaryGroup; amounts: number[] }[];
}

/** The monthly series per category and per group from `from` to `to`, one answer per currency. */
export function trends(
  cells: readonly FlowCell[],
  from: string,
  to: string,
  groupOf: (category: string) => SummaryGroup,
): CurrencyTrends[] {
  const months = monthRange(from, to);
  const index = new Map(months.map((m, i) => [m, i]));
  const currencies = [...new Set(cells.map((c) => c.currency))].sort();
  return currencies.map((currency) => {
    const income = months.map(() => 0);
    const expenses = months.map(() => 0);
    const categories = new Map<string, number[]>();
    const groups = new Map<SummaryGroup, number[]>();
    for (const cell of cells) {
      const at = index.get(cell.month);
      if (cell.currency !== currency || at === undefined) continue;
      const group = groupOf(cell.category);
      if (group === 'transfer') continue;
      const flow = flowOf(group, cell.spent, cell.received);
      income[at] += flow.income;
      expenses[at] += flow.expenses;
      const amount = group === 'income' ? flow.income : flow.expenses;
      const series = categories.get(cell.category) ?? months.map(() => 0);
      series[at] += amount;
      categories.set(cell.category, series);
      const groupSeries = groups.get(group) ?? months.map(() => 0);
      groupSeries[at] += amount;
      groups.set(group, groupSeries);
    }
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return {
      currency,
      months,
      income,
      expenses,
      categories: [...categories]
        .map(([category, amounts]) => ({ category, group: groupOf(category), amounts }))
        .sort((a, b) => sum(b.amounts) - sum(a.amounts)),
      groups: [...groups]
        .map(([group, amounts]) => ({ group, amounts }))
        .sort((a, b) => a.group.localeCompare(b.group)),
    };
  });
}
