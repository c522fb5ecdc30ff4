import { cadenceRule, expectedDay, type Cadence } from './cadence';
import { dayNumber, median, medianAbsoluteDeviation } from './calendar-days';
import {
  MIN_OCCURRENCES,
  RECENT_FOR_ANCHOR,
  growChains,
  offsetOf,
  type Chain,
  type Occurrence,
} from './recurring-chain';
import { NEAR_PRICE, NONE, SAME_PRICE, filedAsEveryday, judge, type Candidate } from './judge-chain';
import type { RecurringInput } from './recurring-series';

/**
 * A charge whose text names its cadence ("1 month subscription", "recharge 365 days", "ANNUAL
 * FEE", "quarterly"): the text vouches for the schedule, so fewer charges make a series of that
 * cadence, and of no other.
 */

/**
 * Words that name a cadence. Numbers count only with their unit ("30 days", "12 months"), so a
 * fund's "20+ YR" or a shop called "SEVEN DAYS" names nothing; "semi-annual" and "half yearly"
 * are no year.
 */
const CADENCE_WORDS: readonly { cadence: Cadence; words: RegExp }[] = [
  {
    cadence: 'monthly',
    words: /\b(?:monthly|per month|(?:1|one)[ -]?(?:month|mth)|3[01][ -]?days?)\b/,
  },
  { cadence: 'quarterly', words: /\b(?:quarterly|per quarter|(?:3|three)[ -]?(?:months|mths)|9[01][ -]?days)\b/ },
  {
    cadence: 'semiannual',
    words: /\b(?:semi[ -]?annual(?:ly)?|half[ -]?yearly|(?:6|six)[ -]?(?:months|mths)|18[0-3][ -]?days)\b/,
  },
  {
    cadence: 'yearly',
    words:
      /(?<!semi[ -]?)\bannual(?:ly)?\b|(?<!half[ -]?)\byearly\b|\b(?:per year|per annum|(?:1|one)[ -]?(?:year|yr)|(?:12|twelve)[ -]?months|36[56][ -]?days)\b/,
  },
];

/** The cadence a text names, with the words that name it; none when it names two ("6 months + 1 month free"). */
export function cadenceNamedIn(text: string): { cadence: Cadence; words: string } | null {
  const lower = text.toLowerCase();
  let named: { cadence: Cadence; words: string } | null = null;
  for (const { cadence, words } of CADENCE_WORDS) {
    const match = words.exec(lower);
    if (!match) continue;
    if (named) return null;
    named = { cadence, words: match[0] };
  }
  return named;
}

/** Charges enough for a series when the text names its cadence: a year apart twice, else three. */
export const MIN_NAMED_OCCURRENCES = 2;
const MIN_NAMED: Record<Cadence, number> = {
  weekly: Infinity,
  biweekly: Infinity,
  semimonthly: Infinity,
  monthly: 3,
  quarterly: 3,
  semiannual: 3,
  yearly: MIN_NAMED_OCCURRENCES,
};
/** Periods a named series may skip in all, and price changes it may make in all (199 → 149). */
const MAX_NAMED_SKIPS = 1;
const MAX_NAMED_PRICE_CHANGES = 1;
/** A price change is a plan's new price, not a bill's swing: within this ratio of the old. */
const MAX_NAMED_PRICE_STEP = 1.5;

/**
 * Series of the charges whose text names a cadence, grown along that cadence only, that the
 * usual rules would not find for want of charges: on the calendar (a skipped period at most), at
 * about one price (one change at most, and none between two yearly charges), not filed as
 * everyday spending, and with no other charge of the counterparty in their span at about their
 * price or under a text naming the cadence (a top-up bought whenever the credit runs out may say
 * "30 days" too).
 */
export function namedCadenceCandidates(
  group: readonly Occurrence[],
  namedIn: (text: string) => ReturnType<typeof cadenceNamedIn>,
): Candidate[] {
  const byCadence = new Map<Cadence, { words: string; occurrences: Occurrence[] }>();
  for (const occurrence of group) {
    const named = namedIn(occurrence.rows[0].description);
    if (!named || !Number.isFinite(MIN_NAMED[named.cadence])) continue;
    const list = byCadence.get(named.cadence);
    if (list) list.occurrences.push(occurrence);
    else byCadence.set(named.cadence, { words: named.words, occurrences: [occurrence] });
  }
  const candidates: Candidate[] = [];
  for (const [cadence, { words, occurrences }] of byCadence) {
    const least = MIN_NAMED[cadence];
    if (occurrences.length < least) continue;
    const named = new Set(occurrences);
    for (const chain of growChains(occurrences, cadenceRule(cadence), false, least)) {
      // Enough charges for the usual rules: they find it, and it is no series of the text's word.
      if (chain.occurrences.length >= MIN_OCCURRENCES && judge(chain, group, NONE)) continue;
      if (holdsNamedSchedule(chain, group, named))
        candidates.push({ chain, fixedAmount: true, group, parallel: NONE, cadenceNamed: words });
    }
  }
  return candidates;
}

function holdsNamedSchedule(chain: Chain, group: readonly Occurrence[], named: ReadonlySet<Occurrence>): boolean {
  const { rule, occurrences, periods } = chain;
  const count = occurrences.length;
  const step = rule.months ?? 1;
  if ((periods[count - 1] - periods[0]) / step + 1 - count > MAX_NAMED_SKIPS) return false;
  const deviations = occurrences.map(
    (occurrence, index) => occurrence.day - expectedDay(rule, periods[index], chain.anchor),
  );
  if (medianAbsoluteDeviation(deviations, 0) > Math.ceil(rule.tolerance / 2)) return false;

  const amounts = occurrences.map((occurrence) => occurrence.amount);
  let changes = 0;
  for (let index = 1; index < count; index += 1) {
    const [before, after] = [amounts[index - 1], amounts[index]];
    if (Math.abs(after - before) <= before * SAME_PRICE) continue;
    if (Math.max(before, after) / Math.min(before, after) > MAX_NAMED_PRICE_STEP) return false;
    changes += 1;
  }
  // Two charges are a series only at one price: a change leaves nothing that held.
  if (changes > (count < MIN_NAMED.monthly ? 0 : MAX_NAMED_PRICE_CHANGES)) return false;
  if (occurrences[0].rows[0].amount < 0 && filedAsEveryday(occurrences)) return false;

  const own = new Set(occurrences);
  const from = occurrences[0].day - rule.tolerance;
  const to = occurrences[count - 1].day + rule.tolerance;
  const levels = [...new Set(amounts)];
  return !group.some(
    (other) =>
      !own.has(other) &&
      other.day >= from &&
      other.day <= to &&
      (named.has(other) || levels.some((level) => Math.abs(other.amount - level) <= level * NEAR_PRICE)),
  );
}

/**
 * A plan named by its cadence may go on under another text naming the same cadence (a phone
 * plan's "recharge 365 days", renewed a year later as "Annual recharge"): a charge of such a text
 * that no series holds, on the plan's next due date at its price, continues it, and so on charge
 * by charge. Only on the very next due date: a renewal after a gap is too loose a tie for a text
 * that names no payee.
 */
export function continueUnderNewText(
  kept: readonly Candidate[],
  transactions: readonly RecurringInput[],
  claimedRows: Map<string, number>,
  namedIn: (text: string) => ReturnType<typeof cadenceNamedIn>,
): void {
  if (!kept.some((candidate) => candidate.cadenceNamed)) return;
  const free = transactions.filter(
    (row) => row.amount !== 0 && !claimedRows.has(row.id) && namedIn(row.description) !== null,
  );
  kept.forEach((candidate, index) => {
    if (!candidate.cadenceNamed) return;
    const { chain } = candidate;
    const { rule } = chain;
    for (;;) {
      const last = chain.occurrences[chain.occurrences.length - 1];
      const lastRow = last.rows[0];
      const period = chain.periods[chain.periods.length - 1] + (rule.months ?? 1);
      const due = expectedDay(rule, period, chain.anchor);
      let next: { row: RecurringInput; deviation: number } | null = null;
      for (const row of free) {
        if (claimedRows.has(row.id) || row.currency !== lastRow.currency) continue;
        if (row.amount < 0 !== lastRow.amount < 0 || namedIn(row.description)?.cadence !== rule.cadence) continue;
        if (Math.abs(Math.abs(row.amount) - last.amount) > last.amount * SAME_PRICE) continue;
        const deviation = Math.abs(dayNumber(row.date) - due);
        if (deviation <= rule.tolerance && (!next || deviation < next.deviation)) next = { row, deviation };
      }
      if (!next) return;
      const { row } = next;
      const day = dayNumber(row.date);
      chain.occurrences = [...chain.occurrences, { day, date: row.date, amount: Math.abs(row.amount), rows: [row] }];
      chain.periods = [...chain.periods, period];
      chain.offsets = [...chain.offsets, offsetOf(rule, day, period)];
      chain.anchor = median(chain.offsets.slice(-RECENT_FOR_ANCHOR));
      claimedRows.set(row.id, index);
    }
  });
}
