import { merchantDisplayName } from '../merchant-display-name';
import { dayNumber, dateOfDay, median, weekday } from './calendar-days';
import { counterpartyKeys } from './counterparty-key';
import type { DetectedSeries, RecurringInput } from './detect-recurring';
import { FEE_CATEGORY, FEE_TEXT, INTEREST } from './fee-words';
import { moneyText } from '../money';

export interface SavingsOpportunity {
  kind: 'small_frequent' | 'fees_and_interest' | 'subscriptions' | 'leaking_category';
  title: string;
  detail: string;
  /** Minor units a month the person could keep. */
  monthlyAmount: number;
}

export interface Habits {
  currency: string;
  asOf: string;
  weekdayVsWeekend: { weekdayDailyAverage: number; weekendDailyAverage: number; weekendShareOfSpending: number };
  noSpendDays: { last30Days: number; currentStreak: number; longestStreak90Days: number };
  /** `merchant` is the key that groups the purchases; `name` is how the person reads it. */
  smallFrequent: {
    merchant: string;
    name: string;
    countLast90Days: number;
    typicalAmount: number;
    annualised: number;
  }[];
  feesAndInterest12Months: number;
  subscriptions: { count: number; monthlyTotal: number; yearlyTotal: number };
  leakingCategories: { category: string; monthlyMedian: number; monthlyAverage: number; variability: number }[];
  opportunities: SavingsOpportunity[];
}

/** A purchase this small (in major units of the person's typical purchase) bought this often is a habit worth pricing. */
const SMALL_FREQUENT_MIN_COUNT = 8;
const TRANSFERS = /transfer|savings|invest|credit card payment/;

/**
 * How a person spends, read from the last year of their history in their main currency:
 * weekday against weekend, days without spending, small purchases that add up, fees and interest,
 * subscriptions, and the categories whose monthly totals swing the most ("leaking"), each
 * opportunity priced as a monthly amount the person could keep.
 */
/** Fees and interest paid, from the bank's text or the category it was filed under. */
function isFeeOrInterest(text: string, category: string): boolean {
  return FEE_TEXT.test(text) || INTEREST.test(text) || FEE_CATEGORY.test(category) || INTEREST.test(category);
}

export function habitsOf(
  transactions: readonly RecurringInput[],
  recurring: readonly DetectedSeries[],
  asOf: string,
): Habits | null {
  const currency = mainCurrency(transactions);
  if (!currency) return null;
  const end = dayNumber(asOf);
  const yearAgo = end - 365;
  // The year is chosen on the date strings first (ISO dates compare as text): only its rows are read further.
  const yearAgoDate = dateOfDay(yearAgo);
  const transferCategory = new Map<string, boolean>();
  const isTransfer = (category: string | null | undefined) => {
    if (!category) return false;
    let transfer = transferCategory.get(category);
    if (transfer === undefined) transferCategory.set(category, (transfer = TRANSFERS.test(category.toLowerCase())));
    return transfer;
  };
  const spending: { row: RecurringInput; day: number }[] = [];
  for (const row of transactions)
    if (
      row.date > yearAgoDate &&
      row.date <= asOf &&
      row.currency === currency &&
      row.amount < 0 &&
      !isTransfer(row.category)
    )
      spending.push({ row, day: dayNumber(row.date) });

  let weekdaySpend = 0;
  let weekendSpend = 0;
  const spendDays = new Set<number>();
  for (const { row, day } of spending) {
    const weekend = weekday(day) === 0 || weekday(day) === 6;
    if (weekend) weekendSpend -= row.amount;
    else weekdaySpend -= row.amount;
    spendDays.add(day);
  }
  const firstDay = spending.length ? Math.min(...spending.map(({ day }) => day)) : end;
  let weekdays = 0;
  let weekends = 0;
  for (let day = firstDay; day <= end; day += 1) {
    if (weekday(day) === 0 || weekday(day) === 6) weekends += 1;
    else weekdays += 1;
  }
  let currentStreak = 0;
  for (let day = end; day > end - 90 && !spendDays.has(day); day -= 1) currentStreak += 1;
  let longest = 0;
  let run = 0;
  let last30 = 0;
  for (let day = end - 89; day <= end; day += 1) {
    if (spendDays.has(day)) run = 0;
    else {
      run += 1;
      longest = Math.max(longest, run);
      if (day > end - 30) last30 += 1;
    }
  }

  const recent = spending.filter(({ day }) => day > end - 90);
  const purchaseMedian = median(spending.map(({ row }) => -row.amount));
  const byMerchant = new Map<string, number[]>();
  const keyOf = counterpartyKeys();
  for (const { row } of recent) {
    const key = keyOf(row.description, row.merchant);
    if (!key) continue;
    let amounts = byMerchant.get(key);
    if (!amounts) byMerchant.set(key, (amounts = []));
    amounts.push(-row.amount);
  }
  const smallFrequent = [...byMerchant]
    .filter(([, amounts]) => amounts.length >= SMALL_FREQUENT_MIN_COUNT && median(amounts) <= purchaseMedian)
    .map(([merchant, amounts]) => ({
      merchant,
      name: merchantDisplayName(merchant),
      countLast90Days: amounts.length,
      typicalAmount: Math.round(median(amounts)),
      annualised: Math.round((amounts.reduce((a, b) => a + b, 0) * 365) / 90),
    }))
    .sort((a, b) => b.annualised - a.annualised)
    .slice(0, 5);

  const feeTexts = new Map<string, boolean>();
  const isFee = (row: RecurringInput) => {
    const text = `${row.category ?? ''}\u0000${row.description}`;
    let fee = feeTexts.get(text);
    if (fee === undefined)
      feeTexts.set(text, (fee = isFeeOrInterest(row.description.toLowerCase(), (row.category ?? '').toLowerCase())));
    return fee;
  };
  const fees = spending.filter(({ row }) => isFee(row)).reduce((total, { row }) => total - row.amount, 0);

  const subscriptions = recurring.filter(
    (series) => series.currency === currency && series.kind === 'subscription' && series.status === 'active',
  );
  const subscriptionsYearly = -subscriptions.reduce((total, series) => total + series.yearlyTotal, 0);

  const monthly = new Map<string, Map<string, number>>();
  for (const { row } of spending) {
    if (!row.category) continue;
    const months = monthly.get(row.category) ?? new Map<string, number>();
    monthly.set(row.category, months);
    months.set(row.date.slice(0, 7), (months.get(row.date.slice(0, 7)) ?? 0) - row.amount);
  }
  const allMonths = [...new Set(spending.map(({ row }) => row.date.slice(0, 7)))].filter(
    (month) => month < asOf.slice(0, 7),
  );
  const leaking = [...monthly]
    .map(([category, months]) => {
      const totals = allMonths.map((month) => months.get(month) ?? 0);
      const middle = median(totals);
      const average = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length);
      return {
        category,
        monthlyMedian: Math.round(middle),
        monthlyAverage: Math.round(average),
        variability: middle > 0 ? Math.round((average / middle) * 100) / 100 : 0,
      };
    })
    .filter((category) => allMonths.length >= 3 && category.monthlyMedian > 0 && category.variability >= 1.2)
    .sort((a, b) => b.monthlyAverage - b.monthlyMedian - (a.monthlyAverage - a.monthlyMedian))
    .slice(0, 3);

  const money = (value: number) => moneyText(value, currency);
  const opportunities: SavingsOpportunity[] = [
    ...smallFrequent.slice(0, 2).map((habit) => ({
      kind: 'small_frequent' as const,
      title: `${habit.name}: ${habit.countLast90Days} purchases in 90 days`,
      detail: `About ${money(habit.annualised)} a year at ${money(habit.typicalAmount)} each; half as often keeps half of it.`,
      monthlyAmount: Math.round(habit.annualised / 24),
    })),
    ...(fees > 0
      ? [
          {
            kind: 'fees_and_interest' as const,
            title: 'Fees and interest',
            detail: `${money(fees)} paid in the last 12 months.`,
            monthlyAmount: Math.round(fees / 12),
          },
        ]
      : []),
    ...(subscriptions.length
      ? [
          {
            kind: 'subscriptions' as const,
            title: `${subscriptions.length} ${subscriptions.length === 1 ? 'subscription' : 'subscriptions'}`,
            detail: `${money(subscriptionsYearly)} a year; the cheapest one cancelled saves at least ${money(Math.min(...subscriptions.map((s) => -s.yearlyTotal)))} a year.`,
            monthlyAmount: Math.round(Math.min(...subscriptions.map((s) => -s.yearlyTotal)) / 12),
          },
        ]
      : []),
    ...leaking.map((category) => ({
      kind: 'leaking_category' as const,
      title: `${category.category} swings from month to month`,
      detail: `Usually ${money(category.monthlyMedian)} a month but ${money(category.monthlyAverage)} on average: the expensive months cost the difference.`,
      monthlyAmount: category.monthlyAverage - category.monthlyMedian,
    })),
  ];
  return {
    currency,
    asOf,
    weekdayVsWeekend: {
      weekdayDailyAverage: Math.round(weekdaySpend / Math.max(1, weekdays)),
      weekendDailyAverage: Math.round(weekendSpend / Math.max(1, weekends)),
      weekendShareOfSpending:
        weekdaySpend + weekendSpend ? Math.round((weekendSpend / (weekdaySpend + weekendSpend)) * 100) / 100 : 0,
    },
    noSpendDays: { last30Days: last30, currentStreak, longestStreak90Days: longest },
    smallFrequent,
    feesAndInterest12Months: fees,
    subscriptions: {
      count: subscriptions.length,
      monthlyTotal: Math.round(subscriptionsYearly / 12),
      yearlyTotal: subscriptionsYearly,
    },
    leakingCategories: leaking,
    opportunities,
  };
}

function mainCurrency(rows: readonly RecurringInput[]): string | null {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.currency, (counts.get(row.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** The dates of the next `days` days from `from`, for schedules. */
export function nextDays(from: string, days: number): string[] {
  return Array.from({ length: days }, (_, index) => dateOfDay(dayNumber(from) + index + 1));
}
