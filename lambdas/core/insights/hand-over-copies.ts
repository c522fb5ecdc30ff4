import { dayNumber } from './calendar-days';
import { seriesCounterpartyKey } from './counterparty-key';
import type { Candidate } from './judge-chain';
import type { Occurrence } from './recurring-chain';
import type { RecurringInput } from './recurring-series';

/**
 * Rows folded as copies into another text's charge, given back to their own text's series.
 *
 * Under a coarse key two texts of one amount a day or two apart fold into one charge, as a
 * card's and a bank's view of it would (`Mutual fund B` on the 8th beside `Mutual fund C` on the
 * 10th, 1,000 each). The longer chain of that coarse group then holds both rows, and the chain
 * of `Mutual fund B`'s own text, which has the row as its charge of that month, loses it, and
 * with it its monthly reading. When a chain of one text finds some of its charges held this way
 * (the holder's charge keeps rows of its own text, so it loses no charge of its own) and most of
 * its charges free, the rows are its charges: the holder gives them up.
 */
export function handOverCopies(
  found: Candidate,
  kept: Candidate[],
  claimedRows: Map<string, number>,
  keyOf: (row: RecurringInput) => string,
): boolean {
  const { occurrences } = found.chain;
  const key = keyOf(occurrences[0].rows[0]);
  const taken = occurrences.filter((occurrence) => occurrence.rows.some((row) => claimedRows.has(row.id)));
  // Mostly its own charges, none another text's copy: a chain of a feed's cleaned copies is no series of its own.
  if (taken.length * 2 >= occurrences.length) return false;
  if (occurrences.some((occurrence) => occurrence.rows.some((row) => keyOf(row) !== key))) return false;
  const handovers: { holder: number; from: Occurrence; rows: Set<string> }[] = [];
  for (const occurrence of taken) {
    const holder = claimedRows.get(occurrence.rows[0].id);
    if (holder === undefined) return false;
    const ids = new Set(occurrence.rows.map((row) => row.id));
    if (occurrence.rows.some((row) => claimedRows.get(row.id) !== holder)) return false;
    const from = kept[holder].chain.occurrences.find((held) => held.rows.some((row) => ids.has(row.id)));
    // The holder's charge must keep rows, of another text only, once these are given back.
    const rest = from?.rows.filter((row) => !ids.has(row.id)) ?? [];
    if (!from || rest.length === 0 || rest.some((row) => keyOf(row) === key)) return false;
    handovers.push({ holder, from, rows: ids });
  }
  const index = kept.length;
  for (const { holder, from, rows } of handovers) {
    const candidate = kept[holder];
    const rest = from.rows.filter((row) => !rows.has(row.id));
    const remaining: Occurrence = {
      day: dayNumber(rest[0].date),
      date: rest[0].date,
      amount: Math.abs(rest[0].amount),
      rows: rest,
    };
    kept[holder] = {
      ...candidate,
      chain: {
        ...candidate.chain,
        occurrences: candidate.chain.occurrences.map((held) => (held === from ? remaining : held)),
      },
    };
    for (const id of rows) claimedRows.set(id, index);
  }
  for (const occurrence of occurrences) for (const row of occurrence.rows) claimedRows.set(row.id, index);
  kept.push({ ...found, ownCharges: true });
  return true;
}

/** The key of a row's own text, for telling copies of two texts apart. */
export function ownTextKey(row: RecurringInput): string {
  return seriesCounterpartyKey(row.description, row.merchant, row.category);
}
