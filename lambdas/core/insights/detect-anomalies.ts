import { dayNumber, median, medianAbsoluteDeviation } from './calendar-days';
import { counterpartyKeys } from './counterparty-key';
import type { DetectedSeries, RecurringInput } from './detect-recurring';

export const ANOMALY_KINDS = [
  'duplicate',
  'unusual_amount',
  'new_merchant',
  'price_rise',
  'fee',
  'category_pace',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface DetectedAnomaly {
  transactionId: string | null;
  date: string;
  merchant: string;
  amount: number;
  currency: string;
  kind: AnomalyKind;
  /** One sentence a person reads, with the figures that make it unusual. */
  reason: string;
  /** How unusual: 1 is the threshold, higher is stranger. */
  score: number;
  /** Names the event, so that detecting it again does not alert again. */
  key: string;
}

export interface AnomalyOptions {
  asOf: string;
  /** Series the recurring detector found in the same history (their price rises are alerts). */
  recurring: readonly DetectedSeries[];
  /** Only charges on or after this date are flagged; earlier ones are the baseline. Default: all. */
  since?: string;
}

/** Same counterparty, same amount, this many days apart or less: charged twice. */
const DUPLICATE_DAYS = 2;
/** An amount this many robust deviations from a merchant's usual, and at least this many times it, is unusual. */
const MERCHANT_DEVIATIONS = 8;
const MERCHANT_TIMES = 4;
/** Charges of a merchant needed before its usual amount means anything. */
const MERCHANT_HISTORY = 5;
/** A counterparty's last amounts kept for its usual: recent habits, bounded work per row. */
const RECENT_AMOUNTS = 24;
/** A first charge from a merchant above this share of the person's purchases, and this many times the median one, is unusual. */
const NEW_MERCHANT_PERCENTILE = 0.995;
const NEW_MERCHANT_TIMES = 15;
const PERSON_HISTORY = 100;
/** A fee from a counterparty that charged none for this long is news. */
const FEE_QUIET_DAYS = 120;
const FEE_WORDS =
  /\b(fee|fees|overdraft|interest charge|finance charge|late charge|late payment|penalty|insufficient funds|nsf|returned item|unpaid)\b/;
const FEE_CATEGORY = /fee|charges|interest paid|bank charge/;
/** A category this many times ahead of its usual month-to-date pace, and by this much money (in minor units of 100), is running away. */
const PACE_TIMES = 2.5;
const PACE_MONTHS = 4;

interface Seen {
  amounts: number[];
  lastDay: number;
  lastFeeDay: number;
  byAmountDay: Map<number, number>;
  countByAmount: Map<number, number>;
  repeats: number;
}

/**
 * Unusual charges in one person's history, each with a reason and a score: a charge repeated
 * within 48 hours, an amount far from the merchant's usual (median and median absolute
 * deviation, so that one past outlier does not hide the next), a first charge from a new
 * merchant far above the person's usual purchase, a recurring price that rose, a fee or interest
 * charge from a counterparty that had not charged one lately, and a category running well ahead
 * of its usual month-to-date pace. Rows are read in date order; each is judged against what came
 * before it only.
 */
export function detectAnomalies(transactions: readonly RecurringInput[], options: AnomalyOptions): DetectedAnomaly[] {
  const keyOf = counterpartyKeys();
  const rows = transactions
    .map((row, index) => ({ row, index, day: dayNumber(row.date), key: keyOf(row.description, row.merchant) }))
    .sort((a, b) => a.day - b.day || a.index - b.index);
  const sinceDay = options.since ? dayNumber(options.since) : -Infinity;
  const anomalies: DetectedAnomaly[] = [];
  const seen = new Map<string, Seen>();
  const purchases: number[] = [];
  let sortedPurchases: number[] = [];

  const feeMemory = new Map<string, boolean>();
  const feeText = (description: string, category: string | null | undefined) => {
    const text = `${description}\u0000${category ?? ''}`;
    let fee = feeMemory.get(text);
    if (fee === undefined) {
      fee = FEE_WORDS.test(description.toLowerCase()) || FEE_CATEGORY.test((category ?? '').toLowerCase());
      feeMemory.set(text, fee);
    }
    return fee;
  };
  for (const { row, day, key } of rows) {
    if (row.amount >= 0) continue;
    // Built only for the rows that are flagged.
    const base = () => ({
      transactionId: row.id,
      date: row.date,
      merchant: key,
      amount: row.amount,
      currency: row.currency,
    });
    const money = (value: number) => `${(value / 100).toFixed(2)} ${row.currency}`;
    const amount = -row.amount;
    const groupKey = `${row.currency}|${key}`;
    let merchant = seen.get(groupKey);
    const flag = day >= sinceDay;

    if (merchant && flag && key) {
      const previousDay = merchant.byAmountDay.get(amount);
      const habitual = (merchant.countByAmount.get(amount) ?? 0) >= 3;
      const repeat = previousDay !== undefined && day - previousDay <= DUPLICATE_DAYS && day > previousDay;
      if (repeat) merchant.repeats += 1;
      // A feed that shows this merchant's charges twice (pending and posted, card and bank view)
      // has done so before: its copies are not news.
      if (repeat && !habitual && merchant.repeats <= 1) {
        anomalies.push({
          ...base(),
          kind: 'duplicate',
          score: 2,
          key: `duplicate|${row.id}`,
          reason: `${displayName(key)} charged ${money(amount)} again ${day - previousDay === 1 ? 'a day' : `${day - previousDay} days`} after the same charge.`,
        });
      }
      // A charge below four times the merchant's smallest recent one is below four times its median: no sort needed.
      if (merchant.amounts.length >= MERCHANT_HISTORY && amount >= MERCHANT_TIMES * Math.min(...merchant.amounts)) {
        const usual = median(merchant.amounts);
        const spread = Math.max(1.4826 * medianAbsoluteDeviation(merchant.amounts, usual), usual * 0.1);
        const deviations = (amount - usual) / spread;
        if (deviations >= MERCHANT_DEVIATIONS && amount >= MERCHANT_TIMES * usual) {
          anomalies.push({
            ...base(),
            kind: 'unusual_amount',
            score: Math.round((amount / usual) * 10) / 10,
            key: `unusual_amount|${row.id}`,
            reason: `${money(amount)} at ${displayName(key)}, ${(amount / usual).toFixed(1)}× its usual ${money(Math.round(usual))}.`,
          });
        }
      }
    } else if (!merchant && flag && key && purchases.length >= PERSON_HISTORY) {
      const threshold = sortedPurchases[Math.floor(sortedPurchases.length * NEW_MERCHANT_PERCENTILE)];
      const typical = sortedPurchases[sortedPurchases.length >> 1];
      if (amount > threshold && amount >= NEW_MERCHANT_TIMES * typical) {
        anomalies.push({
          ...base(),
          kind: 'new_merchant',
          score: Math.round((amount / typical) * 10) / 10,
          key: `new_merchant|${row.id}`,
          reason: `A first charge from ${displayName(key)} of ${money(amount)}, ${Math.round(amount / typical)}× your typical purchase of ${money(typical)}.`,
        });
      }
    }

    const isFee = feeText(row.description, row.category);
    if (isFee && flag && (!merchant || day - merchant.lastFeeDay > FEE_QUIET_DAYS)) {
      anomalies.push({
        ...base(),
        kind: 'fee',
        score: 1,
        key: `fee|${row.id}`,
        reason: `A fee or interest charge of ${money(amount)} (${displayName(key) || 'no name'}): worth asking the bank to waive or avoiding next time.`,
      });
    }

    if (!merchant) {
      merchant = {
        amounts: [],
        lastDay: day,
        lastFeeDay: -Infinity,
        byAmountDay: new Map(),
        countByAmount: new Map(),
        repeats: 0,
      };
      seen.set(groupKey, merchant);
    }
    merchant.amounts.push(amount);
    if (merchant.amounts.length > RECENT_AMOUNTS) merchant.amounts.shift();
    merchant.byAmountDay.set(amount, day);
    merchant.countByAmount.set(amount, (merchant.countByAmount.get(amount) ?? 0) + 1);
    merchant.lastDay = day;
    if (isFee) merchant.lastFeeDay = day;
    purchases.push(amount);
    // The person's purchase distribution is re-sorted each time it has grown by a tenth, not per
    // row: it moves slowly, and the sorting then costs about ten sorts of the whole history.
    if (purchases.length <= PERSON_HISTORY || purchases.length >= sortedPurchases.length * 1.1)
      sortedPurchases = [...purchases].sort((a, b) => a - b);
  }

  anomalies.push(...priceRises(options.recurring, transactions, sinceDay));
  anomalies.push(
    ...categoryPace(
      rows.map(({ row, day }) => ({ row, day })),
      options.asOf,
    ),
  );
  return aFewAMonth(anomalies).sort((a, b) => a.date.localeCompare(b.date) || b.score - a.score);
}

/** Alerts a person reads in a month before they stop reading: the strongest ones are kept. */
const MAX_PER_MONTH = 4;
/** How alerts of each kind rank against each other when a month has too many. */
const KIND_WEIGHT: Record<AnomalyKind, number> = {
  price_rise: 4,
  duplicate: 3,
  unusual_amount: 3,
  new_merchant: 1,
  category_pace: 2,
  fee: 0.5,
};

function aFewAMonth(anomalies: readonly DetectedAnomaly[]): DetectedAnomaly[] {
  const byMonth = new Map<string, DetectedAnomaly[]>();
  for (const anomaly of anomalies)
    byMonth.set(anomaly.date.slice(0, 7), [...(byMonth.get(anomaly.date.slice(0, 7)) ?? []), anomaly]);
  // Kinds first (money certainly lost before money perhaps lost), then how unusual within a kind.
  const rank = (anomaly: DetectedAnomaly) => KIND_WEIGHT[anomaly.kind] * 100 + Math.min(anomaly.score, 99);
  return [...byMonth.values()].flatMap((month) => month.sort((a, b) => rank(b) - rank(a)).slice(0, MAX_PER_MONTH));
}

function priceRises(
  series: readonly DetectedSeries[],
  transactions: readonly RecurringInput[],
  sinceDay: number,
): DetectedAnomaly[] {
  const byId = new Map(transactions.map((row) => [row.id, row]));
  const out: DetectedAnomaly[] = [];
  for (const one of series) {
    if (!one.priceChange || dayNumber(one.priceChange.date) < sinceDay) continue;
    const id = one.transactionIds.find((candidate) => byId.get(candidate)?.date === one.priceChange!.date) ?? null;
    const { from, to } = one.priceChange;
    const money = (value: number) => `${(Math.abs(value) / 100).toFixed(2)} ${one.currency}`;
    out.push({
      transactionId: id,
      date: one.priceChange.date,
      merchant: one.merchant,
      amount: to,
      currency: one.currency,
      kind: 'price_rise',
      score: Math.round((to / from) * 100) / 100,
      key: `price_rise|${one.merchant}|${one.cadence}|${one.priceChange.date}`,
      reason: `${one.name} went up from ${money(from)} to ${money(to)} a ${cadenceWord(one.cadence)} (${money((Math.abs(to) - Math.abs(from)) * perYear(one.cadence))} more a year).`,
    });
  }
  return out;
}

/**
 * Categories whose spending so far this month is well ahead of the same days of the months
 * before: the month of `asOf`, its first `asOf`-day days, against the median of the last months.
 */
function categoryPace(rows: readonly { row: RecurringInput; day: number }[], asOf: string): DetectedAnomaly[] {
  const dayOfMonth = Number(asOf.slice(8, 10));
  const month = asOf.slice(0, 7);
  const totals = new Map<string, Map<string, number>>();
  for (const { row } of rows) {
    if (row.amount >= 0 || !row.category || Number(row.date.slice(8, 10)) > dayOfMonth || row.date > asOf) continue;
    const key = `${row.currency}|${row.category}`;
    const byMonth = totals.get(key) ?? new Map<string, number>();
    totals.set(key, byMonth);
    byMonth.set(row.date.slice(0, 7), (byMonth.get(row.date.slice(0, 7)) ?? 0) - row.amount);
  }
  const out: DetectedAnomaly[] = [];
  const previousMonths = lastMonths(month, 6);
  for (const [key, byMonth] of totals) {
    const now = byMonth.get(month) ?? 0;
    const before = previousMonths.map((m) => byMonth.get(m) ?? 0);
    if (before.filter((value) => value > 0).length < PACE_MONTHS) continue;
    const usual = median(before);
    if (usual <= 0 || now < PACE_TIMES * usual || now - usual < 10_000) continue;
    const [currency, category] = key.split('|');
    out.push({
      transactionId: null,
      date: asOf,
      merchant: '',
      amount: -now,
      currency,
      kind: 'category_pace',
      score: Math.round((now / usual) * 10) / 10,
      key: `category_pace|${category}|${month}`,
      reason: `${category}: ${(now / 100).toFixed(2)} ${currency} spent by day ${dayOfMonth}, ${(now / usual).toFixed(1)}× the usual ${(usual / 100).toFixed(2)} by this day.`,
    });
  }
  return out;
}

function lastMonths(month: string, count: number): string[] {
  const [year, number] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const value = year * 12 + number - 2 - index;
    return `${Math.floor(value / 12)}-${String((value % 12) + 1).padStart(2, '0')}`;
  });
}

function cadenceWord(cadence: string): string {
  return (
    (
      {
        weekly: 'week',
        biweekly: 'fortnight',
        semimonthly: 'half-month',
        monthly: 'month',
        quarterly: 'quarter',
        semiannual: 'half-year',
        yearly: 'year',
      } as Record<string, string>
    )[cadence] ?? cadence
  );
}

function perYear(cadence: string): number {
  return (
    (
      { weekly: 52, biweekly: 26, semimonthly: 24, monthly: 12, quarterly: 4, semiannual: 2, yearly: 1 } as Record<
        string,
        number
      >
    )[cadence] ?? 12
  );
}

function displayName(key: string): string {
  return key.replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}
