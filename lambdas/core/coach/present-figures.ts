import { currencyExponent } from '../money';

/**
 * Fields of the tools' answers that hold money in minor units. The model reads them in major
 * units (12.34, not 1234): small models misread minor units, and the verifier reads both.
 */
const MONEY_KEYS = new Set([
  'amount',
  'amounts',
  'income',
  'expenses',
  'net',
  'other',
  'difference',
  'limit',
  'carried',
  'available',
  'spent',
  'remaining',
  'projected',
  'total',
  'yearlyTotal',
  'monthlyTotal',
  'nextAmount',
  'min',
  'max',
  'from',
  'to',
  'targetAmount',
  'currentSaved',
  'saved',
  'surplus',
  'requiredMonthly',
  'monthly',
  'expected',
  'lower80',
  'upper80',
  'lower95',
  'upper95',
  'cumulativeExpected',
  'balance',
  'monthlyAmount',
  'typicalAmount',
  'annualised',
  'feesAndInterest12Months',
  'weekdayDailyAverage',
  'weekendDailyAverage',
  'monthlyMedian',
  'monthlyAverage',
  'figure',
  'monthlyLimit',
]);

/** The tool's answer with money in major units of its currency; everything else as it was. */
export function inMajorUnits(value: unknown, currency: string | null = null, key = ''): unknown {
  if (typeof value === 'number') {
    if (!MONEY_KEYS.has(key) || !Number.isInteger(value) || !currency) return value;
    const exponent = currencyExponent(currency);
    return Number((value / 10 ** exponent).toFixed(exponent));
  }
  if (Array.isArray(value)) return value.map((item) => inMajorUnits(item, currency, key));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const own = typeof record.currency === 'string' && /^[A-Z]{3}$/.test(record.currency) ? record.currency : currency;
    // a nudge's figure is money only when its unit says so
    const unitIsMoney = record.unit === undefined || record.unit === 'minor_units';
    return Object.fromEntries(
      Object.entries(record).map(([childKey, child]) => [
        childKey,
        childKey === 'figure' && !unitIsMoney ? child : inMajorUnits(child, own, childKey),
      ]),
    );
  }
  return value;
}
