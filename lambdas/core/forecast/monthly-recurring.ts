/**
 * A monthly-cadence recurring pass of the forecast's own (rent, salary, subscriptions), used by the
 * cash-flow projection until the recurring detector (issue 19) is merged. Input is the ledger summed
 * per account, payee and month in SQL. A payee counts as monthly when it appears in at least 3 of
 * the last 4 complete months, at most twice a month, with each month's amount within 25% of their
 * median; it is then expected on its usual day of the month, for its median amount.
 */

export interface PayeeMonth {
  accountId: string;
  payee: string;
  month: string;
  /** Rows in the month. */
  count: number;
  /** Signed sum of the month's rows, minor units. */
  total: number;
  /** Day of month of the month's first row. */
  day: number;
}

export interface MonthlyRecurring {
  accountId: string;
  payee: string;
  /** Signed, minor units: negative for a bill, positive for income. */
  amount: number;
  dayOfMonth: number;
  /** Whether it has already been seen in the current month (then this month's is not projected). */
  seenThisMonth: boolean;
}

const MIN_MONTHS_OF_LAST_4 = 3;
const MAX_PER_MONTH = 2;
const AMOUNT_TOLERANCE = 0.25;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * @param lastFourMonths the last four complete months, oldest first.
 * @param currentMonth today's month (its rows only mark a payment as already made).
 */
export function detectMonthlyRecurring(
  rows: readonly PayeeMonth[],
  lastFourMonths: readonly string[],
  currentMonth: string,
): MonthlyRecurring[] {
  const byPayee = new Map<string, PayeeMonth[]>();
  for (const row of rows) {
    if (row.total === 0) continue;
    const key = `${row.accountId}\u0000${row.payee}\u0000${Math.sign(row.total)}`;
    const list = byPayee.get(key) ?? [];
    list.push(row);
    byPayee.set(key, list);
  }
  const found: MonthlyRecurring[] = [];
  for (const list of byPayee.values()) {
    const recent = list.filter((r) => lastFourMonths.includes(r.month));
    if (recent.length < MIN_MONTHS_OF_LAST_4 || recent.some((r) => r.count > MAX_PER_MONTH)) continue;
    const typical = median(recent.map((r) => r.total));
    if (recent.some((r) => Math.abs(r.total - typical) > AMOUNT_TOLERANCE * Math.abs(typical))) continue;
    found.push({
      accountId: list[0].accountId,
      payee: list[0].payee,
      amount: Math.round(typical),
      dayOfMonth: Math.round(median(recent.map((r) => r.day))),
      seenThisMonth: list.some((r) => r.month === currentMonth),
    });
  }
  return found.sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.dayOfMonth - b.dayOfMonth || a.payee.localeCompare(b.payee),
  );
}
