import { cadenceRule, expectedDay } from './cadence';
import { median } from './calendar-days';
import { CATEGORY_KEY_PREFIX, coarseCounterpartyKey, productKey, seriesCounterpartyKey } from './counterparty-key';
import { MAX_SKIPPED, type Occurrence } from './recurring-chain';
import { COPY_WINDOW_DAYS } from './recurring-groups';
import { SAME_PRICE, type Candidate } from './judge-chain';

/**
 * Joining pieces of one series: the chains a series comes out in when its bank text changed,
 * it paused, its price changed, or it shows in two views of one account.
 */

/**
 * A payment whose text changed outright continues the old one only at its price to within 1%: a
 * renamed plan keeps its price, while a move to another landlord at a rent 2.5% higher, paid on
 * the same day of the month, is a new series.
 */
const RENAMED_SAME_PRICE = 0.01;

/**
 * One series the bank printed under changing text, or that paused longer than a skip, comes out
 * of the chains in pieces; so does a charge shown in two views of one account (card and bank).
 * Pieces of one counterparty, direction and cadence at a compatible price are joined when one
 * follows the other, or when one's charges are copies of the other's.
 */
export function joinFragments(candidates: readonly Candidate[]): Candidate[] {
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
          ...(candidate.ownCharges ? { ownCharges: true as const } : {}),
          ...(candidate.cadenceNamed ? { cadenceNamed: candidate.cadenceNamed } : {}),
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
 * A varying bill renamed (`PROJECT FI` became `GOOGLE FI`) joins the same way at its level, and
 * its first charges may be copies of the other piece's last (a cleaned text shown beside the raw one).
 */
export function joinRenamed(candidates: readonly Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.chain.occurrences[0].day - b.chain.occurrences[0].day);
  const joined: Candidate[] = [];
  for (const candidate of sorted) {
    let best: { into: Candidate; join: RenamedJoin } | null = null;
    for (const earlier of joined) {
      const join = renamedJoin(earlier, candidate);
      if (join && (!best || join.deviation < best.join.deviation)) best = { into: earlier, join };
    }
    if (!best) {
      joined.push(candidate);
      continue;
    }
    const into = best.into.chain;
    const { copied } = best.join;
    copied.forEach((original, index) => original.rows.push(...candidate.chain.occurrences[index].rows));
    into.occurrences = [...into.occurrences, ...candidate.chain.occurrences.slice(copied.length)];
    into.periods = [...into.periods, ...candidate.chain.periods.slice(copied.length)];
    into.anchor = candidate.chain.anchor;
  }
  return joined;
}

/** How a piece continues another: how far it starts from the next due date, and which of the other's charges its first ones copy. */
interface RenamedJoin {
  deviation: number;
  copied: Occurrence[];
}

/** A varying bill's level where two pieces meet (the median of three charges on each side) agrees to this ratio. */
const RENAMED_BILL_LEVEL = 1.5;
/** Charges each piece of a renamed varying bill has, at the least. */
const RENAMED_BILL_CHARGES = 6;
/** At most this many of a renamed piece's first charges may be copies of the other piece's last. */
const MAX_OVERLAPPING_COPIES = 2;

/** Whether and how `later` takes up where `earlier` left off. */
function renamedJoin(earlier: Candidate, later: Candidate): RenamedJoin | null {
  const { rule } = earlier.chain;
  if (later.chain.rule !== rule) return null;
  // A renewal a year or half a year apart is often repriced (79, 99, 119): a piece of a long cadence
  // need not hold one price, only meet the other's price where they join.
  const repriced = (rule.months ?? 0) >= 6;
  // Money paid in that varies (dividends) comes from holdings side by side: one ending as another
  // starts at its level is no rename.
  // A monthly bill, each piece half a year or more: two shorter varying chains of two payees that
  // happen to meet on a due date (two shops' quarterly coincidences) are no rename.
  const bills =
    !earlier.fixedAmount &&
    !later.fixedAmount &&
    rule.months === 1 &&
    earlier.chain.occurrences.length >= RENAMED_BILL_CHARGES &&
    later.chain.occurrences.length >= RENAMED_BILL_CHARGES &&
    earlier.chain.occurrences[0].rows[0].amount < 0;
  if (!repriced && !bills && (!earlier.fixedAmount || !later.fixedAmount)) return null;
  const before = earlier.chain.occurrences;
  const last = before[before.length - 1];
  // Only a bill's pieces overlap by copies: a fixed price recurs a day or two apart in a second plan.
  const copied = bills ? leadingCopies(before, later.chain.occurrences) : [];
  const after = later.chain.occurrences.slice(copied.length);
  if (after.length === 0) return null;
  const next = after[0];
  const lastRow = last.rows[0];
  const nextRow = next.rows[0];
  if (lastRow.currency !== nextRow.currency || lastRow.amount < 0 !== nextRow.amount < 0) return null;
  if (bills && !repriced) {
    const ratio = levelOf(before.slice(-3)) / levelOf(after.slice(0, 3));
    if (ratio > RENAMED_BILL_LEVEL || ratio < 1 / RENAMED_BILL_LEVEL) return null;
  } else if (Math.abs(next.amount - last.amount) > last.amount * RENAMED_SAME_PRICE) return null;
  if (next.day <= last.day) return null;
  const step = rule.months ?? 1;
  const lastPeriod = earlier.chain.periods[earlier.chain.periods.length - 1];
  let best: number | null = null;
  for (let steps = 1; steps <= 2; steps += 1) {
    const deviation = Math.abs(next.day - expectedDay(rule, lastPeriod + steps * step, earlier.chain.anchor));
    if (deviation <= rule.tolerance && (best === null || deviation < best)) best = deviation;
  }
  return best === null ? null : { deviation: best, copied };
}

function levelOf(occurrences: readonly Occurrence[]): number {
  return median(occurrences.map((occurrence) => occurrence.amount));
}

/** For the first charges of `later` that copy one of the last of `earlier` (its amount, a day or two apart), those charges of `earlier`. */
function leadingCopies(earlier: readonly Occurrence[], later: readonly Occurrence[]): Occurrence[] {
  const copied: Occurrence[] = [];
  const recent = earlier.slice(-MAX_OVERLAPPING_COPIES - 1);
  for (const occurrence of later.slice(0, MAX_OVERLAPPING_COPIES)) {
    const original = recent.find(
      (other) =>
        !copied.includes(other) &&
        Math.abs(other.day - occurrence.day) <= COPY_WINDOW_DAYS &&
        Math.abs(other.amount - occurrence.amount) <= other.amount * SAME_PRICE,
    );
    if (!original) break;
    copied.push(original);
  }
  return copied;
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
 * stopped at 1.99) is another subscription, and so is one back on another day under another text. A quarterly or longer series goes on on its own days,
 * paused or not: a yearly plan renewed in November is not continued by another renewed in July
 * (a monthly plan's day moves by days when it restarts; a yearly one's date is the plan).
 */
function follows(earlier: Candidate, later: Candidate): boolean {
  const { rule } = earlier.chain;
  const last = earlier.chain.occurrences[earlier.chain.occurrences.length - 1];
  const next = later.chain.occurrences[0];
  if (next.day < last.day - rule.tolerance) return false;
  if ((rule.months ?? 0) >= 3 && !onDueDate(earlier.chain, next.day)) return false;
  const paused = next.day - last.day > (MAX_SKIPPED[rule.cadence] + 1) * rule.meanDays + rule.tolerance;
  if (!paused) return true;
  // Back after a pause on another day and under another text (`Spotify USA 877…` on the 28th, then
  // `ADY*Spotify` on the 5th) is another subscription; a plan resumed under its own text may have a
  // new day (a membership paused for months, then billed on the 19th instead of the 13th).
  if (
    !onDueDate(earlier.chain, next.day) &&
    productKey(last.rows[0].description) !== productKey(next.rows[0].description)
  )
    return false;
  return !earlier.fixedAmount || Math.abs(next.amount - last.amount) <= last.amount * SAME_PRICE;
}

/** Whether a day is on a due date of the chain's schedule after its last charge, however many periods on. */
function onDueDate(chain: Candidate['chain'], day: number): boolean {
  const rule = cadenceRule(chain.rule.cadence);
  const step = rule.months ?? 1;
  const lastPeriod = chain.periods[chain.periods.length - 1];
  const around = Math.max(1, Math.round((day - expectedDay(rule, lastPeriod, chain.anchor)) / rule.meanDays));
  for (let steps = Math.max(1, around - 1); steps <= around + 1; steps += 1)
    if (Math.abs(day - expectedDay(rule, lastPeriod + steps * step, chain.anchor)) <= rule.tolerance) return true;
  return false;
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
  // Rows once folded as copies of another text and given back are that text's own charges.
  if (a.ownCharges || b.ownCharges) return false;
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
