import { CADENCE_RULES, MONTHLY_FROM_LAST_CHARGE, cadenceRule, type CadenceRule } from './cadence';
import { median } from './calendar-days';
import {
  MAX_RANGE_STRETCH,
  MIN_OCCURRENCES,
  PUNCTUAL,
  growChains,
  isPunctual,
  spreadOfSizes,
  type Chain,
  type Occurrence,
} from './recurring-chain';
import { MIN_FROM_LAST_CHARGE, NONE, holdsAPrice, judge, type Candidate } from './judge-chain';
import { priceLevels } from './recurring-groups';

/**
 * Fitting cadences to one group's charges: which cadences are worth growing chains along, the
 * chains grown, and the candidates among them that pass judgement.
 */

/**
 * The candidates among one group's charges: along each cadence worth trying, chains grown for the
 * whole group and for each price level apart (two products of one merchant), and those judged a
 * series; plus "monthly" counted from the last charge where charges come about a month apart.
 */
export function candidatesOf(occurrences: readonly Occurrence[]): Candidate[] {
  const candidates: Candidate[] = [];
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
  return candidates;
}

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

/**
 * The charges of other punctual chains beside this one (in its span): two or three cards' autopays
 * under one text, two holdings of one fund. They explain the counterparty's other charges, which
 * then are no sign of a shop; more schedules than a person keeps at one counterparty explain nothing.
 */
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
