import { counterpartyGroups, collapseCopies, memoised } from './recurring-groups';
import { MIN_NAMED_OCCURRENCES, cadenceNamedIn, continueUnderNewText, namedCadenceCandidates } from './named-cadence';
import { MIN_OCCURRENCES } from './recurring-chain';
import { unclaimedPart, type Candidate } from './judge-chain';
import { candidatesOf } from './fit-cadences';
import { joinFragments, joinRenamed } from './join-series-pieces';
import { describe } from './describe-series';
import { handOverCopies, ownTextKey } from './hand-over-copies';
import type { DetectOptions, DetectedSeries, RecurringInput } from './recurring-series';

export type { DetectOptions, DetectedSeries, PriceChange, RecurringInput } from './recurring-series';
export { nextExpectedDate } from './describe-series';

/**
 * Finds recurring series in one person's history: runs of charges to (or from) one counterparty
 * on a calendar schedule. Rows are grouped by counterparty, direction and currency
 * (`recurring-groups.ts`); within a group, chains are grown per cadence along the calendar (a bill
 * due on the 3rd is expected on the 3rd of each month, a few days either way, a skipped month
 * allowed: `recurring-chain.ts`), for the whole group and for each price level apart (two products
 * of one merchant: `fit-cadences.ts`). A chain is kept when it is regular, covers its span, and is
 * not just a shop visited often (`judge-chain.ts`); overlapping chains are resolved in favour of
 * the one that explains more charges, and pieces of one series are joined (`join-series-pieces.ts`)
 * before each is described for the person (`describe-series.ts`). A text that names its cadence
 * ("1 month subscription", "recharge 365 days") makes a series of that cadence from fewer charges
 * (`named-cadence.ts`).
 */
export function detectRecurring(transactions: readonly RecurringInput[], options: DetectOptions): DetectedSeries[] {
  const candidates: Candidate[] = [];
  const namedIn = memoised(cadenceNamedIn);
  for (const rows of counterpartyGroups(transactions)) {
    if (rows.length < MIN_NAMED_OCCURRENCES) continue;
    const occurrences = collapseCopies(rows);
    if (occurrences.length >= MIN_OCCURRENCES) candidates.push(...candidatesOf(occurrences));
    // A text that names its cadence ("1 month subscription", "ANNUAL FEE") vouches for it with fewer charges.
    candidates.push(...namedCadenceCandidates(occurrences, namedIn));
  }

  // The chain that explains the most charges wins its rows; at equal size, the shorter cadence, then
  // the calendar's reading of a month over the interval's (its next date is the better guess). A
  // chain that lost charges to one before it is judged on the rest and waits its turn at its new
  // size (a quarterly reading of a monthly plan, left with five charges, comes after the monthly
  // reading of thirteen).
  const before = (a: Candidate, b: Candidate) =>
    b.chain.occurrences.length - a.chain.occurrences.length ||
    a.chain.rule.meanDays - b.chain.rule.meanDays ||
    Number(a.chain.rule.fromLastCharge ?? false) - Number(b.chain.rule.fromLastCharge ?? false);
  const queue = candidates.sort(before);
  const claimedRows = new Map<string, number>();
  const kept: Candidate[] = [];
  for (let index = 0; index < queue.length; index += 1) {
    const found = queue[index];
    if (found.chain.occurrences.some((occurrence) => occurrence.rows.some((row) => claimedRows.has(row.id)))) {
      if (handOverCopies(found, kept, claimedRows, ownTextKey)) continue;
      const rest = unclaimedPart(found, claimedRows);
      if (rest) queue.splice(waitingPlace(queue, index + 1, rest, before), 0, rest);
      continue;
    }
    for (const occurrence of found.chain.occurrences)
      for (const row of occurrence.rows) claimedRows.set(row.id, kept.length);
    kept.push(found);
  }
  continueUnderNewText(kept, transactions, claimedRows, namedIn);
  return joinRenamed(joinFragments(kept))
    .map((candidate) => describe(candidate, options))
    .sort((a, b) => a.firstDate.localeCompare(b.firstDate) || a.merchant.localeCompare(b.merchant));
}

/** Where a candidate goes in the queue from `from` on, after those that come before it. */
function waitingPlace(
  queue: readonly Candidate[],
  from: number,
  candidate: Candidate,
  before: (a: Candidate, b: Candidate) => number,
): number {
  let place = from;
  while (place < queue.length && before(queue[place], candidate) <= 0) place += 1;
  return place;
}
