import { dayNumber } from './calendar-days';
import type { DetectedSeries, RecurringInput } from './detect-recurring';

export interface PriceRise {
  /** Which of the given series it was found in. */
  seriesIndex: number;
  merchant: string;
  name: string;
  currency: string;
  cadence: DetectedSeries['cadence'];
  /** The first charge at the new price, and its date. */
  transactionId: string;
  date: string;
  /** Signed minor units, as the series' charges are. */
  from: number;
  to: number;
}

/** Charges at one price this many times in a row make it the price. */
const STABLE_CHARGES = 3;
/** Amounts within this share of each other are one price (a rounding, a currency's cents). */
const SAME_PRICE = 0.01;
/** A charge this much above the price is a rise... */
const MIN_RISE = 0.03;
/** ...and one more than this many times it is an unusual amount instead, not a new price. */
const MAX_RISE = 2;

/**
 * Every time a recurring charge's price went up: along each series of money out (pieces of one
 * series at one counterparty and cadence read as one, since a detector may cut a series where
 * its price changed), a charge above a price held for the three charges before it, unless the
 * charge after it went back to the old price (a one-off extra, not a new price). Copies of one
 * charge (the same date) count once. Series membership is read from the recurring detector, so
 * each rise is found on the charge where it happened; a price change the detector itself
 * reports and this scan did not see is added too.
 */
export function priceRises(
  series: readonly DetectedSeries[],
  rowsById: (id: string) => RecurringInput | undefined,
): PriceRise[] {
  const groups = new Map<string, DetectedSeries[]>();
  for (const [index, one] of series.entries()) {
    if (one.direction !== 'out') continue;
    // Series with no name (a diary's amount-only rows) are never pieces of one another.
    const key = one.merchant ? `${one.currency}|${one.merchant}|${one.cadence}` : `#${index}`;
    groups.set(key, [...(groups.get(key) ?? []), one]);
  }
  const rises: PriceRise[] = [];
  for (const pieces of groups.values()) {
    const byDate = new Map<string, RecurringInput>();
    for (const piece of pieces)
      for (const id of piece.transactionIds) {
        const row = rowsById(id);
        if (row && !byDate.has(row.date)) byDate.set(row.date, row);
      }
    const charges = [...byDate.values()].sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
    const [first] = pieces;
    for (let index = STABLE_CHARGES; index < charges.length; index += 1) {
      const before = charges.slice(index - STABLE_CHARGES, index).map((row) => -row.amount);
      const price = before[before.length - 1];
      if (before.some((amount) => Math.abs(amount - price) > price * SAME_PRICE)) continue;
      const now = -charges[index].amount;
      if (now < price * (1 + MIN_RISE) || now > price * MAX_RISE) continue;
      const after = charges[index + 1] ? -charges[index + 1].amount : null;
      if (after !== null && Math.abs(after - price) <= price * SAME_PRICE) continue;
      rises.push({
        seriesIndex: series.indexOf(first),
        merchant: first.merchant,
        name: first.name,
        currency: first.currency,
        cadence: first.cadence,
        transactionId: charges[index].id,
        date: charges[index].date,
        from: -price,
        to: -now,
      });
    }
  }
  const seen = new Set(rises.map((rise) => `${rise.seriesIndex}|${rise.date}`));
  for (const [index, one] of series.entries()) {
    const change = one.priceChange;
    if (one.direction !== 'out' || !change || Math.abs(change.to) <= Math.abs(change.from)) continue;
    if (rises.some((rise) => rise.merchant === one.merchant && rise.date === change.date)) continue;
    if (seen.has(`${index}|${change.date}`)) continue;
    const id = one.transactionIds.find((candidate) => rowsById(candidate)?.date === change.date);
    if (!id) continue;
    rises.push({
      seriesIndex: index,
      merchant: one.merchant,
      name: one.name,
      currency: one.currency,
      cadence: one.cadence,
      transactionId: id,
      date: change.date,
      from: change.from,
      to: change.to,
    });
  }
  return rises;
}
