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
/** A rise comes on the charge due after the price's last one, or the one after that (a skipped charge). */
const SKIPPED_PERIODS = 2;
/** Held twice, a price needs the charge after its rise at the new price too. */
const HELD_TWICE = 2;
/** A charge this much above the price is a rise... */
const MIN_RISE = 0.03;
/** ...and one more than this many times it is an unusual amount instead, not a new price. */
const MAX_RISE = 2;

/**
 * Every time a recurring charge's price went up: along each series of money out (pieces of one
 * series at one counterparty and cadence read as one, since a detector may cut a series where
 * its price changed), a charge above a price held for the three charges before it, unless the
 * charge after it went back to the old price (a one-off extra, not a new price); or above a
 * price held for two when the new one holds for three. Copies of one charge (the same date, or
 * the same amount within three days) count once; a one-off far off the price in its place does
 * not end it; a rise comes within two periods of the charge before it. Series membership is read from the recurring detector, so
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
  const scans: Scan[] = [];
  for (const pieces of groups.values()) {
    const byDate = new Map<string, RecurringInput>();
    for (const piece of pieces)
      for (const id of piece.transactionIds) {
        const row = rowsById(id);
        if (row && !byDate.has(row.date)) byDate.set(row.date, row);
      }
    const charges = withoutCopies([...byDate.values()].sort((a, b) => dayNumber(a.date) - dayNumber(b.date)));
    const [first] = pieces;
    const rule = CADENCE_RULES.find((one) => one.cadence === first.cadence)!;
    const longestGap = SKIPPED_PERIODS * rule.meanDays + rule.tolerance;
    const amounts = heldAmounts(charges.map((row) => -row.amount));
    scans.push({ first, charges, amounts, rule, longestGap });
    for (let index = HELD_TWICE; index < amounts.length; index += 1) {
      const price = amounts[index - 1];
      const now = amounts[index];
      if (now < price * (1 + MIN_RISE) || now > price * MAX_RISE) continue;
      // Pieces of one counterparty and cadence may be plans years apart (9.00 a month in 2015,
      // 11.99 from 2019): a price is raised on the charge due after it, a skipped one allowed.
      if (dayNumber(charges[index].date) - dayNumber(charges[index - 1].date) > longestGap) continue;
      const after = index + 1 < amounts.length ? amounts[index + 1] : null;
      if (after !== null && samePrice(after, price)) continue;
      const held = amounts.slice(Math.max(0, index - STABLE_CHARGES), index);
      // A price held three times is the price. Held only twice (it had just changed, as a usage
      // bill's tariff does), the new price must hold on the two charges after it too: a new
      // price, not a bill that varies.
      const stable = held.length === STABLE_CHARGES ? held.every((amount) => samePrice(amount, price)) : false;
      const twice =
        samePrice(amounts[index - 2], price) &&
        amounts.length > index + 2 &&
        samePrice(amounts[index + 1], now) &&
        samePrice(amounts[index + 2], now);
      if (!stable && !twice) continue;
      rises.push({
        seriesIndex: series.indexOf(first),
        merchant: first.merchant,
        name: first.name,
        currency: first.currency,
        cadence: first.cadence,
        transactionId: charges[index].id,
        date: charges[index].date,
        from: -price,
        to: charges[index].amount,
      });
    }
  }
  const found = new Set(rises.map((rise) => rise.transactionId));
  for (const rise of renamedRises(scans))
    if (!found.has(rise.transactionId))
      rises.push({ ...rise, seriesIndex: series.indexOf(scans[rise.seriesIndex].first) });
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

/** One counterparty's series at one cadence, read as one: its charges and their prices. */
interface Scan {
  first: DetectedSeries;
  charges: RecurringInput[];
  /** The charges' amounts (positive), a one-off in a held price's place put back at the price. */
  amounts: number[];
  rule: (typeof CADENCE_RULES)[number];
  longestGap: number;
}

/**
 * Rises where the bank's text changed with the price (`NFI WWW NETFLIX COM` at 16.12, then
 * `NETFLIX COM` at 18.54 on the next due date): the recurring detector keeps them apart, since a
 * renamed payment at another price may be another payee (a new landlord), but the person sees
 * the same payment go up. One series ends at a price held three times, and another of the same
 * cadence and category starts (or starts again) on its next due date (or the one after), 3-100%
 * above it and not back at it on its second charge, under a text that shares a word with the old one. `seriesIndex`
 * is the new series' place in `scans`.
 */
function renamedRises(scans: readonly Scan[]): PriceRise[] {
  const rises: PriceRise[] = [];
  for (const old of scans) {
    const count = old.amounts.length;
    if (count < STABLE_CHARGES) continue;
    const price = old.amounts[count - 1];
    if (!old.amounts.slice(-STABLE_CHARGES).every((amount) => samePrice(amount, price))) continue;
    const last = old.charges[count - 1];
    const words = new Set(
      productText(last.description)
        .split(' ')
        .filter((word) => word.length >= 3),
    );
    for (const [at, next] of scans.entries()) {
      if (next === old || next.first.cadence !== old.first.cadence || next.first.currency !== old.first.currency)
        continue;
      // The other series' charge after the old one's last, starting a piece of its own (its
      // charge before, if any, a pause earlier: the two were not paid side by side).
      const index = next.charges.findIndex((row) => row.date > last.date);
      if (index < 0) continue;
      const start = next.charges[index];
      const gap = dayNumber(start.date) - dayNumber(last.date);
      if (gap < old.rule.meanDays - old.rule.tolerance - 1 || gap > old.longestGap) continue;
      if (index > 0 && dayNumber(start.date) - dayNumber(next.charges[index - 1].date) <= next.longestGap) continue;
      const now = next.amounts[index];
      if (now < price * (1 + MIN_RISE) || now > price * MAX_RISE) continue;
      if (index + 1 < next.amounts.length && samePrice(next.amounts[index + 1], price)) continue;
      if (start.category !== last.category) continue;
      if (
        !productText(start.description)
          .split(' ')
          .some((word) => words.has(word))
      )
        continue;
      rises.push({
        seriesIndex: at,
        merchant: next.first.merchant,
        name: next.first.name,
        currency: next.first.currency,
        cadence: next.first.cadence,
        transactionId: start.id,
        date: start.date,
        from: -price,
        to: start.amount,
      });
    }
  }
  return rises;
}

/**
 * A series' charges with the copies of each left out: a feed's pending and posted rows of one
 * charge, days apart at one amount, are one charge, so a price "held twice" is two charges.
 */
function withoutCopies(charges: readonly RecurringInput[]): RecurringInput[] {
  const kept: RecurringInput[] = [];
  for (const row of charges) {
    const last = kept[kept.length - 1];
    const copy =
      last && dayNumber(row.date) - dayNumber(last.date) <= COPY_DAYS && samePrice(-row.amount, -last.amount);
    if (!copy) kept.push(row);
  }
  return kept;
}

function samePrice(amount: number, price: number): boolean {
  return Math.abs(amount - price) <= price * SAME_PRICE;
}

/**
 * A series' charges with a one-off far off a price held three times (an order five times the
 * usual on the plan's day, a refund's small remainder) put back at that price: a one-off in the
 * price's place neither ends the price nor starts a new one.
 */
function heldAmounts(amounts: readonly number[]): number[] {
  const held: number[] = [];
  let replaced = false;
  for (const amount of amounts) {
    const last = held.slice(-STABLE_CHARGES);
    const price = last[last.length - 1];
    const steady = last.length === STABLE_CHARGES && last.every((one) => samePrice(one, price));
    // Only one: a second charge far off in a row is the price changing for good (another plan).
    replaced = !replaced && steady && (amount > price * MAX_RISE || amount < price / MAX_RISE);
    held.push(replaced ? price : amount);
  }
  return held;
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
