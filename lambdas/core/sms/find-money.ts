import { decimalToMinorUnits, type MinorUnits } from '../money';
import { CURRENCY_TOKEN, currencyFromToken } from './sms-currency';

/** One amount of money printed in a message, with where it stands. */
export interface MoneyMention {
  currency: string;
  /** Absolute value in minor units: the sign of a transaction comes from its wording. */
  units: MinorUnits;
  /** A minus sign or brackets were printed with it (money out, or an overdrawn balance). */
  negative: boolean;
  /** The currency was written as a bare '$' (a hint that dates are month first). */
  dollarSign: boolean;
  start: number;
  end: number;
}

/**
 * A number as alerts print it: comma grouping (Western 1,234,567.89 or Indian 13,30,614.75),
 * dot grouping with a decimal comma (1.415,62), a lone decimal comma (70,85), a plain decimal
 * (5000.00, .93, and the three-decimal 2.750) or an integer. Tried in this order, so that
 * "5000.00,21-11-2025" (amount, comma, date) reads as 5000.00.
 */
export const NUMBER = String.raw`(?:\d{1,3}(?:,\d{2,3})*,\d{3}(?:\.\d+)?|\d{1,3}(?:\.\d{3})+,\d{1,3}|\d{1,3}(?:\.\d{3}){2,}|\d*\.\d+|\d+,\d{1,2}|\d+)(?!\d)`;

const PREFIXED = new RegExp(
  String.raw`(?:(?<![A-Za-z0-9])(-)\s?)?(?<![A-Za-z])(${CURRENCY_TOKEN})\s?(?:\.(?!\d)|:)?\s?(-\s?)?(${NUMBER})`,
  'g',
);
const SUFFIXED = new RegExp(String.raw`(?<![\w.,])(-\s?)?(${NUMBER})\s?([A-Z]{3}|MT|€|£)(?![A-Za-z])`, 'g');
/** Nigerian banks write naira as a bare N glued to an amount with kobo: N2,300.00. */
const NAIRA = new RegExp(String.raw`(?<![A-Za-z0-9])N(\d{1,3}(?:,\d{3})*\.\d{2})(?!\d)`, 'g');

/** Every amount with a currency in `text`, in reading order. */
export function findMoney(text: string, defaultCurrency?: string): MoneyMention[] {
  const found: MoneyMention[] = [];
  for (const match of text.matchAll(PREFIXED)) {
    const [whole, signBefore, token, signAfter, number] = match;
    const currency = currencyFromToken(token, defaultCurrency);
    if (!currency) continue;
    const start = match.index ?? 0;
    found.push(
      mention(
        currency,
        number,
        Boolean(signBefore || signAfter) || isBracketed(text, start, start + whole.length),
        token === '$',
        start,
        start + whole.length,
      ),
    );
  }
  for (const match of text.matchAll(NAIRA)) {
    const start = match.index ?? 0;
    if (!overlaps(found, start)) found.push(mention('NGN', match[1], false, false, start, start + match[0].length));
  }
  for (const match of text.matchAll(SUFFIXED)) {
    const [whole, sign, number, token] = match;
    const currency = currencyFromToken(token, defaultCurrency);
    const start = match.index ?? 0;
    if (!currency || overlaps(found, start + (sign?.length ?? 0))) continue;
    found.push(mention(currency, number, Boolean(sign), false, start, start + whole.length));
  }
  return found.filter((m) => Number.isFinite(m.units)).sort((a, b) => a.start - b.start);
}

/** A plain number as alerts print it, as a decimal string ("1.415,62" → "1415.62"). */
export function plainDecimal(number: string): string {
  const lastComma = number.lastIndexOf(',');
  const lastDot = number.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    return lastComma > lastDot ? number.replace(/\./g, '').replace(',', '.') : number.replace(/,/g, '');
  }
  if (lastComma >= 0)
    return /,\d{1,2}$/.test(number) && number.indexOf(',') === lastComma
      ? number.replace(',', '.')
      : number.replace(/,/g, '');
  if (number.indexOf('.') !== lastDot) return number.replace(/\./g, '');
  return number;
}

function mention(
  currency: string,
  number: string,
  negative: boolean,
  dollarSign: boolean,
  start: number,
  end: number,
): MoneyMention {
  let units: number;
  try {
    units = decimalToMinorUnits(plainDecimal(number), currency);
  } catch {
    units = Number.NaN;
  }
  return { currency, units, negative, dollarSign, start, end };
}

function overlaps(found: MoneyMention[], position: number): boolean {
  return found.some((m) => position >= m.start && position < m.end);
}

/** Card issuers in the US print a debit as "($33.79)". */
function isBracketed(text: string, start: number, end: number): boolean {
  return text[start - 1] === '(' && text[end] === ')';
}
