import { CADENCE_RULES } from './cadence';
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

/** A rise found in a stream, pending until the charge after it shows the old price did not come back. */
interface StreamRise {
  rise: PriceRise;
  oldPrice: number;
  settled: boolean;
}

/** The last charges of one counterparty and product text (copies left out), oldest first. */
interface Stream {
  days: number[];
  amounts: number[];
  pending: StreamRise | null;
}

/** Charges this close to the one before at its amount are copies of it (pending and posted, two views). */
const COPY_DAYS = 3;

/**
 * Price rises of fixed charges on a schedule, found without the recurring detector: per
 * counterparty and product text (`Mutual fund A`, `Netflix`), a charge 3%–100% above a price held
 * for the three charges before it, on its next due date (the gaps between those charges match a
 * cadence and each other), unless the charge after it went back to the old price. The recurring
 * detector finds most rises on its own series, but it may not yet tie the first charges at a new
 * price to the old series (too few of them, or a price band of their own) or may have cut the
 * series where three funds of one price meet; this catches those. Fed in date order.
 */
export class FixedChargeStreams {
  /** By currency, counterparty and product text: nested, so that no key is built per charge. */
  private readonly streams = new Map<string, Map<string, Map<string, Stream>>>();
  private readonly found: StreamRise[] = [];
  /** Product text per description: a person's texts repeat, so each is split once. */
  private readonly texts = new Map<string, string>();

  /** `nameOf` is asked only for a rise found: what the person reads for the counterparty. */
  constructor(private readonly nameOf: (merchant: string) => string) {}

  add(row: RecurringInput, merchant: string, day: number): void {
    const stream = this.streamOf(row, merchant);
    const { days, amounts } = stream;
    const count = days.length;
    // A charge far off a price held three times (an order five times the usual on its usual day)
    // is a one-off at that price's place in the schedule, not a new price: it is kept at the price.
    let amount = -row.amount;
    if (count === STABLE_CHARGES && amounts.every((held) => Math.abs(held - amounts[0]) <= amounts[0] * SAME_PRICE)) {
      const price = amounts[count - 1];
      if (amount > price * MAX_RISE || amount < price / MAX_RISE) amount = price;
    }
    if (
      count &&
      day - days[count - 1] <= COPY_DAYS &&
      Math.abs(amount - amounts[count - 1]) <= amounts[count - 1] * SAME_PRICE
    )
      return;
    const pending = stream.pending;
    if (pending && !pending.settled) {
      // The charge after a rise: back at the old price means the rise was a one-off extra.
      pending.settled = true;
      if (Math.abs(amount - pending.oldPrice) > pending.oldPrice * SAME_PRICE) this.found.push(pending);
    }
    if (count === STABLE_CHARGES) {
      const price = amounts[count - 1];
      const steady = amounts.every((held) => Math.abs(held - price) <= price * SAME_PRICE);
      const cadence =
        steady && amount >= price * (1 + MIN_RISE) && amount <= price * MAX_RISE
          ? cadenceOfGaps([days[1] - days[0], days[2] - days[1], day - days[2]])
          : null;
      if (cadence)
        stream.pending = {
          oldPrice: price,
          settled: false,
          rise: {
            seriesIndex: -1,
            merchant,
            name: this.nameOf(merchant),
            currency: row.currency,
            cadence,
            transactionId: row.id,
            date: row.date,
            from: -price,
            to: -amount,
          },
        };
    }
    days.push(day);
    amounts.push(amount);
    if (days.length > STABLE_CHARGES) {
      days.shift();
      amounts.shift();
    }
  }

  /** The rises found, including the latest ones that have no charge after them yet. */
  rises(): PriceRise[] {
    const open: StreamRise[] = [];
    for (const byMerchant of this.streams.values())
      for (const byText of byMerchant.values())
        for (const stream of byText.values()) if (stream.pending && !stream.pending.settled) open.push(stream.pending);
    return [...this.found, ...open].map((found) => found.rise);
  }

  private streamOf(row: RecurringInput, merchant: string): Stream {
    let text = this.texts.get(row.description);
    if (text === undefined) this.texts.set(row.description, (text = productText(row.description)));
    let byMerchant = this.streams.get(row.currency);
    if (!byMerchant) this.streams.set(row.currency, (byMerchant = new Map()));
    let byText = byMerchant.get(merchant);
    if (!byText) byMerchant.set(merchant, (byText = new Map()));
    let stream = byText.get(text);
    if (!stream) byText.set(text, (stream = { days: [], amounts: [], pending: null }));
    return stream;
  }
}

/** The cadence whose length every gap matches (within its tolerance), or null: a schedule, not a habit. */
function cadenceOfGaps(gaps: readonly number[]): DetectedSeries['cadence'] | null {
  for (const rule of CADENCE_RULES)
    if (gaps.every((gap) => Math.abs(gap - rule.meanDays) <= rule.tolerance + 1)) return rule.cadence;
  return null;
}

/**
 * The words of a charge's text that name what is paid for, without numbers and references:
 * `Mutual fund A` apart from `Mutual fund B` (one letter is a product here), `NETFLIX.COM 866-579`
 * as `netflix com`.
 */
function productText(description: string): string {
  return description
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !/\d/.test(word))
    .slice(0, 6)
    .join(' ');
}
