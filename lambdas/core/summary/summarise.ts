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

/** The spans of months a summary of `from`..`to` adds up: the period, the one before it, and the 3 and 12 months before it. */
export function summaryPeriods(from: string, to: string): { period: SummaryPeriod; from: string; to: string }[] {
  const { previousFrom, previousTo } = summaryWindow(from, to);
  return [
    { period: 'current', from, to },
    { period: 'previous', from: previousFrom, to: previousTo },
    { period: 'average3', from: shiftMonth(from, -3), to: previousTo },
    { period: 'average12', from: shiftMonth(from, -12), to: previousTo },
  ];
}

export type SummaryPeriod = 'current' | 'previous' | 'average3' | 'average12';

/**
 * What one key and category add up to over one of the summary's periods, or over one month of
 * the period (for the monthly series, with key ''), in one currency. A count counts the
 * transactions of the months in which the cell moved money: `countNet` where money out and
 * money in differ (what a spending or income category adds), `countAny` where either is
 * not 0 (an uncategorised one); a transfer's count is never shown.
 */
export interface PeriodSums {
  /** a SummaryPeriod, or a month (YYYY-MM) of the period */
  period: SummaryPeriod | string;
  key: string;
  category: string;
  currency: string;
  spent: number;
  received: number;
  countNet: number;
  countAny: number;
}

/**
 * The cells of `summaryWindow(from, to).first`..`to` added up per period, key and category:
 * the same sums `summaryTotals` (SQL) answers from the aggregates, for cells read otherwise
 * (the merchants, which are no aggregate key).
 */
export function periodSums(cells: readonly FlowCell[], from: string, to: string): PeriodSums[] {
  const sums = new Map<string, PeriodSums>();
  const add = (period: string, key: string, cell: FlowCell) => {
    const id = `${period}\u0000${key}\u0000${cell.category}\u0000${cell.currency}`;
    let sum = sums.get(id);
    if (!sum) {
      sum = {
        period,
        key,
        category: cell.category,
        currency: cell.currency,
        spent: 0,
        received: 0,
        countNet: 0,
        countAny: 0,
      };
      sums.set(id, sum);
    }
    sum.spent += cell.spent;
    sum.received += cell.received;
    if (cell.spent !== cell.received) sum.countNet += cell.count;
    if (cell.spent !== 0 || cell.received !== 0) sum.countAny += cell.count;
  };
  const periods = summaryPeriods(from, to);
  for (const cell of cells) {
    for (const p of periods) if (cell.month >= p.from && cell.month <= p.to) add(p.period, cell.key, cell);
    if (cell.month >= from && cell.month <= to) add(cell.month, '', cell);
  }
  return [...sums.values()];
}

function compare(value: number, other: number): Comparison {
  return { other, difference: value - other, percent: other === 0 ? null : round4((value - other) / Math.abs(other)) };
}

/** How many transactions a cell's count shows: those of months in which it moved money in its group's sense. */
function countOf(group: SummaryGroup, sums: PeriodSums): number {
  if (group === 'transfer') return 0;
  return group === 'uncategorised' ? sums.countAny : sums.countNet;
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
  return summariseSums(periodSums(cells, from, to), from, to, groupOf, grouping, firstMonth);
}

/** `summarise` from the sums of its periods (`periodSums`, or the same sums added up in SQL). */
export function summariseSums(
  sums: readonly PeriodSums[],
  from: string,
  to: string,
  groupOf: (category: string) => SummaryGroup,
  grouping: SummaryGrouping,
  firstMonth: ReadonlyMap<string, string>,
): CurrencySummary[] {
  const length = monthsBetween(from, to) + 1;
  const { previousFrom, previousTo } = summaryWindow(from, to);
  const currencies = [...new Set(sums.map((s) => s.currency))].sort();
  return currencies.map((currency) => {
    const historyStart = firstMonth.get(currency) ?? from;
    // each period's sums, all keys together and per key
    const byPeriod = new Map<string, PeriodSums[]>();
    const byPeriodAndKey = new Map<string, PeriodSums[]>();
    const file = (into: Map<string, PeriodSums[]>, id: string, sum: PeriodSums) => {
      const list = into.get(id);
      if (list) list.push(sum);
      else into.set(id, [sum]);
    };
    for (const sum of sums) {
      if (sum.currency !== currency) continue;
      file(byPeriod, sum.period, sum);
      file(byPeriodAndKey, `${sum.period}\u0000${sum.key}`, sum);
    }
    const total = (period: string, key?: string) => {
      let income = 0;
      let expenses = 0;
      let count = 0;
      const list = key === undefined ? byPeriod.get(period) : byPeriodAndKey.get(`${period}\u0000${key}`);
      for (const sum of list ?? []) {
        const group = groupOf(sum.category);
        const flow = flowOf(group, sum.spent, sum.received);
        income += flow.income;
        expenses += flow.expenses;
        count += countOf(group, sum);
      }
      return { income, expenses, count };
    };
    const averageOver = (months: 3 | 12, key?: string) => {
      if (shiftMonth(from, -months) < historyStart) return null;
      const sum = total(months === 3 ? 'average3' : 'average12', key);
      return { income: sum.income / months, expenses: sum.expenses / months };
    };
    const now = total('current');
    const before = total('previous');
    const average3 = averageOver(3);
    const average12 = averageOver(12);
    const keys = [...new Set((byPeriod.get('current') ?? []).map((s) => s.key))];
    const items = keys
      .map((key): SummaryItem => {
        const current = total('current', key);
        const previous = total('previous', key);
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
        const m = total(month);
        return { month, income: m.income, expenses: m.expenses, net: m.income - m.expenses };
      }),
    };
  });
}
