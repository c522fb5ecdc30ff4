/**
 * Money is an integer number of minor units plus an ISO 4217 currency code. Never a float.
 * JavaScript numbers hold integers exactly up to 2^53, i.e. ±90 trillion units of a 2-decimal
 * currency, so `number` is safe as long as every value passes `assertMinorUnits`.
 */
export type MinorUnits = number;

/** ISO 4217 minor-unit exponents that differ from the default of 2. */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code);
}

export class MoneyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MoneyError';
  }
}

export function assertMinorUnits(value: number, what = 'amount'): MinorUnits {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} is not a whole number of minor units: ${value}`);
  return value;
}

/**
 * Converts a plain decimal string ("-1234.5", "12", ".46") into minor units without going
 * through a float, rounding half away from zero when the string has more decimals than the
 * currency (a few banks print 3 decimals for 2-decimal currencies).
 */
export function decimalToMinorUnits(decimal: string, currency: string): MinorUnits {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(decimal.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new MoneyError(`not a decimal number: "${decimal}"`);
  }
  const [, sign, whole, fraction = ''] = match;
  const exponent = currencyExponent(currency);
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  let units = BigInt((whole || '0') + kept);
  const dropped = fraction.slice(exponent);
  if (dropped.length > 0 && dropped[0] >= '5') units += 1n;
  if (sign === '-') units = -units;
  const result = Number(units);
  return assertMinorUnits(result === 0 ? 0 : result);
}

/** Minor units as a person reads them in a sentence: "12.34 GBP", "1500 JPY" (rounded to a whole minor unit). */
export function moneyText(units: number, currency: string): string {
  return `${formatMinorUnits(Math.round(units), currency)} ${currency}`;
}

/** Formats minor units as a plain decimal string ("-12.34"), for prompts and exports. */
export function formatMinorUnits(units: MinorUnits, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
