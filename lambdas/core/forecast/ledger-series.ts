/**
 * Monthly series from the ledger, per currency: spending (total, per 50/30/20 group, per category),
 * income and net. Input is the ledger already summed per month and category in SQL, so a person's
 * whole history never crosses the wire. Months run on the calendar: a month with no rows is a
 * zero, not a gap, and the current (partial) month is left out, because a half-spent month would
 * look like a fall in spending.
 */
import { addMonths, monthRange } from './calendar-months';

export interface MonthCategoryTotal {
  month: string;
  currency: string;
  category: string | null;
  /** Money out in the month, minor units, positive. */
  outflow: number;
  /** Money in, minor units, positive. */
  inflow: number;
}

export interface CurrencySeries {
  currency: string;
  /** Complete calendar months, oldest first; every series below has one value per month. */
  months: string[];
  spending: number[];
  income: number[];
  net: number[];
  byGroup: Map<string, number[]>;
  byCategory: Map<string, number[]>;
}

export const UNCATEGORISED = 'Uncategorised';

/**
 * @param currentMonth the month of "today" (`YYYY-MM`): it and anything after it are excluded.
 * @param groupOf the 50/30/20 group of a category name (transfers are already excluded upstream).
 */
export function ledgerSeries(
  totals: readonly MonthCategoryTotal[],
  currentMonth: string,
  groupOf: (category: string) => string,
): CurrencySeries[] {
  const lastComplete = addMonths(currentMonth, -1);
  const byCurrency = new Map<string, MonthCategoryTotal[]>();
  for (const row of totals) {
    if (row.month > lastComplete) continue;
    const rows = byCurrency.get(row.currency) ?? [];
    rows.push(row);
    byCurrency.set(row.currency, rows);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, rows]) => {
      const first = rows.reduce((min, r) => (r.month < min ? r.month : min), rows[0].month);
      const months = monthRange(first, lastComplete);
      const position = new Map(months.map((m, i) => [m, i]));
      const zeros = () => new Array<number>(months.length).fill(0);
      const spending = zeros();
      const income = zeros();
      const byGroup = new Map<string, number[]>();
      const byCategory = new Map<string, number[]>();
      for (const row of rows) {
        const i = position.get(row.month) as number;
        const category = row.category ?? UNCATEGORISED;
        spending[i] += row.outflow;
        income[i] += row.inflow;
        if (row.outflow === 0) continue;
        const group = groupOf(category);
        const groupValues = byGroup.get(group) ?? zeros();
        groupValues[i] += row.outflow;
        byGroup.set(group, groupValues);
        const categoryValues = byCategory.get(category) ?? zeros();
        categoryValues[i] += row.outflow;
        byCategory.set(category, categoryValues);
      }
      return { currency, months, spending, income, net: income.map((v, i) => v - spending[i]), byGroup, byCategory };
    });
}
