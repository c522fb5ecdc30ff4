import { expectedDay, type Cadence, type CadenceRule } from './cadence';
import { median, medianAbsoluteDeviation, monthNumber } from './calendar-days';
import type { RecurringInput } from './recurring-series';

/**
 * Chains: charges of one counterparty strung along one cadence on the calendar, each on the
 * period its date falls closest to. What a chain is, how it grows, and whether it keeps its day.
 */

/** One charge, with its copies (pending and posted, raw and cleaned text, two views of one account). */
export interface Occurrence {
  day: number;
  date: string;
  amount: number;
  rows: RecurringInput[];
}

export interface Chain {
  rule: CadenceRule;
  periods: number[];
  offsets: number[];
  occurrences: Occurrence[];
  anchor: number;
}

/** The most periods a series may skip and still be one series (a missed month or two). */
export const MAX_SKIPPED: Record<Cadence, number> = {
  weekly: 1,
  biweekly: 1,
  semimonthly: 1,
  monthly: 2,
  quarterly: 1,
  semiannual: 1,
  yearly: 1,
};
export const MIN_OCCURRENCES = 3;
/** A billing day drifts over the years: the day expected next is read from the latest charges. */
export const RECENT_FOR_ANCHOR = 6;

/** Charges on the very day a schedule says, period after period: a chain no shop produces by chance. */
export const PUNCTUAL = { occurrences: 6, yearlyOccurrences: 4, coverage: 0.8, deviationDays: 1 };

export function isPunctual(chain: Chain): boolean {
  const { rule, occurrences, periods } = chain;
  const count = occurrences.length;
  // Four years on the very day is no chance; six months in a row is the least for a shorter cadence.
  if (count < (rule.cadence === 'yearly' ? PUNCTUAL.yearlyOccurrences : PUNCTUAL.occurrences)) return false;
  const spanned = (periods[count - 1] - periods[0]) / (rule.months ?? 1) + 1;
  if (count / spanned < PUNCTUAL.coverage) return false;
  const deviations = occurrences.map(
    (occurrence, index) => occurrence.day - expectedDay(rule, periods[index], chain.anchor),
  );
  return medianAbsoluteDeviation(deviations, 0) <= PUNCTUAL.deviationDays;
}

export function periodOf(rule: CadenceRule, occurrence: Occurrence, firstDay: number): number {
  return rule.days !== undefined ? Math.round((occurrence.day - firstDay) / rule.days) : monthNumber(occurrence.date);
}

export function offsetOf(rule: CadenceRule, day: number, period: number): number {
  return rule.days !== undefined ? day - period * rule.days : day - expectedDay(rule, period, 0);
}

/**
 * Grows chains along one cadence: each charge joins the open chain whose next expected date
 * (one, or after a skip two or three, periods on) it falls closest to, within the tolerance;
 * otherwise it starts a chain of its own. Chains of fewer than `minOccurrences` charges are dropped
 * (two are kept only where a text names a yearly cadence).
 */
export function growChains(
  occurrences: readonly Occurrence[],
  rule: CadenceRule,
  keepToSize: boolean,
  minOccurrences = MIN_OCCURRENCES,
): Chain[] {
  const step = rule.months ?? 1;
  const maxSteps = rule.fromLastCharge ? FROM_LAST_CHARGE_MAX_STEPS : MAX_SKIPPED[rule.cadence] + 1;
  const firstDay = occurrences[0].day;
  const open: Chain[] = [];
  const done: Chain[] = [];
  const ranges = new Map<Chain, AmountRange>();
  const startChain = (occurrence: Occurrence) => {
    const period = periodOf(rule, occurrence, firstDay);
    const offset = offsetOf(rule, occurrence.day, period);
    const chain = { rule, periods: [period], offsets: [offset], occurrences: [occurrence], anchor: offset };
    ranges.set(chain, { low: occurrence.amount, high: occurrence.amount });
    open.push(chain);
  };
  for (const occurrence of occurrences) {
    let best: { chain: Chain; period: number; deviation: number; misfit: number; replaces: boolean } | null = null;
    for (let index = open.length - 1; index >= 0; index -= 1) {
      const chain = open[index];
      const last = chain.periods[chain.periods.length - 1];
      if (occurrence.day > expectedDay(rule, last + maxSteps * step, chain.anchor) + slack(rule, maxSteps)) {
        // Past its last chance: the chain is closed.
        open.splice(index, 1);
        if (chain.occurrences.length >= minOccurrences) done.push(chain);
        continue;
      }
      const replacing = nearerInLastPeriod(chain, occurrence);
      if (replacing !== null && (!best || replacing < best.deviation))
        best = { chain, period: last, deviation: replacing, misfit: 0, replaces: true };
      for (let steps = 1; steps <= maxSteps; steps += 1) {
        const period = last + steps * step;
        const deviation = Math.abs(occurrence.day - expectedDay(rule, period, chain.anchor));
        if (deviation > slack(rule, steps)) continue;
        if (keepToSize && outOfRange(ranges.get(chain)!, occurrence.amount)) continue;
        // Two chains due the same day (two holdings of one fund): the charge goes on at its own size.
        const misfit = amountMisfit(chain, occurrence);
        if (!best || deviation < best.deviation || (deviation === best.deviation && misfit < best.misfit))
          best = { chain, period, deviation, misfit, replaces: false };
      }
    }
    if (best) {
      const { chain } = best;
      const range = ranges.get(chain)!;
      range.low = Math.min(range.low, occurrence.amount);
      range.high = Math.max(range.high, occurrence.amount);
      let displaced: Occurrence | undefined;
      if (best.replaces) {
        displaced = chain.occurrences.pop();
        chain.periods.pop();
        chain.offsets.pop();
      }
      chain.periods.push(best.period);
      chain.offsets.push(offsetOf(rule, occurrence.day, best.period));
      chain.occurrences.push(occurrence);
      // Counted from the last charge, the schedule moves with it; on the calendar, its day is the recent charges' usual one.
      chain.anchor = rule.fromLastCharge
        ? occurrence.day - best.period * rule.days!
        : median(chain.offsets.slice(-RECENT_FOR_ANCHOR));
      if (displaced) startChain(displaced);
    } else startChain(occurrence);
  }
  for (const chain of open) if (chain.occurrences.length >= minOccurrences) done.push(chain);
  return done;
}

/**
 * A charge in the period a chain last took, nearer its day than the charge it took and at that
 * charge's price: the chain takes it instead (a domain renewed four days
 * before a monthly plan's charge at its price is not that month's charge). How far it is from the
 * day, or null. Only on the calendar, and once the chain's day is known from two charges.
 */
function nearerInLastPeriod(chain: Chain, occurrence: Occurrence): number | null {
  const { rule, occurrences, periods } = chain;
  if (rule.fromLastCharge || occurrences.length < 2) return null;
  const taken = occurrences[occurrences.length - 1];
  if (occurrence.day <= taken.day) return null;
  const due = expectedDay(rule, periods[periods.length - 1], chain.anchor);
  const deviation = Math.abs(occurrence.day - due);
  if (deviation >= Math.abs(taken.day - due) || deviation > rule.tolerance) return null;
  return Math.abs(occurrence.amount - taken.amount) <= taken.amount * SAME_SIZE ? deviation : null;
}

/** Two charges of one period this close in size are one price: which of them is the schedule's is a matter of days. */
const SAME_SIZE = 0.03;

/**
 * How far a charge may fall from its due date: a calendar schedule's tolerance, or, counted from the
 * last charge, that tolerance for each period since (a skipped renewal came 53 days after the last).
 */
export function slack(rule: CadenceRule, steps: number): number {
  return rule.fromLastCharge ? rule.tolerance * steps : rule.tolerance;
}

interface AmountRange {
  low: number;
  high: number;
}

/**
 * A series' amounts drift, but a charge several times larger or smaller than any it has had is
 * something else that fell on its due date (a fund's purchase beside its dividend reinvestments).
 */
export const MAX_RANGE_STRETCH = 3;

/** How many times the largest charge is the smallest. */
export function spreadOfSizes(occurrences: readonly Occurrence[]): number {
  let low = Infinity;
  let high = 0;
  for (const { amount } of occurrences) {
    low = Math.min(low, amount);
    high = Math.max(high, amount);
  }
  return high / low;
}

function outOfRange(range: AmountRange, amount: number): boolean {
  return amount > range.high * MAX_RANGE_STRETCH || amount * MAX_RANGE_STRETCH < range.low;
}

/** How far a charge's size is from the chain's latest, as a ratio: 0 for the same amount. */
function amountMisfit(chain: Chain, occurrence: Occurrence): number {
  const last = chain.occurrences[chain.occurrences.length - 1].amount;
  return Math.abs(Math.log(occurrence.amount / last));
}

/** Counted from the last charge, one renewal may be skipped, no more: the count drifts further with each. */
const FROM_LAST_CHARGE_MAX_STEPS = 2;
