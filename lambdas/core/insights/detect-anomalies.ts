import { dayNumber, firstDayOfMonth, median, monthNumber } from './calendar-days';
import { counterpartyKey } from './counterparty-key';
import type { DetectedSeries, RecurringInput } from './detect-recurring';
import { FixedChargeStreams, priceRises, type PriceRise } from './price-rises';
import { RecentAmounts } from './robust-amounts';
import { RepeatRates } from './repeat-rates';
import { merchantDisplayName } from '../merchant-display-name';
import { FEE_CATEGORY, FEE_TEXT } from './fee-words';
import { formatMinorUnits, moneyText } from '../money';

export const ANOMALY_KINDS = [
  'duplicate',
  'unusual_amount',
  'new_merchant',
  'price_rise',
  'fee',
  'category_pace',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface DetectedAnomaly {
  transactionId: string | null;
  date: string;
  merchant: string;
  amount: number;
  currency: string;
  kind: AnomalyKind;
  /** One sentence a person reads, with the figures that make it unusual. */
  reason: string;
  /** How unusual, on one scale for every kind: 1 is the threshold of an alert, higher is stranger. */
  score: number;
  /** Names the event, so that detecting it again does not alert again. */
  key: string;
}

export interface AnomalyOptions {
  asOf: string;
  /** Series the recurring detector found in the same history (their price rises are alerts). */
  recurring: readonly DetectedSeries[];
  /** Only charges on or after this date are flagged; earlier ones are the baseline. Default: all. */
  since?: string;
  /** Other values for some tuned numbers: for the eval's sweeps, not for serving. */
  tuning?: Partial<AnomalyTuning>;
}

/**
 * Every tuned number of the detector, with why it has its value. Tuned on the household diary
 * and the Mint export of the shared labelled histories (`npm run eval:anomalies`, seeds 19–21),
 * checked on other seeds (31–33) and on the South African history, held out.
 */
export const ANOMALY_TUNING = {
  /** Same counterparty, same amount, this many days later or less: perhaps charged twice. */
  duplicateDays: 2,
  /**
   * A repeat is news when the chance that this counterparty repeats this amount within 48 hours
   * is below this. The chance is what the person's own history says: how often this
   * counterparty's charges of this amount were followed by another within 48 hours (a bus fare
   * paid twice a day, a feed that shows pending and posted copies), pulled towards the
   * counterparty's rate at any amount, and that towards the person's recent rate over all
   * counterparties, each with this many charges' weight. A repeat with the very same text is
   * judged on the same-text repeats of each record only (a feed's raw and cleaned copies of a
   * charge carry two texts; a charge posted twice carries one).
   */
  duplicateMaxChance: 0.15,
  duplicatePriorWeight: 4,
  /** Charges of a counterparty needed before its usual amount means anything. */
  merchantHistory: 4,
  /** A counterparty's last amounts kept for its usual: recent habits, bounded work per row. */
  recentAmounts: 24,
  /** The least spread (of logarithms) a usual amount is given: a fixed price still varies by a quarter before it is odd. */
  minLogSpread: Math.log(1.25),
  /**
   * An amount this many robust deviations above the counterparty's usual is an alert (score 1),
   * judged against the charges with the very same text when there are enough of them (a diary's
   * `milk 1lit` against its 1-litre charges, not every `milk`), else against the counterparty's...
   */
  unusualDeviations: 3.5,
  sameTextHistory: 3,
  /**
   * ...when it is also at least this many times the usual, and this many times the recent charges
   * there but the highest tenth (one earlier odd charge does not make the next one usual).
   */
  unusualTimes: 3,
  unusualOverHigh: 2,
  highQuantile: 0.9,
  /** A first charge from a counterparty is compared with the person's purchases in its category (at least this many)... */
  categoryHistory: 20,
  /** ...or with all their purchases (at least this many), over this window of recent ones. */
  personHistory: 100,
  personWindow: 1000,
  categoryWindow: 200,
  /** ...and is an alert this many robust deviations above their median purchase, and above this share of them. */
  newMerchantDeviations: 4,
  newMerchantQuantile: 0.995,
  /** A fee from a counterparty that charged none for this long is news (a monthly account fee or interest is news once). */
  feeQuietDays: 730,
  /** A category this many times ahead of its usual month-to-date pace (score 1), by at least 100.00, is running away. */
  paceTimes: 2.5,
  paceMonths: 4,
  paceMinimum: 10_000,
  /** The score an alert needs: each kind's own threshold is 1; above it, fewer alerts on every history. */
  minScore: 1.1,
  /** The most alerts a person is shown in a month (the strongest): a safety net, rarely reached. */
  maxPerMonth: 5,
};
export type AnomalyTuning = typeof ANOMALY_TUNING;

/** A fee or interest charge first seen in two years is certain news, if small: at the threshold, ranked below every other kind. */
const FEE_SCORE = ANOMALY_TUNING.minScore;

/**
 * Who a charge with no name in it was paid to: a typed diary's empty note, known only by the
 * category it is filed under (the maid's, the recurring deposit's, the milk's). Without it every
 * unnamed charge of a person would meet on one counterparty, the rent beside the tea, and none of
 * them would look unusual. The prefix keeps it apart from a merchant of the same name.
 */
export function unnamedKey(category: string | null | undefined): string {
  return category && category.trim() ? `${UNNAMED}${category.trim().toLowerCase()}` : '';
}
const UNNAMED = '\u0000';

interface Counterparty {
  amounts: RecentAmounts;
  /** The same, per exact text (lower case, spaces collapsed). */
  byText: Map<string, RecentAmounts>;
  lastFeeDay: number;
  /** Charges so far, how many of them repeated an amount of the 48 hours before, and how many did so with the very same text. */
  charges: number;
  repeats: number;
  sameTextRepeats: number;
  /** Per amount: the same counts, and the last charge's day and text. */
  byAmount: Map<number, AmountRecord>;
}

interface AmountRecord {
  count: number;
  repeats: number;
  sameTextRepeats: number;
  lastDay: number;
  lastText: string;
  /**
   * The charge before the last, its day and text: a same-text charge may be the one before the
   * last (a feed's other view came in between). Two fields, not a list: no allocation per charge.
   */
  previousDay: number;
  previousText: string;
  /** Whether the last (and the one before) carried a text the person had never been charged under before. */
  lastNew: boolean;
  previousNew: boolean;
  flaggedDay?: number;
}

/**
 * Unusual charges in one person's history, each with a reason and a score on one scale (1 is the
 * threshold): a charge repeated within 48 hours that this counterparty does not habitually
 * repeat, an amount far above the counterparty's usual (median and median absolute deviation of
 * the logarithms, so that one past outlier does not hide the next), a first charge from a new
 * counterparty far above the person's usual purchase in its category, a recurring price that
 * rose, a fee or interest charge from a counterparty that had not charged one lately, and a
 * category running well ahead of its usual month-to-date pace. Rows are read in date order; each
 * is judged against what came before it only, as it would have been on the day it arrived.
 */
export function detectAnomalies(transactions: readonly RecurringInput[], options: AnomalyOptions): DetectedAnomaly[] {
  const tuning: AnomalyTuning = { ...ANOMALY_TUNING, ...options.tuning };
  // Keyed once per stored merchant or text: a person pays a few hundred counterparties many times each.
  const keysByMerchant = new Map<string, string>();
  const keysByText = new Map<string, string>();
  const keyOf = (row: RecurringInput) => {
    const named = row.merchant && row.merchant.trim() ? row.merchant : null;
    const cache = named ? keysByMerchant : keysByText;
    const text = named ?? row.description;
    let key = cache.get(text);
    if (key === undefined) cache.set(text, (key = counterpartyKey(row.description, named)));
    return key || unnamedKey(row.category);
  };
  const days = transactions.map((row) => dayNumber(row.date));
  const order = transactions.map((_, index) => index);
  // Histories are read in date order; sorting is only needed when they are not.
  if (days.some((day, index) => index > 0 && day < days[index - 1])) order.sort((a, b) => days[a] - days[b] || a - b);
  const sinceDay = options.since ? dayNumber(options.since) : -Infinity;
  const anomalies: DetectedAnomaly[] = [];
  const seen = new Map<string, Map<string, Counterparty>>();
  const fixedCharges = new FixedChargeStreams((key) => capitalised(displayName(key)));
  const person = new Map<string, RecentAmounts>();
  const categories = new Map<string, RecentAmounts>();
  const repeatRates = new RepeatRates();

  const texts = new Map<string, string>();
  const textOf = (description: string) => {
    let text = texts.get(description);
    if (text === undefined) texts.set(description, (text = description.toLowerCase().replace(/\s+/g, ' ').trim()));
    return text;
  };
  const feeTexts = new Map<string, boolean>();
  const feeCategories = new Map<string, boolean>();
  const isFee = (description: string, category: string | null | undefined) => {
    let byText = feeTexts.get(description);
    if (byText === undefined) feeTexts.set(description, (byText = FEE_TEXT.test(description.toLowerCase())));
    if (byText || !category) return byText;
    let byCategory = feeCategories.get(category);
    if (byCategory === undefined) feeCategories.set(category, (byCategory = FEE_CATEGORY.test(category.toLowerCase())));
    return byCategory;
  };

  for (const index of order) {
    const row = transactions[index];
    if (row.amount >= 0) continue;
    const day = days[index];
    const key = keyOf(row);
    const amount = -row.amount;
    const flag = day >= sinceDay;
    if (key) fixedCharges.add(row, key, day);
    let byCurrency = seen.get(row.currency);
    if (!byCurrency) seen.set(row.currency, (byCurrency = new Map()));
    const merchant = key ? byCurrency.get(key) : undefined;
    const sameAmount = merchant?.byAmount.get(amount);
    const gap = sameAmount ? day - sameAmount.lastDay : Infinity;
    const repeated = gap <= tuning.duplicateDays;
    const text = key ? textOf(row.description) : '';
    // The very same text again (a reference number and all) is the charge itself twice; a
    // different text at that amount may be another purchase, or the feed's other view of one
    // (a card's raw text beside its cleaned name). Each is judged against its own record.
    let sameTextDay = -Infinity;
    if (repeated && sameAmount!.lastText === text) sameTextDay = sameAmount!.lastDay;
    else if (repeated && sameAmount!.previousText === text && day - sameAmount!.previousDay <= tuning.duplicateDays)
      sameTextDay = sameAmount!.previousDay;
    const sameText = sameTextDay > -Infinity;
    // Whether the charge it repeats carried a text new to the person: then it is most likely that charge twice.
    const repeatsNewText =
      sameText && (sameTextDay === sameAmount!.lastDay ? sameAmount!.lastNew : sameAmount!.previousNew);
    // Days since the charge it repeats (the same text's when there is one: the feed's other view may have come in between).
    const after = sameText ? day - sameTextDay : gap;

    if (merchant && sameAmount && flag && repeated && after > 0) {
      // This amount's own record, pulled towards the counterparty's at any amount (a feed copies
      // per account and merchant), itself pulled towards the person's recent rate (for the same
      // text, of charges under texts as new as the one repeated).
      const weight = tuning.duplicatePriorWeight;
      const [personal, atCounterparty, atAmount] = sameText
        ? [repeatRates.sameTextRepeated(repeatsNewText), merchant.sameTextRepeats, sameAmount.sameTextRepeats]
        : [repeatRates.repeated(false), merchant.repeats, sameAmount.repeats];
      const atMerchant = (atCounterparty + weight * personal) / (merchant.charges - 1 + weight);
      const chance = (atAmount + weight * atMerchant) / (sameAmount.count - 1 + weight);
      if (chance < tuning.duplicateMaxChance) {
        anomalies.push(
          alertOn(
            row,
            key,
            'duplicate',
            Math.log(Math.max(chance, 1e-4)) / Math.log(tuning.duplicateMaxChance),
            `${capitalised(displayName(key))} charged ${moneyText(amount, row.currency)} again ${after === 1 ? 'a day' : `${after} days`} after the same charge.`,
          ),
        );
      }
    }

    let flaggedUnusual = false;
    // A copy of a charge already flagged for its amount (pending and posted, two views of one account) is the same event.
    const copyOfFlagged = repeated && sameAmount?.flaggedDay === sameAmount?.lastDay;
    if (merchant && flag && !copyOfFlagged && merchant.amounts.size >= tuning.merchantHistory) {
      const textWindow = merchant.byText.get(text);
      const judged = [textWindow && textWindow.size >= tuning.sameTextHistory ? textWindow : null, merchant.amounts];
      for (const window of judged) {
        if (!window || amount < tuning.unusualTimes * window.minimum()) continue;
        if (!window.exceeds(amount, tuning.unusualOverHigh, tuning.highQuantile)) continue;
        const usual = window.median();
        const deviations = Math.log(amount / usual) / Math.max(window.logSpread(), tuning.minLogSpread);
        if (amount >= tuning.unusualTimes * usual && deviations >= tuning.unusualDeviations) {
          flaggedUnusual = true;
          anomalies.push(
            alertOn(
              row,
              key,
              'unusual_amount',
              deviations / tuning.unusualDeviations,
              `${moneyText(amount, row.currency)} at ${displayName(key)}, ${(amount / usual).toFixed(1)}× its usual ${moneyText(Math.round(usual), row.currency)}.`,
            ),
          );
          break;
        }
      }
    } else if (key && !merchant && flag) {
      const byCategory = row.category ? categories.get(`${row.currency}|${row.category}`) : undefined;
      const reference =
        byCategory && byCategory.size >= tuning.categoryHistory
          ? { window: byCategory, what: `your usual ${row.category} purchase` }
          : (person.get(row.currency)?.count ?? 0) >= tuning.personHistory
            ? { window: person.get(row.currency)!, what: 'your typical purchase' }
            : null;
      if (reference && amount > reference.window.quantile(tuning.newMerchantQuantile)) {
        const typical = reference.window.median();
        const deviations = Math.log(amount / typical) / Math.max(reference.window.logSpread(), tuning.minLogSpread);
        if (deviations >= tuning.newMerchantDeviations) {
          anomalies.push(
            alertOn(
              row,
              key,
              'new_merchant',
              deviations / tuning.newMerchantDeviations,
              `A first charge from ${displayName(key)} of ${moneyText(amount, row.currency)}, ${Math.round(amount / typical)}× ${reference.what} of ${moneyText(Math.round(typical), row.currency)}.`,
            ),
          );
        }
      }
    }

    const fee = isFee(row.description, row.category);
    if (fee && flag && (!merchant || day - merchant.lastFeeDay > tuning.feeQuietDays)) {
      anomalies.push(
        alertOn(
          row,
          key,
          'fee',
          FEE_SCORE,
          `A fee or interest charge of ${moneyText(amount, row.currency)} (${displayName(key) || 'no name'}): worth asking the bank to waive or avoiding next time.`,
        ),
      );
    }

    // What this charge teaches about the person, once it has been judged.
    const newText = key !== '' && repeatRates.isNew(text);
    repeatRates.learn(text, repeated, sameText, repeatsNewText);
    if (key) {
      let known = merchant;
      if (!known) {
        known = {
          amounts: new RecentAmounts(tuning.recentAmounts),
          byText: new Map(),
          charges: 0,
          repeats: 0,
          sameTextRepeats: 0,
          lastFeeDay: -Infinity,
          byAmount: new Map(),
        };
        byCurrency.set(key, known);
      }
      known.amounts.add(amount);
      known.charges += 1;
      if (repeated) known.repeats += 1;
      if (sameText) known.sameTextRepeats += 1;
      let textWindow = known.byText.get(text);
      if (!textWindow) known.byText.set(text, (textWindow = new RecentAmounts(tuning.recentAmounts)));
      textWindow.add(amount);
      if (fee) known.lastFeeDay = day;
      if (sameAmount) {
        sameAmount.count += 1;
        if (repeated) sameAmount.repeats += 1;
        if (sameText) sameAmount.sameTextRepeats += 1;
        sameAmount.previousDay = sameAmount.lastDay;
        sameAmount.previousText = sameAmount.lastText;
        sameAmount.lastDay = day;
        sameAmount.lastText = text;
        sameAmount.previousNew = sameAmount.lastNew;
        sameAmount.lastNew = newText;
        if (flaggedUnusual) sameAmount.flaggedDay = day;
      } else
        known.byAmount.set(amount, {
          count: 1,
          repeats: 0,
          sameTextRepeats: 0,
          lastDay: day,
          lastText: text,
          previousDay: -Infinity,
          previousText: '',
          lastNew: newText,
          previousNew: false,
          flaggedDay: flaggedUnusual ? day : undefined,
        });
    }
    let personWindow = person.get(row.currency);
    if (!personWindow) person.set(row.currency, (personWindow = new RecentAmounts(tuning.personWindow)));
    personWindow.add(amount);
    if (row.category) {
      const categoryKey = `${row.currency}|${row.category}`;
      let window = categories.get(categoryKey);
      if (!window) categories.set(categoryKey, (window = new RecentAmounts(tuning.categoryWindow)));
      window.add(amount);
    }
  }

  anomalies.push(...priceRiseAlerts(options.recurring, transactions, sinceDay, fixedCharges.rises()));
  anomalies.push(...categoryPace(transactions, days, options.asOf, tuning));
  return aFewAMonth(
    anomalies.filter((anomaly) => anomaly.score >= tuning.minScore),
    tuning.maxPerMonth,
  ).sort((a, b) => a.date.localeCompare(b.date) || b.score - a.score);
}

function alertOn(row: RecurringInput, key: string, kind: AnomalyKind, score: number, reason: string): DetectedAnomaly {
  return {
    transactionId: row.id,
    date: row.date,
    merchant: key.startsWith(UNNAMED) ? '' : key,
    amount: row.amount,
    currency: row.currency,
    kind,
    score: Math.round(score * 100) / 100,
    key: `${kind}|${row.id}`,
    reason,
  };
}

/** Alerts a person reads in a month before they stop reading: the strongest ones are kept. */
function aFewAMonth(anomalies: readonly DetectedAnomaly[], maxPerMonth: number): DetectedAnomaly[] {
  const byMonth = new Map<string, DetectedAnomaly[]>();
  for (const anomaly of anomalies) {
    const month = anomaly.date.slice(0, 7);
    let list = byMonth.get(month);
    if (!list) byMonth.set(month, (list = []));
    list.push(anomaly);
  }
  return [...byMonth.values()].flatMap((month) =>
    month.length <= maxPerMonth ? month : month.sort((a, b) => b.score - a.score).slice(0, maxPerMonth),
  );
}

function priceRiseAlerts(
  series: readonly DetectedSeries[],
  transactions: readonly RecurringInput[],
  sinceDay: number,
  streamRises: readonly PriceRise[],
): DetectedAnomaly[] {
  const wanted = new Set(series.flatMap((one) => (one.direction === 'out' ? one.transactionIds : [])));
  const byId = new Map<string, RecurringInput>();
  for (const row of transactions) if (wanted.has(row.id)) byId.set(row.id, row);
  const ofSeries = priceRises(series, (id) => byId.get(id));
  // Rises of fixed charges the recurring detector did not tie to a series of its own (one rise, one alert).
  const named = new Set(ofSeries.flatMap((rise) => [rise.transactionId, `${rise.merchant}|${rise.date}`]));
  const extra = streamRises
    .map((rise) => (rise.merchant.startsWith(UNNAMED) ? { ...rise, merchant: '' } : rise))
    .filter((rise) => !named.has(rise.transactionId) && !named.has(`${rise.merchant}|${rise.date}`));
  return [...ofSeries, ...extra]
    .filter((rise) => dayNumber(rise.date) >= sinceDay)
    .map((rise) => {
      const money = (value: number) => moneyText(Math.abs(value), rise.currency);
      const ratio = rise.to / rise.from;
      return {
        transactionId: rise.transactionId,
        date: rise.date,
        merchant: rise.merchant,
        amount: rise.to,
        currency: rise.currency,
        kind: 'price_rise' as const,
        // Certain news at any size (the person pays it every period from now on): 1.3 for 3%, 2.5 for 15%.
        score: Math.round((1 + 10 * (ratio - 1)) * 100) / 100,
        key: `price_rise|${rise.merchant}|${rise.cadence}|${rise.date}`,
        reason: `${rise.name} went up from ${money(rise.from)} to ${money(rise.to)} a ${cadenceWord(rise.cadence)} (${money((Math.abs(rise.to) - Math.abs(rise.from)) * perYear(rise.cadence))} more a year).`,
      };
    });
}

/**
 * Categories whose spending so far this month is well ahead of the same days of the months
 * before: the month of `asOf`, its first `asOf`-day days, against the median of the last months.
 */
function categoryPace(
  rows: readonly RecurringInput[],
  days: readonly number[],
  asOf: string,
  tuning: AnomalyTuning,
): DetectedAnomaly[] {
  const dayOfMonth = Number(asOf.slice(8, 10));
  const month = asOf.slice(0, 7);
  const previousMonths = lastMonths(month, 6);
  // Only the last seven months are read (compared as day numbers, no string per row).
  const firstDay = firstDayOfMonth(monthNumber(asOf) - previousMonths.length);
  const totals = new Map<string, Map<string, number>>();
  for (const [index, row] of rows.entries()) {
    if (days[index] < firstDay || row.amount >= 0 || !row.category) continue;
    if (Number(row.date.slice(8, 10)) > dayOfMonth || row.date > asOf) continue;
    const key = `${row.currency}|${row.category}`;
    let byMonth = totals.get(key);
    if (!byMonth) totals.set(key, (byMonth = new Map<string, number>()));
    byMonth.set(row.date.slice(0, 7), (byMonth.get(row.date.slice(0, 7)) ?? 0) - row.amount);
  }
  const out: DetectedAnomaly[] = [];
  for (const [key, byMonth] of totals) {
    const now = byMonth.get(month) ?? 0;
    const before = previousMonths.map((m) => byMonth.get(m) ?? 0);
    if (before.filter((value) => value > 0).length < tuning.paceMonths) continue;
    const usual = median(before);
    if (usual <= 0 || now - usual < tuning.paceMinimum) continue;
    const [currency, category] = key.split('|');
    out.push({
      transactionId: null,
      date: asOf,
      merchant: '',
      amount: -now,
      currency,
      kind: 'category_pace',
      score: Math.round((now / usual / tuning.paceTimes) * 100) / 100,
      key: `category_pace|${category}|${month}`,
      reason: `${category}: ${moneyText(now, currency)} spent by day ${dayOfMonth}, ${(now / usual).toFixed(1)}× the usual ${formatMinorUnits(Math.round(usual), currency)} by this day.`,
    });
  }
  return out;
}

function lastMonths(month: string, count: number): string[] {
  const [year, number] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const value = year * 12 + number - 2 - index;
    return `${Math.floor(value / 12)}-${String((value % 12) + 1).padStart(2, '0')}`;
  });
}

function cadenceWord(cadence: string): string {
  return (
    (
      {
        weekly: 'week',
        biweekly: 'fortnight',
        semimonthly: 'half-month',
        monthly: 'month',
        quarterly: 'quarter',
        semiannual: 'half-year',
        yearly: 'year',
      } as Record<string, string>
    )[cadence] ?? cadence
  );
}

function perYear(cadence: string): number {
  return (
    (
      { weekly: 52, biweekly: 26, semimonthly: 24, monthly: 12, quarterly: 4, semiannual: 2, yearly: 1 } as Record<
        string,
        number
      >
    )[cadence] ?? 12
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function displayName(key: string): string {
  if (key.startsWith(UNNAMED)) return `your ${key.slice(UNNAMED.length)} payments with no description`;
  return merchantDisplayName(key);
}
