import type { SummaryGroup } from './category-groups';
import { flowOf, round4, savingsRate, type FlowCell } from './money-flows';
import { monthRange, monthsBetween, shiftMonth } from './months';

export type SummaryGrouping = 'category' | 'group' | 'merchant' | 'account';

export interface Comparison {
  /** the other figure: the previous period's total, or an average month times this period's length */
  other: number;
  difference: number;
  /** difference ÷ other; null when the other figure is 0 */
  percent: number | null;
}

export interface SummaryItem {
  key: string;
  /** the 50/30/20 group when grouped by category or group */
  group: SummaryGroup | null;
  /** spending, refunds netted */
  amount: number;
  income: number;
  /** share of the period's spending */
  share: number | null;
  count: number;
  change: Comparison;
  vsAverage3: Comparison | null;
  vsAverage12: Comparison | null;
}

export interface CurrencySummary {
  currency: string;
  from: string;
  to: string;
  months: number;
  income: number;
  expenses: number;
  net: number;
  savingsRate: number | null;
  previous: { from: string; to: string; income: number; expenses: number; net: number };
  change: { income: Comparison; expenses: Comparison; net: Comparison };
  averages: {
    months3: { income: number; expenses: number } | null;
    months12: { income: number; expenses: number } | null;
  };
  byCategory: SummaryItem[];
  byMonth: { month: string; income: number; expenses: number; net: number }[];
}

/** The window of months a summary of `from`..`to` needs: the period, the one before it and 12 months before that. */
export function summaryWindow(from: string, to: string): { first: string; previousFrom: string; previousTo: string } {
  const length = monthsBetween(from, to) + 1;
  return {
    first: shiftMonth(from, -Math.max(length, 12)),
    previousFrom: shiftMonth(from, -length),
    previousTo: shiftMonth(from, -1),
  };
}

function compare(value: number, other: number): Comparison {
  return { other, difference: value - other, percent: other === 0 ? null : round4((value - other) / Math.abs(other)) };
}

/**
 * Where the money went from `from` to `to` (whole months), one answer per currency: income,
 * spending, net and savings rate; each key's spending, share and count; the change against
 * the previous period of the same length and against the average month of the 3 and 12
 * months before `from` (scaled to the period's length; only when the person has that much
 * history). `cells` must cover `summaryWindow(from, to).first` to `to`.
 */
export function summarise(
  cells: readonly FlowCell[],
  from: string,
  to: string,
  groupOf: (category: string) => SummaryGroup,
  grouping: SummaryGrouping,
  firstMonth: ReadonlyMap<string, string>,
): CurrencySummary[] {
  const length = monthsBetween(from, to) + 1;
  const { previousFrom, previousTo } = summaryWindow(from, to);
  const currencies = [...new Set(cells.map((c) => c.currency))].sort();
  return currencies.map((currency) => {
    const mine = cells.filter((c) => c.currency === currency);
    const historyStart = firstMonth.get(currency) ?? from;
    const total = (fromMonth: string, toMonth: string, key?: string) => {
      let income = 0;
      let expenses = 0;
      let count = 0;
      for (const cell of mine) {
        if (cell.month < fromMonth || cell.month > toMonth || (key !== undefined && cell.key !== key)) continue;
        const flow = flowOf(groupOf(cell.category), cell.spent, cell.received);
        income += flow.income;
        expenses += flow.expenses;
        if (flow.income !== 0 || flow.expenses !== 0) count += cell.count;
      }
      return { income, expenses, count };
    };
    const averageOver = (months: number, key?: string) => {
      const start = shiftMonth(from, -months);
      if (start < historyStart) return null;
      const sum = total(start, shiftMonth(from, -1), key);
      return { income: sum.income / months, expenses: sum.expenses / months };
    };
    const now = total(from, to);
    const before = total(previousFrom, previousTo);
    const average3 = averageOver(3);
    const average12 = averageOver(12);
    const keys = [...new Set(mine.filter((c) => c.month >= from && c.month <= to).map((c) => c.key))];
    const items = keys
      .map((key): SummaryItem => {
        const current = total(from, to, key);
        const previous = total(previousFrom, previousTo, key);
        const a3 = averageOver(3, key);
        const a12 = averageOver(12, key);
        return {
          key,
          group: grouping === 'category' ? groupOf(key) : grouping === 'group' ? (key as SummaryGroup) : null,
          amount: current.expenses,
          income: current.income,
          share: now.expenses > 0 ? round4(current.expenses / now.expenses) : null,
          count: current.count,
          change: compare(current.expenses, previous.expenses),
          vsAverage3: a3 ? compare(current.expenses, Math.round(a3.expenses * length)) : null,
          vsAverage12: a12 ? compare(current.expenses, Math.round(a12.expenses * length)) : null,
        };
      })
      .filter((item) => item.amount !== 0 || item.income !== 0 || item.count > 0)
      .sort((a, b) => b.amount - a.amount || b.income - a.income || a.key.localeCompare(b.key));
    return {
      currency,
      from,
      to,
      months: length,
      income: now.income,
      expenses: now.expenses,
      net: now.income - now.expenses,
      savingsRate: savingsRate(now.income, now.expenses),
      previous: {
        from: previousFrom,
        to: previousTo,
        income: before.income,
        expenses: before.expenses,
        net: before.income - before.expenses,
      },
      change: {
        income: compare(now.income, before.income),
        expenses: compare(now.expenses, before.expenses),
        net: compare(now.income - now.expenses, before.income - before.expenses),
      },
      averages: {
        months3: average3 && { income: Math.round(average3.income), expenses: Math.round(average3.expenses) },
        months12: average12 && { income: Math.round(average12.income), expenses: Math.round(average12.expenses) },
      },
      byCategory: items,
      byMonth: monthRange(from, to).map((month) => {
        const m = total(month, month);
        return { month, income: m.income, expenses: m.expenses, net: m.income - m.expenses };
      }),
    };
  });
}
