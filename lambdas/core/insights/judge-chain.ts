import { expectedDay } from './cadence';
import { median, medianAbsoluteDeviation } from './calendar-days';
import { CATEGORY_KEY_PREFIX, seriesCounterpartyKey } from './counterparty-key';
import { saysNothing } from './unsaid-category';
import { textNamesAnObligation } from './recurring-kind';
import {
  MAX_RANGE_STRETCH,
  MIN_OCCURRENCES,
  PUNCTUAL,
  isPunctual,
  slack,
  spreadOfSizes,
  type Chain,
  type Occurrence,
} from './recurring-chain';

/**
 * Judging a chain: whether charges strung along a cadence are a series (regular, covering their
 * span, at a price or a bill's spread) or a shop visited often that happened to fit.
 */

/** No parallel schedules: every other charge of the counterparty is a rival. */
export const NONE: ReadonlySet<Occurrence> = new Set();

export interface Candidate {
  chain: Chain;
  fixedAmount: boolean;
  /** Every charge of the counterparty group the chain was grown in: the rivals it was judged against. */
  group: readonly Occurrence[];
  /** Charges of the group that belong to a parallel schedule (another card's autopay): not rivals. */
  parallel: ReadonlySet<Occurrence>;
  /** Set when rows folded as copies into another text's charges were given back to it: its charges are its own, no copies. */
  ownCharges?: true;
  /** Set when the series was found from fewer charges than usual because its text names its cadence: those words. */
  cadenceNamed?: string;
}

/** Two amounts within this share of each other are one price. */
export const SAME_PRICE = 0.03;
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
/**
 * Whether a chain's charges are filed as everyday spending: more than a fifth of them, so that one
 * charge a categoriser misfiled (a domain renewal under transport) does not make six years of a
 * bill a shop's.
 */
export function filedAsEveryday(occurrences: readonly Occurrence[]): boolean {
  const everyday = occurrences.filter((occurrence) =>
    DISCRETIONARY.test((occurrence.rows[0].category ?? '').toLowerCase()),
  ).length;
  return everyday > occurrences.length * EVERYDAY_SHARE;
}

/** Whether most of a chain's charges are filed under a category that says nothing (`Other`, none). */
export function filedAsUnsaid(occurrences: readonly Occurrence[]): boolean {
  const unsaid = occurrences.filter((occurrence) => saysNothing(occurrence.rows[0].category)).length;
  return unsaid * 2 > occurrences.length;
}
const EVERYDAY_SHARE = 0.2;

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
export const NEAR_PRICE = 0.15;
/**
 * A week or a fortnight is short, and so is a chain of four or five charges: among top-ups bought
 * whenever the credit runs out (every 1-49 days, one price), such a chain falls out by chance. Other
 * charges of the counterparty beside a short-cadence chain, per charge of it; and beside a short
 * fixed-price chain of a month or longer, other charges at about its price (parallel plans at one
 * merchant are not counted: each is a schedule of its own).
 */
const MAX_SHORT_CADENCE_OTHERS = 0.25;
const MAX_SHORT_CHAIN_SAME_PRICE_OTHERS = 3;
/** A varying amount is only a bill when the counterparty is hardly paid outside the schedule. */
const MAX_VARYING_DENSITY = 1.34;

/** Whether the amounts hold a price, allowing a change or two of it (9.99 → 11.99). */
export function holdsAPrice(amounts: readonly number[]): boolean {
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
export function judge(chain: Chain, group: readonly Occurrence[], parallel: ReadonlySet<Occurrence>): Candidate | null {
  if (chain.rule.fromLastCharge) return judgeFromLastCharge(chain, group);
  const { rule, occurrences, periods } = chain;
  const count = occurrences.length;
  const step = rule.months ?? 1;
  const spanned = (periods[count - 1] - periods[0]) / step + 1;
  const deviations = occurrences.map(
    (occurrence, index) => occurrence.day - expectedDay(rule, periods[index], chain.anchor),
  );
  const typed = typedByHand(occurrences);
  if (typed && isWholeOfItsCategory(chain, group, deviations) && count / spanned >= HAND_TYPED_COVERAGE)
    return { chain, fixedAmount: holdsAPrice(occurrences.map((occurrence) => occurrence.amount)), group, parallel };
  if (count / spanned < (count <= 5 ? 0.8 : typed ? HAND_TYPED_COVERAGE : 0.7)) return null;
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
    !income && filedAsEveryday(occurrences) && !textNamesAnObligation(occurrences[0].rows[0].description);
  const unsaid = !income && !discretionary && !typed && filedAsUnsaid(occurrences);
  if (unsaid && count === MIN_OCCURRENCES && (rule.months ?? 0) < 6) return null;
  if (unsaid && count < 5 && !fixedAmount && spreadOfSizes(occurrences) > MAX_RANGE_STRETCH) return null;
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
  if (shortCadence && inSpan.length - count > count * MAX_SHORT_CADENCE_OTHERS) return null;
  if (
    !shortCadence &&
    fixedAmount &&
    count < PUNCTUAL.occurrences &&
    nearPrice - count > MAX_SHORT_CHAIN_SAME_PRICE_OTHERS
  )
    return null;
  if (shortCadence || !fixedAmount) {
    if (inSpan.length / count > MAX_VARYING_DENSITY) return null;
  } else if (
    nearPrice / count >
    (rule.months !== undefined && !discretionary && !(unsaid && !isPunctual(chain))
      ? MAX_SAME_PRICE_DENSITY
      : MAX_VARYING_DENSITY)
  ) {
    return null;
  }
  return { chain, fixedAmount, group, parallel };
}

/**
 * A payee known only by the category the person files its payments under (a typed diary's empty
 * note: `Rent`, `Cook`, `maid`) is written down by hand, and a month the person forgot to write
 * down is no month the payee skipped: six charges or more may cover 60% of their months, not 70%
 * (wages paid around the 1st, with four months unrecorded in a year).
 */
const HAND_TYPED_COVERAGE = 0.6;

function typedByHand(occurrences: readonly Occurrence[]): boolean {
  const first = occurrences[0].rows[0];
  return seriesCounterpartyKey(first.description, first.merchant, first.category).startsWith(CATEGORY_KEY_PREFIX);
}

/**
 * When every payment ever filed under such a category falls on one day of the month, the
 * category is that payee's: then four payments are enough, on their day within one day, and the
 * amount may move as wages and rents do (not in an everyday category: a grocer's few visits can
 * fall on one day by chance).
 */
const WHOLE_CATEGORY = { occurrences: 4, deviationDays: 1 };

function isWholeOfItsCategory(chain: Chain, group: readonly Occurrence[], deviations: readonly number[]): boolean {
  const { occurrences, rule } = chain;
  if (occurrences.length < WHOLE_CATEGORY.occurrences || occurrences.length !== group.length) return false;
  if (rule.months === undefined || medianAbsoluteDeviation(deviations, 0) > WHOLE_CATEGORY.deviationDays) return false;
  return occurrences[0].rows[0].amount < 0 && !filedAsEveryday(occurrences);
}

/** A month read from the last charge needs more charges than the calendar's: no day of the month vouches for it. */
export const MIN_FROM_LAST_CHARGE = 6;
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
  if (!income && filedAsEveryday(occurrences)) return null;
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
 * What is left of a chain once a longer one has taken some of its charges (a stretch of one text
 * that a chain of the whole counterparty also holds): its own charges, when they are still a series.
 */
export function unclaimedPart(candidate: Candidate, claimedRows: ReadonlyMap<string, number>): Candidate | null {
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
