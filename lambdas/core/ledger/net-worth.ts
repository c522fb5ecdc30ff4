/** The kinds of account a person keeps (the API's zod enum and the schema derive from this tuple). */
export const ACCOUNT_KINDS = ['current', 'savings', 'credit_card', 'cash', 'loan', 'investment'] as const;

export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface NetWorthAccount {
  id: string;
  kind: AccountKind;
  currency: string;
  openingBalance: number;
  openingDate: string | null;
}

export interface MonthlyMovement {
  accountId: string;
  /** YYYY-MM */
  month: string;
  amount: number;
}

export interface NetWorthSeries {
  currency: string;
  months: { month: string; assets: number; liabilities: number; net: number }[];
}

/**
 * Assets, liabilities and net worth at the end of each month from `from` to `to`, one
 * series per currency: amounts in different currencies are never added together. An
 * account's balance is its opening balance plus every movement up to the month; a balance
 * below zero (money owed on a card, a loan, an overdraft) counts as a liability, as the
 * amount owed.
 */
export function netWorthByMonth(
  accounts: readonly NetWorthAccount[],
  movements: readonly MonthlyMovement[],
  from: string,
  to: string,
): NetWorthSeries[] {
  const months = monthRange(from, to);
  const byAccount = new Map<string, MonthlyMovement[]>();
  for (const movement of movements) {
    const list = byAccount.get(movement.accountId) ?? [];
    list.push(movement);
    byAccount.set(movement.accountId, list);
  }
  const currencies = [...new Set(accounts.map((a) => a.currency))].sort();
  return currencies.map((currency) => ({
    currency,
    months: months.map((month) => {
      let assets = 0;
      let liabilities = 0;
      for (const account of accounts.filter((a) => a.currency === currency)) {
        const opening = account.openingDate && account.openingDate.slice(0, 7) > month ? 0 : account.openingBalance;
        const balance =
          opening +
          (byAccount.get(account.id) ?? []).filter((m) => m.month <= month).reduce((sum, m) => sum + m.amount, 0);
        if (balance < 0) liabilities -= balance;
        else assets += balance;
      }
      return { month, assets, liabilities, net: assets - liabilities };
    }),
  }));
}

function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number);
  const [endYear, endMonth] = to.split('-').map(Number);
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
