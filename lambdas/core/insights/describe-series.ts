import { CADENCE_RULES, MONTHLY_FROM_LAST_CHARGE, expectedDay, type Cadence } from './cadence';
import { dateOfDay, dayNumber, median } from './calendar-days';
import { CATEGORY_KEY_PREFIX, seriesCounterpartyKey } from './counterparty-key';
import { RECENT_FOR_ANCHOR, offsetOf, periodOf, type Occurrence } from './recurring-chain';
import { SAME_PRICE, type Candidate } from './judge-chain';
import { recurringKind } from './recurring-kind';
import type { DetectOptions, DetectedSeries, PriceChange } from './recurring-series';
import { merchantDisplayName } from '../merchant-display-name';
import { moneyText } from '../money';

/**
 * Assembling a series for the person: its name, kind, typical amount and range, next date and
 * amount, price rise, status and yearly total.
 */

/** The usual days between renewals of a series counted from its last charge: the recent single gaps. */
function usualInterval(days: readonly number[]): number {
  const gaps: number[] = [];
  for (let index = Math.max(1, days.length - RECENT_FOR_ANCHOR); index < days.length; index += 1) {
    const gap = days[index] - days[index - 1];
    if (gap <= MONTHLY_FROM_LAST_CHARGE.days! + MONTHLY_FROM_LAST_CHARGE.tolerance) gaps.push(gap);
  }
  return gaps.length ? Math.round(median(gaps)) : Math.round(MONTHLY_FROM_LAST_CHARGE.days!);
}

export function describe(candidate: Candidate, options: DetectOptions): DetectedSeries {
  const { chain, fixedAmount } = candidate;
  const { rule, occurrences, periods } = chain;
  const rows = occurrences.flatMap((occurrence) => occurrence.rows);
  const first = occurrences[0];
  const last = occurrences[occurrences.length - 1];
  const sign = first.rows[0].amount < 0 ? -1 : 1;
  const amounts = occurrences.map((occurrence) => occurrence.amount);
  const typical = fixedAmount ? last.amount : Math.round(median(amounts.slice(-3)));
  const nextDay = rule.fromLastCharge
    ? last.day + usualInterval(occurrences.map((occurrence) => occurrence.day))
    : expectedDay(rule, periods[periods.length - 1] + (rule.months ?? 1), chain.anchor);
  const overdueAfter = nextDay + rule.tolerance + rule.meanDays / 2;
  const key = seriesCounterpartyKey(first.rows[0].description, first.rows[0].merchant, first.rows[0].category);
  // A series known by its category has no merchant: one category may hold several payees, which
  // readers of `merchant` (price rises, carry-over) must not take for pieces of one series.
  const filedUnder = key.startsWith(CATEGORY_KEY_PREFIX) ? key.slice(CATEGORY_KEY_PREFIX.length) : '';
  const merchant = filedUnder ? '' : key;
  const description = mostCommon(rows.map((row) => row.description.trim()).filter(Boolean));
  const category = mostCommon(rows.map((row) => row.category ?? '').filter(Boolean)) || null;
  const direction = sign < 0 ? 'out' : 'in';
  return {
    merchant,
    name: displayName(merchant, filedUnder, description, typical * sign, first.rows[0].currency),
    currency: first.rows[0].currency,
    direction,
    cadence: rule.cadence,
    ...(rule.fromLastCharge ? { fromLastCharge: true as const } : {}),
    ...(candidate.cadenceNamed ? { cadenceNamed: candidate.cadenceNamed } : {}),
    kind: recurringKind({
      direction,
      text: `${merchant} ${description}`,
      category,
      fixedAmount,
      cadence: rule.cadence,
    }),
    amount: typical * sign,
    amountRange: { min: Math.min(...amounts) * sign, max: Math.max(...amounts) * sign },
    fixedAmount,
    occurrences: occurrences.length,
    transactionIds: rows.map((row) => row.id),
    firstDate: first.date,
    lastDate: last.date,
    nextExpected: dateOfDay(nextDay),
    nextAmount: typical * sign,
    priceChange: fixedAmount && sign < 0 ? lastPriceRise(occurrences) : null,
    status: dayNumber(options.asOf) > overdueAfter ? 'stopped' : 'active',
    yearlyTotal: Math.round(typical * rule.perYear) * sign,
  };
}

/** The latest change of a fixed price, when it went up and has held since. */
function lastPriceRise(occurrences: readonly Occurrence[]): PriceChange | null {
  for (let index = occurrences.length - 1; index >= 1; index -= 1) {
    const before = occurrences[index - 1].amount;
    const after = occurrences[index].amount;
    if (Math.abs(after - before) <= Math.max(before * SAME_PRICE, 1)) continue;
    // A one-off (a prorated month, a late fee) is not a new price: the new one must still hold.
    const holds = occurrences
      .slice(index)
      .every((occurrence) => Math.abs(occurrence.amount - after) <= after * SAME_PRICE);
    return after > before && holds ? { from: -before, to: -after, date: occurrences[index].date } : null;
  }
  return null;
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  let best = '';
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > (counts.get(best) ?? 0)) best = value;
  }
  return best;
}

function displayName(
  merchant: string,
  filedUnder: string,
  description: string,
  amount: number,
  currency: string,
): string {
  if (merchant) return merchantDisplayName(merchant);
  if (description) return description.slice(0, 60);
  const payment = `${amount < 0 ? 'payment' : 'deposit'} of ${moneyText(Math.abs(amount), currency)}`;
  return filedUnder ? `${merchantDisplayName(filedUnder)}: ${payment}` : merchantDisplayName(payment);
}

/**
 * The next date a schedule expects after the given charge dates (ascending), read the way the
 * detector reads a series: each date placed on the period it falls closest to, the day within
 * the period the median of theirs; or, for a series counted from its last charge, the last date
 * plus the recent usual interval.
 */
export function nextExpectedDate(
  cadence: Cadence,
  allDates: readonly string[],
  schedule: { fromLastCharge?: boolean } = {},
): string {
  if (schedule.fromLastCharge) {
    const days = allDates.map(dayNumber);
    return dateOfDay(days[days.length - 1] + usualInterval(days));
  }
  const dates = allDates.slice(-RECENT_FOR_ANCHOR);
  const rule = CADENCE_RULES.find((candidate) => candidate.cadence === cadence)!;
  const step = rule.months ?? 1;
  const firstDay = dayNumber(dates[0]);
  const periods: number[] = [];
  const offsets: number[] = [];
  let anchor = 0;
  for (const date of dates) {
    const day = dayNumber(date);
    let period = periodOf(rule, { day, date, amount: 0, rows: [] }, firstDay);
    if (periods.length) {
      const last = periods[periods.length - 1];
      let best = last + step;
      // However long the pause, the date goes to the period it falls nearest to.
      const around = Math.max(1, Math.round((day - expectedDay(rule, last, anchor)) / rule.meanDays));
      for (let steps = Math.max(1, around - 1); steps <= around + 1; steps += 1) {
        const candidate = last + steps * step;
        if (Math.abs(day - expectedDay(rule, candidate, anchor)) < Math.abs(day - expectedDay(rule, best, anchor)))
          best = candidate;
      }
      // Off every due date: the schedule restarted on another day (a renewal after a lapse).
      if (Math.abs(day - expectedDay(rule, best, anchor)) <= rule.tolerance) period = best;
      else {
        periods.length = 0;
        offsets.length = 0;
      }
    }
    periods.push(period);
    offsets.push(offsetOf(rule, day, period));
    anchor = median(offsets.slice(-RECENT_FOR_ANCHOR));
  }
  return dateOfDay(expectedDay(rule, periods[periods.length - 1] + step, anchor));
}
