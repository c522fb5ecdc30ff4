import {
  CADENCE_RULES,
  MONTHLY_FROM_LAST_CHARGE,
  cadenceRule,
  expectedDay,
  type Cadence,
  type CadenceRule,
} from './cadence';
import { dateOfDay, dayNumber, median, medianAbsoluteDeviation, monthNumber } from './calendar-days';
import {
  CATEGORY_KEY_PREFIX,
  coarseCounterpartyKey,
  productKey,
  seriesCounterpartyKey,
  seriesCounterpartyKeys,
} from './counterparty-key';
import { recurringKind, type RecurringKind } from './recurring-kind';
import { merchantDisplayName } from '../merchant-display-name';

/** A transaction as the detector reads it: compact columns, no more. */
export interface RecurringInput {
  id: string;
  date: string;
  /** Signed minor units, negative = money out. */
  amount: number;
  currency: string;
  description: string;
  merchant?: string | null;
  category?: string | null;
}

export interface PriceChange {
  from: number;
  to: number;
  date: string;
}

export interface DetectedSeries {
  /** Who is paid or pays (the counterparty key; '' when the bank printed no name). */
  merchant: string;
  name: string;
  currency: string;
  direction: 'in' | 'out';
  cadence: Cadence;
  kind: RecurringKind;
  /** Typical signed amount (the latest price for a fixed amount, the median of the last three otherwise). */
  amount: number;
  amountRange: { min: number; max: number };
  fixedAmount: boolean;
  occurrences: number;
  transactionIds: string[];
  firstDate: string;
  lastDate: string;
  nextExpected: string;
  nextAmount: number;
  priceChange: PriceChange | null;
  status: 'active' | 'stopped';
  /** What a year of it costs (or brings) at its current amount. */
  yearlyTotal: number;
}

export interface DetectOptions {
  /** The day the history is read on; a series overdue by half a cadence past its tolerance then is stopped. */
  asOf: string;
}

/** One charge, with its copies (pending and posted, raw and cleaned text, two views of one account). */
interface Occurrence {
  day: number;
  date: string;
  amount: number;
  rows: RecurringInput[];
}

interface Chain {
  rule: CadenceRule;
  periods: number[];
  offsets: number[];
  occurrences: Occurrence[];
  anchor: number;
}

interface Candidate {
  chain: Chain;
  fixedAmount: boolean;
  /** Every charge of the counterparty group the chain was grown in: the rivals it was judged against. */
  group: readonly Occurrence[];
  /** Charges of the group that belong to a parallel schedule (another card's autopay): not rivals. */
  parallel: ReadonlySet<Occurrence>;
}

/** The most periods a series may skip and still be one series (a missed month or two). */
const MAX_SKIPPED: Record<Cadence, number> = {
  weekly: 1,
  biweekly: 1,
  semimonthly: 1,
  monthly: 2,
  quarterly: 1,
  semiannual: 1,
  yearly: 1,
};
/** Copies of one charge post up to this many days apart. */
const COPY_WINDOW_DAYS = 2;
/** Two amounts within this share of each other are one price. */
const SAME_PRICE = 0.03;
/**
 * A payment whose text changed outright continues the old one only at its price to within 1%: a
 * renamed plan keeps its price, while a move to another landlord at a rent 2.5% higher, paid on
 * the same day of the month, is a new series.
 */
const RENAMED_SAME_PRICE = 0.01;
const MIN_OCCURRENCES = 3;
/** A billing day drifts over the years: the day expected next is read from the latest charges. */
const RECENT_FOR_ANCHOR = 6;
/**
 * Same-price charges from one counterparty in a series' time span, per charge of the series: up
 * to three parallel plans at one merchant (two Spotify accounts, several domain renewals) are
 * real, on any calendar-month cadence; more is a shop visited often at a round price.
 */
const MAX_SAME_PRICE_DENSITY = 3.5;
/**
 * Categories of everyday spending (as the categoriser or the person filed it): a supermarket,
 * a café or a fuel station visited about weekly is not a subscription, so a series there needs
 * a fixed price, six charges and no other visits at about that price.
 */
const DISCRETIONARY = new RegExp(
  'food|grocer|dining|restaurant|eating|takeout|take-out|fast food|coffee|cafe|fuel|transport|parking|household|' +
    'health|medical|pharmac|apparel|cloth|beauty|personal care|alcohol|tobacco|gambling|gift|travel|holiday|snack',
);
/** How far a varying bill's amounts stray from their median, as a share of it (median absolute deviation). */
const MAX_BILL_SPREAD = 0.35;
/**
 * A usage-based bill drifts (a cloud invoice from 9 to 280 over eight years, margin interest with
 * the loan): judged over the whole series its amounts spread like a shop's, but each charge is
 * near the one before. The median change between consecutive charges, as a log ratio (0.3: about
 * a third up or down), and enough charges for that median to mean something.
 */
const MAX_STEP_CHANGE = 0.3;
const MIN_DRIFTING_OCCURRENCES = 8;
/** Bank wordings of a payment between one's own accounts (a card's autopay, a transfer). */
const OWN_MONEY =
  /\b(autopay|auto pay|automatic payment|card payment|payment thank|thank you|credit crd|epayment|transfer|xfer|trnsfr)\b/;
/** Prices this close count as "about the price" when asking how often a counterparty is paid it. */
const NEAR_PRICE = 0.15;
/** A varying amount is only a bill when the counterparty is hardly paid outside the schedule. */
const MAX_VARYING_DENSITY = 1.34;

/**
 * Finds recurring series in one person's history: runs of charges to (or from) one counterparty
 * on a calendar schedule. Rows are grouped by counterparty, direction and currency; within a
 * group, chains are grown per cadence along the calendar (a bill due on the 3rd is expected on
 * the 3rd of each month, a few days either way, a skipped month allowed), for the whole group
 * and for each price level apart (two products of one merchant). A chain is kept when it is
 * regular, covers its span, and is not just a shop visited often; overlapping chains are
 * resolved in favour of the one that explains more charges.
 */
export function detectRecurring(transactions: readonly RecurringInput[], options: DetectOptions): DetectedSeries[] {
  const groups = new Map<string, Group>();
  const coarseGroups = new Map<string, Group>();
  const productGroups = new Map<string, Group>();
  const keyOf = seriesCounterpartyKeys();
  const productOf = memoised(productKey);
  for (const row of transactions) {
    if (row.amount === 0) continue;
    const key = keyOf(row.description, row.merchant, row.category);
    const side = `${row.currency}|${row.amount < 0 ? 'out' : 'in'}`;
    const id = `${side}|${key}`;
    addTo(groups, id, id, row);
    const coarse = coarseCounterpartyKey(key);
    if (coarse && coarse !== key) addTo(coarseGroups, `${side}|${coarse}`, id, row);
    // Only when the bank printed a name: a typed diary's empty note has no product to tell apart.
    const product = key && !key.startsWith(CATEGORY_KEY_PREFIX) ? productOf(row.description) : '';
    if (product && product !== key) addTo(productGroups, `${side}|${product}`, id, row);
  }
  // A coarser or finer key that holds exactly one counterparty's rows would only find its series again.
  const adds = (group: Group) => group.from === null || groups.get(group.from)!.rows.length !== group.rows.length;

  const candidates: Candidate[] = [];
  const claimedRows = new Map<string, number>();
  for (const group of [...groups.values(), ...[...coarseGroups.values(), ...productGroups.values()].filter(adds)]) {
    if (group.rows.length < MIN_OCCURRENCES) continue;
    const occurrences = collapseCopies(group.rows);
    if (occurrences.length < MIN_OCCURRENCES) continue;
    for (const subset of [occurrences, ...priceLevels(occurrences)]) {
      if (subset.length < MIN_OCCURRENCES) continue;
      // Punctual chains of the shorter calendar cadences tried so far (a monthly plan beside yearly renewals).
      const punctualShorter: Chain[] = [];
      for (const rule of CADENCE_RULES) {
        const worth = worthTrying(subset, rule);
        if (worth === 'no') continue;
        // Charges of very different sizes (a fund's purchases beside its dividend reinvestments) can
        // fall on one schedule's dates and get into its chain: where a long chain holds such sizes,
        // chains that keep to their size are grown too (on the calendar-month cadences, and not at
        // a shop paid more often than a few schedules would be: no chain there passes anyway).
        let mixedSizes = false;
        for (const keepToSize of [false, true]) {
          if (keepToSize && (!mixedSizes || rule.months === undefined || !fewAPeriod(subset, rule))) break;
          // Renewals among a monthly plan's charges at their price: a chain takes only charges on its day,
          // else the plan's charge a week before a renewal would take its place.
          const grown = growChains(subset, worth === 'renewals' ? YEARLY_ON_ITS_DAY : rule, keepToSize);
          const chains =
            worth === 'yes'
              ? grown
              : grown.filter(
                  (chain) =>
                    isPunctual(chain) &&
                    // Renewals among other charges of their price hold that price; whatever else falls yearly is no plan.
                    (worth !== 'renewals' || holdsAPrice(chain.occurrences.map((occurrence) => occurrence.amount))),
                );
          // Within a week or two, chains side by side are a thing bought every few days (milk), not schedules.
          const punctual = rule.months === undefined ? [] : chains.filter(isPunctual);
          for (const chain of chains) {
            const candidate = judge(chain, occurrences, parallelCharges(chain, punctual, punctualShorter));
            if (candidate) candidates.push(candidate);
          }
          if (!keepToSize) punctualShorter.push(...punctual);
          mixedSizes = grown.some(
            (chain) =>
              chain.occurrences.length >= PUNCTUAL.occurrences && spreadOfSizes(chain.occurrences) > MAX_RANGE_STRETCH,
          );
        }
      }
      // A prepaid plan renewed every 28-33 days walks through the month: no calendar day holds it.
      if (subset.length >= MIN_FROM_LAST_CHARGE && aboutMonthly(subset)) {
        for (const chain of growChains(subset, MONTHLY_FROM_LAST_CHARGE, false)) {
          const candidate = judge(chain, occurrences, NONE);
          if (candidate) candidates.push(candidate);
        }
      }
    }
  }

  // The chain that explains the most charges wins its rows; at equal size, the shorter cadence, then
  // the calendar's reading of a month over the interval's (its next date is the better guess).
  candidates.sort(
    (a, b) =>
      b.chain.occurrences.length - a.chain.occurrences.length ||
      a.chain.rule.meanDays - b.chain.rule.meanDays ||
      Number(a.chain.rule.fromLastCharge ?? false) - Number(b.chain.rule.fromLastCharge ?? false),
  );
  const kept: Candidate[] = [];
  for (const found of candidates) {
    let candidate: Candidate | null = found;
    if (found.chain.occurrences.some((occurrence) => occurrence.rows.some((row) => claimedRows.has(row.id))))
      candidate = unclaimedPart(found, claimedRows);
    if (!candidate) continue;
    for (const occurrence of candidate.chain.occurrences)
      for (const row of occurrence.rows) claimedRows.set(row.id, kept.length);
    kept.push(candidate);
  }
  return joinRenamed(joinFragments(kept))
    .map((candidate) => describe(candidate, options))
    .sort((a, b) => a.firstDate.localeCompare(b.firstDate) || a.merchant.localeCompare(b.merchant));
}

/**
 * What is left of a chain once a longer one has taken some of its charges (a stretch of one text
 * that a chain of the whole counterparty also holds): its own charges, when they are still a series.
 */
function unclaimedPart(candidate: Candidate, claimedRows: ReadonlyMap<string, number>): Candidate | null {
  const { chain } = candidate;
  const keep = chain.occurrences.map((occurrence) => occurrence.rows.every((row) => !claimedRows.has(row.id)));
  const occurrences = chain.occurrences.filter((_, index) => keep[index]);
  if (occurrences.length < MIN_OCCURRENCES) return null;
  return judge(
    {
      ...chain,
      occurrences,
      periods: chain.periods.filter((_, index) => keep[index]),
      offsets: chain.offsets.filter((_, index) => keep[index]),
    },
    candidate.group,
    candidate.parallel,
  );
}

/**
 * One series the bank printed under changing text, or that paused longer than a skip, comes out
 * of the chains in pieces; so does a charge shown in two views of one account (card and bank).
 * Pieces of one counterparty, direction and cadence at a compatible price are joined when one
 * follows the other, or when one's charges are copies of the other's.
 */
function joinFragments(candidates: readonly Candidate[]): Candidate[] {
  const byCounterparty = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const row = candidate.chain.occurrences[0].rows[0];
    const key = `${row.currency}|${row.amount < 0}|${coarseCounterpartyKey(seriesCounterpartyKey(row.description, row.merchant, row.category))}|${candidate.chain.rule.cadence}`;
    const list = byCounterparty.get(key);
    if (list) list.push(candidate);
    else byCounterparty.set(key, [candidate]);
  }
  const joined: Candidate[] = [];
  for (const [key, list] of byCounterparty) {
    // A category is no name either: several payees are filed under one.
    const coarse = key.split('|')[2];
    const named = coarse !== '' && !coarse.startsWith(CATEGORY_KEY_PREFIX);
    list.sort((a, b) => a.chain.occurrences[0].day - b.chain.occurrences[0].day);
    const open: Candidate[] = [];
    for (const candidate of list) {
      const into = open.find(
        (earlier) =>
          (pricesAgree(earlier, candidate) &&
            (follows(earlier, candidate) || copies(earlier, candidate) || copies(candidate, earlier))) ||
          // Without a name, a payment is known by its amount only: another amount is another payment.
          (named && continues(earlier, candidate)),
      );
      if (!into) {
        open.push({
          chain: {
            ...candidate.chain,
            occurrences: [...candidate.chain.occurrences],
            periods: [...candidate.chain.periods],
          },
          fixedAmount: candidate.fixedAmount,
          group: candidate.group,
          parallel: candidate.parallel,
        });
        continue;
      }
      const later = candidate.chain;
      into.chain.occurrences = [...into.chain.occurrences, ...later.occurrences].sort((a, b) => a.day - b.day);
      if (
        later.occurrences[later.occurrences.length - 1].day >=
        into.chain.occurrences[into.chain.occurrences.length - 1].day
      ) {
        into.chain.periods = [...into.chain.periods, ...later.periods];
        into.chain.anchor = later.anchor;
      }
      into.fixedAmount = into.fixedAmount && candidate.fixedAmount;
    }
    joined.push(...open);
  }
  return joined;
}

/**
 * A fixed payment whose text changed outright (`GH *GITHUB.COM` became `GITHUB SAN FRANCISCO`; a
 * diary's `ICICI prudential` became `Mutual fund A`) comes out as pieces under unrelated names.
 * A piece takes up where another left off when it starts on the next due date of that one (or
 * one later, a skipped period), at its price, on its cadence; of several such, the closest on
 * the calendar. Unnamed payments join named ones the same way: the person stopped typing the note.
 */
function joinRenamed(candidates: readonly Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.chain.occurrences[0].day - b.chain.occurrences[0].day);
  const joined: Candidate[] = [];
  for (const candidate of sorted) {
    let best: { into: Candidate; deviation: number } | null = null;
    for (const earlier of joined) {
      const deviation = renamedDeviation(earlier, candidate);
      if (deviation !== null && (!best || deviation < best.deviation)) best = { into: earlier, deviation };
    }
    if (!best) {
      joined.push(candidate);
      continue;
    }
    const into = best.into.chain;
    into.occurrences = [...into.occurrences, ...candidate.chain.occurrences];
    into.periods = [...into.periods, ...candidate.chain.periods];
    into.anchor = candidate.chain.anchor;
  }
  return joined;
}

/** How far `later` starts from the next due date of `earlier`, when it can be its continuation. */
function renamedDeviation(earlier: Candidate, later: Candidate): number | null {
  const { rule } = earlier.chain;
  // A renewal a year or half a year apart is often repriced (79, 99, 119): a piece of a long cadence
  // need not hold one price, only meet the other's price where they join.
  const repriced = (rule.months ?? 0) >= 6;
  if ((!repriced && (!earlier.fixedAmount || !later.fixedAmount)) || later.chain.rule !== rule) return null;
  const last = earlier.chain.occurrences[earlier.chain.occurrences.length - 1];
  const next = later.chain.occurrences[0];
  const lastRow = last.rows[0];
  const nextRow = next.rows[0];
  if (lastRow.currency !== nextRow.currency || lastRow.amount < 0 !== nextRow.amount < 0) return null;
  if (Math.abs(next.amount - last.amount) > last.amount * RENAMED_SAME_PRICE) return null;
  if (next.day <= last.day) return null;
  const step = rule.months ?? 1;
  const lastPeriod = earlier.chain.periods[earlier.chain.periods.length - 1];
  let best: number | null = null;
  for (let steps = 1; steps <= 2; steps += 1) {
    const deviation = Math.abs(next.day - expectedDay(rule, lastPeriod + steps * step, earlier.chain.anchor));
    if (deviation <= rule.tolerance && (best === null || deviation < best)) best = deviation;
  }
  return best;
}

function typicalAmount(candidate: Candidate): number {
  return median(candidate.chain.occurrences.slice(-6).map((occurrence) => occurrence.amount));
}

function pricesAgree(a: Candidate, b: Candidate): boolean {
  const ratio = typicalAmount(a) / typicalAmount(b);
  const limit = a.fixedAmount && b.fixedAmount ? 1.3 : a.fixedAmount || b.fixedAmount ? 1.5 : 3;
  return ratio <= limit && ratio >= 1 / limit;
}

/**
 * Whether `later` takes up where `earlier` stopped. After a pause longer than the series could
 * skip, only at the price it stopped at: a plan that comes back at another price (0.99 where it
 * stopped at 1.99) is another subscription.
 */
function follows(earlier: Candidate, later: Candidate): boolean {
  const { rule } = earlier.chain;
  const last = earlier.chain.occurrences[earlier.chain.occurrences.length - 1];
  const next = later.chain.occurrences[0];
  if (next.day < last.day - rule.tolerance) return false;
  const paused = next.day - last.day > (MAX_SKIPPED[rule.cadence] + 1) * rule.meanDays + rule.tolerance;
  return !paused || !earlier.fixedAmount || Math.abs(next.amount - last.amount) <= last.amount * SAME_PRICE;
}

/** A plan whose price changed (GitHub's 7.00 to 4.00) goes on at once: the next period, at another price. */
function continues(earlier: Candidate, later: Candidate): boolean {
  const last = earlier.chain.occurrences[earlier.chain.occurrences.length - 1];
  const gap = later.chain.occurrences[0].day - last.day;
  return (
    earlier.fixedAmount &&
    later.fixedAmount &&
    gap > 0 &&
    gap <= earlier.chain.rule.meanDays + earlier.chain.rule.tolerance
  );
}

/**
 * Whether b's charges are copies of a's: a card and a bank view of one charge show its amount on
 * days a day or two apart. Two holdings of one fund paid on the same days at their own sizes are
 * two series, not copies.
 */
function copies(a: Candidate, b: Candidate): boolean {
  const copied = b.chain.occurrences.filter((occurrence) =>
    a.chain.occurrences.some(
      (other) =>
        Math.abs(other.day - occurrence.day) <= COPY_WINDOW_DAYS + 1 &&
        Math.abs(other.amount - occurrence.amount) <= occurrence.amount * SAME_PRICE &&
        // A copy is another view of the charge (card and bank, raw and cleaned text); the same text
        // again days later is another charge (a second subscription, a second domain's renewal).
        other.rows[0].description !== occurrence.rows[0].description,
    ),
  ).length;
  return copied >= 0.7 * b.chain.occurrences.length;
}

function memoised(keyOf: (text: string) => string): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    let key = known.get(text);
    if (key === undefined) {
      key = keyOf(text);
      known.set(text, key);
    }
    return key;
  };
}

/** Rows grouped under one key; `from` is the one counterparty group they all come from, else null. */
interface Group {
  rows: RecurringInput[];
  from: string | null;
}

function addTo(map: Map<string, Group>, id: string, from: string, row: RecurringInput): void {
  const group = map.get(id);
  if (!group) {
    map.set(id, { rows: [row], from });
    return;
  }
  group.rows.push(row);
  if (group.from !== from) group.from = null;
}

/** Rows of one amount a day or two apart are one charge seen twice. */
function collapseCopies(rows: readonly RecurringInput[]): Occurrence[] {
  // A history is read in date order, so a group is too; ISO dates compare as plain strings.
  const inOrder = rows.every((row, index) => index === 0 || rows[index - 1].date <= row.date);
  const sorted = inOrder ? rows : [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const occurrences: Occurrence[] = [];
  const lastOfAmount = new Map<number, Occurrence>();
  for (const row of sorted) {
    const day = dayNumber(row.date);
    const previous = lastOfAmount.get(row.amount);
    if (previous && day - previous.day <= COPY_WINDOW_DAYS) {
      previous.rows.push(row);
      continue;
    }
    const occurrence = { day, date: row.date, amount: Math.abs(row.amount), rows: [row] };
    occurrences.push(occurrence);
    lastOfAmount.set(row.amount, occurrence);
  }
  return occurrences;
}

/**
 * The group split by price: each amount that recurs to the cent is a level of its own, for two products of one merchant (a 6.00 and a 12.00 plan billed on their own days).
 */
function priceLevels(occurrences: readonly Occurrence[]): Occurrence[][] {
  const byAmount = [...occurrences].sort((a, b) => a.amount - b.amount);
  const levels: Occurrence[][] = [];
  let current: Occurrence[] = [];
  for (const occurrence of byAmount) {
    const first = current[0];
    if (first && occurrence.amount !== first.amount) {
      levels.push(current);
      current = [];
    }
    current.push(occurrence);
  }
  if (current.length) levels.push(current);
  // One level is the whole group, already tried.
  if (levels.length < 2) return [];
  return levels.filter((level) => level.length >= MIN_OCCURRENCES).map((level) => level.sort((a, b) => a.day - b.day));
}

/** Charges on the very day a schedule says, period after period: a chain no shop produces by chance. */
const PUNCTUAL = { occurrences: 6, yearlyOccurrences: 4, coverage: 0.8, deviationDays: 1 };
/**
 * Yearly renewals of one price side by side (a domain each, renewed on the day it was bought, beside
 * a monthly plan at that price): a person may hold a dozen, each on its own day of the year.
 */
const MAX_YEARLY_PARALLEL = 12;
/** Charges a year at one price that a monthly plan and a dozen renewals make; a shop visited weekly makes more. */
const MAX_RENEWALS_A_YEAR = 24;
/** A yearly renewal among other charges at its price is on its day, a weekend either way. */
const YEARLY_ON_ITS_DAY: CadenceRule = { ...cadenceRule('yearly'), tolerance: 3 };
/** At most this many schedules of one counterparty side by side (three cards paid from one account). */
const MAX_PARALLEL = 3;

function isPunctual(chain: Chain): boolean {
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

/**
 * The charges of other punctual chains beside this one (in its span): two or three cards' autopays
 * under one text, two holdings of one fund. They explain the counterparty's other charges, which
 * then are no sign of a shop; more schedules than a person keeps at one counterparty explain nothing.
 */
const NONE: ReadonlySet<Occurrence> = new Set();

function parallelCharges(
  chain: Chain,
  punctual: readonly Chain[],
  punctualShorter: readonly Chain[] = [],
): ReadonlySet<Occurrence> {
  const from = chain.occurrences[0].day;
  const to = chain.occurrences[chain.occurrences.length - 1].day;
  const overlaps = (other: Chain) =>
    other !== chain && other.occurrences[0].day <= to && other.occurrences[other.occurrences.length - 1].day >= from;
  let beside = punctual.filter(overlaps);
  const yearly = chain.rule.cadence === 'yearly';
  if (yearly) {
    // A yearly renewal's other schedules at its price: the other renewals, and a shorter plan's
    // punctual charges. A monthly plan makes twelve yearly chains of its own charges: they are that plan.
    const shorter = punctualShorter.filter(overlaps);
    const ofShorter = new Set(shorter.flatMap((other) => other.occurrences));
    beside = [
      ...beside.filter((other) => !other.occurrences.every((occurrence) => ofShorter.has(occurrence))),
      ...shorter,
    ];
  }
  if (beside.length === 0 || beside.length >= (yearly ? MAX_YEARLY_PARALLEL : MAX_PARALLEL)) return NONE;
  return new Set(beside.flatMap((other) => other.occurrences));
}

/**
 * Whether a cadence is worth growing chains along: when the counterparty is paid far more often
 * than the cadence, no chain of its charges can pass the density test, and a daily shop would
 * keep thousands of chains open. 'parallel': the gaps are short, but only because a few
 * schedules run side by side (two deposits on the 5th and the 10th, two cards' autopays), at a
 * few charges a period; then only a chain on its very day each period is a schedule.
 */
function worthTrying(occurrences: readonly Occurrence[], rule: CadenceRule): 'yes' | 'parallel' | 'renewals' | 'no' {
  const gaps: number[] = [];
  // Between days with charges: two charges of one day (two holdings' dividends) are one visit.
  for (let index = 1; index < occurrences.length; index += 1) {
    const gap = occurrences[index].day - occurrences[index - 1].day;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return 'no';
  if (median(gaps) >= rule.meanDays / 4) return 'yes';
  if (fewAPeriod(occurrences, rule)) return 'parallel';
  // Several renewals of one price a year (a domain each) beside a monthly plan at it, all to the cent
  // (a price level): only chains on their very day.
  if (
    rule.cadence === 'yearly' &&
    perYear(occurrences) <= MAX_RENEWALS_A_YEAR &&
    occurrences.every((occurrence) => occurrence.amount === occurrences[0].amount)
  )
    return 'renewals';
  return 'no';
}

function perYear(occurrences: readonly Occurrence[]): number {
  return (occurrences.length * 365.25) / (occurrences[occurrences.length - 1].day - occurrences[0].day + 365.25);
}

/** No more charges a period, on average, than a few schedules side by side would make. */
function fewAPeriod(occurrences: readonly Occurrence[], rule: CadenceRule): boolean {
  const periods = (occurrences[occurrences.length - 1].day - occurrences[0].day) / rule.meanDays + 1;
  return occurrences.length <= MAX_PARALLEL * periods;
}

function periodOf(rule: CadenceRule, occurrence: Occurrence, firstDay: number): number {
  return rule.days !== undefined ? Math.round((occurrence.day - firstDay) / rule.days) : monthNumber(occurrence.date);
}

function offsetOf(rule: CadenceRule, day: number, period: number): number {
  return rule.days !== undefined ? day - period * rule.days : day - expectedDay(rule, period, 0);
}

/**
 * Grows chains along one cadence: each charge joins the open chain whose next expected date
 * (one, or after a skip two or three, periods on) it falls closest to, within the tolerance;
 * otherwise it starts a chain of its own.
 */
function growChains(occurrences: readonly Occurrence[], rule: CadenceRule, keepToSize: boolean): Chain[] {
  const step = rule.months ?? 1;
  const maxSteps = rule.fromLastCharge ? FROM_LAST_CHARGE_MAX_STEPS : MAX_SKIPPED[rule.cadence] + 1;
  const firstDay = occurrences[0].day;
  const open: Chain[] = [];
  const done: Chain[] = [];
  const ranges = new Map<Chain, AmountRange>();
  for (const occurrence of occurrences) {
    let best: { chain: Chain; period: number; deviation: number; misfit: number } | null = null;
    for (let index = open.length - 1; index >= 0; index -= 1) {
      const chain = open[index];
      const last = chain.periods[chain.periods.length - 1];
      if (occurrence.day > expectedDay(rule, last + maxSteps * step, chain.anchor) + slack(rule, maxSteps)) {
        // Past its last chance: the chain is closed.
        open.splice(index, 1);
        if (chain.occurrences.length >= MIN_OCCURRENCES) done.push(chain);
        continue;
      }
      for (let steps = 1; steps <= maxSteps; steps += 1) {
        const period = last + steps * step;
        const deviation = Math.abs(occurrence.day - expectedDay(rule, period, chain.anchor));
        if (deviation > slack(rule, steps)) continue;
        if (keepToSize && outOfRange(ranges.get(chain)!, occurrence.amount)) continue;
        // Two chains due the same day (two holdings of one fund): the charge goes on at its own size.
        const misfit = amountMisfit(chain, occurrence);
        if (!best || deviation < best.deviation || (deviation === best.deviation && misfit < best.misfit))
          best = { chain, period, deviation, misfit };
      }
    }
    if (best) {
      const range = ranges.get(best.chain)!;
      range.low = Math.min(range.low, occurrence.amount);
      range.high = Math.max(range.high, occurrence.amount);
      best.chain.periods.push(best.period);
      best.chain.offsets.push(offsetOf(rule, occurrence.day, best.period));
      best.chain.occurrences.push(occurrence);
      // Counted from the last charge, the schedule moves with it; on the calendar, its day is the recent charges' usual one.
      best.chain.anchor = rule.fromLastCharge
        ? occurrence.day - best.period * rule.days!
        : median(best.chain.offsets.slice(-RECENT_FOR_ANCHOR));
    } else {
      const period = periodOf(rule, occurrence, firstDay);
      const offset = offsetOf(rule, occurrence.day, period);
      const chain = { rule, periods: [period], offsets: [offset], occurrences: [occurrence], anchor: offset };
      ranges.set(chain, { low: occurrence.amount, high: occurrence.amount });
      open.push(chain);
    }
  }
  for (const chain of open) if (chain.occurrences.length >= MIN_OCCURRENCES) done.push(chain);
  return done;
}

/**
 * How far a charge may fall from its due date: a calendar schedule's tolerance, or, counted from the
 * last charge, that tolerance for each period since (a skipped renewal came 53 days after the last).
 */
function slack(rule: CadenceRule, steps: number): number {
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
const MAX_RANGE_STRETCH = 3;

/** How many times the largest charge is the smallest. */
function spreadOfSizes(occurrences: readonly Occurrence[]): number {
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

/** Whether the amounts hold a price, allowing a change or two of it (9.99 → 11.99). */
function holdsAPrice(amounts: readonly number[]): boolean {
  let changes = 0;
  for (let index = 1; index < amounts.length; index += 1) {
    if (Math.abs(amounts[index] - amounts[index - 1]) > Math.max(amounts[index - 1] * SAME_PRICE, 1)) changes += 1;
  }
  return changes <= Math.max(1, Math.floor(amounts.length / 6));
}

/** Whether amounts move by small steps from one charge to the next, however far they go in all. */
function driftsSmoothly(amounts: readonly number[]): boolean {
  if (amounts.length < MIN_DRIFTING_OCCURRENCES) return false;
  const steps: number[] = [];
  for (let index = 1; index < amounts.length; index += 1)
    steps.push(Math.abs(Math.log(amounts[index] / amounts[index - 1])));
  return median(steps) <= MAX_STEP_CHANGE;
}

/** A chain is a series when it is regular, covers its span, and the counterparty is not simply paid often. */
function judge(chain: Chain, group: readonly Occurrence[], parallel: ReadonlySet<Occurrence>): Candidate | null {
  if (chain.rule.fromLastCharge) return judgeFromLastCharge(chain, group);
  const { rule, occurrences, periods } = chain;
  const count = occurrences.length;
  const step = rule.months ?? 1;
  const spanned = (periods[count - 1] - periods[0]) / step + 1;
  if (count / spanned < (count <= 5 ? 0.8 : 0.7)) return null;
  const deviations = occurrences.map(
    (occurrence, index) => occurrence.day - expectedDay(rule, periods[index], chain.anchor),
  );
  if (medianAbsoluteDeviation(deviations, 0) > Math.ceil(rule.tolerance / 2)) return null;

  const amounts = occurrences.map((occurrence) => occurrence.amount);
  const fixedAmount = holdsAPrice(amounts);
  const income = occurrences[0].rows[0].amount > 0;
  const shortCadence = rule.days !== undefined;
  if (shortCadence && !fixedAmount && !income) return null;
  // A week or a fortnight is short: four on a weekday happen by chance at a place visited weekly.
  if (shortCadence && count < 6) return null;
  // Three charges are a series only at one price to the cent.
  if (count === MIN_OCCURRENCES && new Set(amounts).size > 1) return null;
  // Three or four charges a period apart at a varying price are a coincidence more often than a bill;
  // not so a yearly one (a renewal billed in another currency): four years of visits on one date are no chance.
  if (count < 5 && !fixedAmount && rule.cadence !== 'yearly') return null;
  // A bill varies around its level (a cold month costs more); a shop's receipts are all over the place.
  // A card's autopay is whatever the statement says, so a payment between own accounts may vary freely;
  // so may money paid in on the very day each period (a cash reward, a dividend): shops do not pay.
  if (
    !fixedAmount &&
    medianAbsoluteDeviation(amounts) > MAX_BILL_SPREAD * median(amounts) &&
    !driftsSmoothly(amounts) &&
    !OWN_MONEY.test(occurrences[0].rows[0].description.toLowerCase()) &&
    !(income && isPunctual(chain))
  ) {
    return null;
  }
  // Money paid in is never a shop's: a card's cash reward filed as transport by a categoriser's guess is still a reward.
  const discretionary =
    !income && occurrences.some((occurrence) => DISCRETIONARY.test((occurrence.rows[0].category ?? '').toLowerCase()));
  if (discretionary && (count < 6 || !fixedAmount)) return null;

  // How often the counterparty is paid in the series' span, beside the series itself: a bill's
  // payee is paid on schedule and hardly otherwise; a shop is visited whenever, at any price.
  const from = occurrences[0].day - rule.tolerance;
  const to = occurrences[count - 1].day + rule.tolerance;
  // Charges of another size altogether (a small adjustment, a one-off top-up) are not rivals of the series.
  const low = Math.min(...amounts) / 2;
  const high = Math.max(...amounts) * 2;
  // A charge on the very day of one of the series' own (a dividend's payment in lieu beside it, a
  // second holding's reinvestment) is a companion of the schedule, not a visit to a shop.
  const ownDays = new Set(occurrences.map((occurrence) => occurrence.day));
  const own = new Set(occurrences);
  const inSpan = group.filter(
    (occurrence) =>
      occurrence.day >= from &&
      occurrence.day <= to &&
      occurrence.amount >= low &&
      occurrence.amount <= high &&
      (own.has(occurrence) || (!ownDays.has(occurrence.day) && !parallel.has(occurrence))),
  );
  const levels = [...new Set(amounts)];
  const nearPrice = inSpan.filter((occurrence) =>
    levels.some((level) => Math.abs(occurrence.amount - level) <= level * NEAR_PRICE),
  ).length;
  if (shortCadence || !fixedAmount) {
    if (inSpan.length / count > MAX_VARYING_DENSITY) return null;
  } else if (
    nearPrice / count >
    (rule.months !== undefined && !discretionary ? MAX_SAME_PRICE_DENSITY : MAX_VARYING_DENSITY)
  ) {
    return null;
  }
  return { chain, fixedAmount, group, parallel };
}

/** A month read from the last charge needs more charges than the calendar's: no day of the month vouches for it. */
const MIN_FROM_LAST_CHARGE = 6;
/** Counted from the last charge, one renewal may be skipped, no more: the count drifts further with each. */
const FROM_LAST_CHARGE_MAX_STEPS = 2;
/** A prepaid plan is bought at its price (a top-up bought when the credit runs out is any amount). */
const FROM_LAST_CHARGE_SPREAD = 0.05;
/** Other charges of the counterparty in the series' span, per charge of it: hardly any. */
const FROM_LAST_CHARGE_OTHERS = 0.2;

/**
 * A series counted from its last charge (a prepaid plan renewed every 28-33 days) has no calendar
 * day to keep, so it must keep everything else: each renewal 26-35 days after the one before (one
 * skipped at most), about one price, hardly any other charges of the counterparty in its span,
 * and no everyday spending (a café visited about monthly).
 */
function judgeFromLastCharge(chain: Chain, group: readonly Occurrence[]): Candidate | null {
  const { rule, occurrences, periods } = chain;
  const count = occurrences.length;
  if (count < MIN_FROM_LAST_CHARGE) return null;
  const spanned = periods[count - 1] - periods[0] + 1;
  if (count / spanned < 0.8) return null;
  for (let index = 1; index < count; index += 1) {
    const steps = periods[index] - periods[index - 1];
    const gap = occurrences[index].day - occurrences[index - 1].day;
    if (steps < 1 || Math.abs(gap - steps * rule.days!) > slack(rule, steps)) return null;
  }
  const amounts = occurrences.map((occurrence) => occurrence.amount);
  const typical = median(amounts);
  if (medianAbsoluteDeviation(amounts, typical) > FROM_LAST_CHARGE_SPREAD * typical) return null;
  const income = occurrences[0].rows[0].amount > 0;
  if (
    !income &&
    occurrences.some((occurrence) => DISCRETIONARY.test((occurrence.rows[0].category ?? '').toLowerCase()))
  )
    return null;
  const from = occurrences[0].day - rule.tolerance;
  const to = occurrences[count - 1].day + rule.tolerance;
  const own = new Set(occurrences);
  const others = group.filter(
    (occurrence) => occurrence.day >= from && occurrence.day <= to && !own.has(occurrence),
  ).length;
  if (others > FROM_LAST_CHARGE_OTHERS * count) return null;
  return { chain, fixedAmount: holdsAPrice(amounts), group, parallel: NONE };
}

/**
 * Whether charges come about a month apart, as a plan renewed from its last charge makes them (with
 * hardly any others, its median gap is 26-35 days): a shop visited weekly is not worth the chains.
 */
function aboutMonthly(occurrences: readonly Occurrence[]): boolean {
  const gaps: number[] = [];
  for (let index = 1; index < occurrences.length; index += 1)
    gaps.push(occurrences[index].day - occurrences[index - 1].day);
  const rule = MONTHLY_FROM_LAST_CHARGE;
  return median(gaps) >= rule.days! - rule.tolerance;
}

/** The usual days between renewals of a series counted from its last charge: the recent single gaps. */
function usualInterval(days: readonly number[]): number {
  const gaps: number[] = [];
  for (let index = Math.max(1, days.length - RECENT_FOR_ANCHOR); index < days.length; index += 1) {
    const gap = days[index] - days[index - 1];
    if (gap <= MONTHLY_FROM_LAST_CHARGE.days! + MONTHLY_FROM_LAST_CHARGE.tolerance) gaps.push(gap);
  }
  return gaps.length ? Math.round(median(gaps)) : Math.round(MONTHLY_FROM_LAST_CHARGE.days!);
}

function describe(candidate: Candidate, options: DetectOptions): DetectedSeries {
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
  const payment = `${amount < 0 ? 'payment' : 'deposit'} of ${(Math.abs(amount) / 100).toFixed(2)} ${currency}`;
  return filedUnder ? `${merchantDisplayName(filedUnder)}: ${payment}` : merchantDisplayName(payment);
}

/**
 * The next date a schedule expects after the given charge dates (ascending), read the way the
 * detector reads a series: each date placed on the period it falls closest to, the day within
 * the period the median of theirs.
 */
export function nextExpectedDate(cadence: Cadence, allDates: readonly string[]): string {
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
