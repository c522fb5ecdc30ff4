import { TRANSFER_CATEGORY } from '../categorise/taxonomy';

/** Net money out per month and currency, from which forecasts start. */
export interface MonthlySpending {
  currency: string;
  months: { month: string; spent: number; received: number }[];
}

export interface SpendingInput {
  date: string;
  amount: number;
  currency: string;
  category: string | null;
}

const NOT_SPENDING = new Set<string>([TRANSFER_CATEGORY]);

/** Groups transactions by currency and month (YYYY-MM), transfers left out, months in order. */
export function monthlySpending(transactions: Iterable<SpendingInput>): MonthlySpending[] {
  const byCurrency = new Map<string, Map<string, { spent: number; received: number }>>();
  for (const tx of transactions) {
    if (tx.category !== null && NOT_SPENDING.has(tx.category)) continue;
    const months = byCurrency.get(tx.currency) ?? new Map();
    byCurrency.set(tx.currency, months);
    const month = tx.date.slice(0, 7);
    const totals = months.get(month) ?? { spent: 0, received: 0 };
    if (tx.amount < 0) totals.spent -= tx.amount;
    else totals.received += tx.amount;
    months.set(month, totals);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, months]) => ({
      currency,
      months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, t]) => ({ month, ...t })),
    }));
}

/**
 * A first forecast: next month's spending as the mean of the last three complete months
 * (fewer when the history is shorter). Honest about how little it knows: no interval yet.
 */
export function naiveNextMonth(series: MonthlySpending): { month: string; expected: number } | null {
  const recent = series.months.slice(-3);
  if (recent.length === 0) return null;
  const expected = Math.round(recent.reduce((sum, m) => sum + m.spent, 0) / recent.length);
  const [year, month] = series.months[series.months.length - 1].month.split('-').map(Number);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { month: next, expected };
}
