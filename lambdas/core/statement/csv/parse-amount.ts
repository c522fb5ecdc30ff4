import { currencyFromText } from './currency-names';

export type DecimalMark = '.' | ',';

/** An amount cell taken apart: sign, digits with their separators, and any currency it names. */
interface AmountPieces {
  negative: boolean;
  body: string;
  currencyToken: string | null;
}

// sign, whole part (1-3 digits then groups of 3 after one repeated separator, or plain digits), decimals
const PLAIN = /^([-+]?)(\d{1,3}(?:([.,' ])\d{3})(?:\3\d{3})*|\d{0,15})(?:([.,])(\d{1,6}))?$/;
const SIGN_CHARS = '-+\u2212\u2013';
const BODY = /^[\d.,' \u00a0\u202f\u2019]*$/;

/**
 * Splits a cell such as "-$1,234.56", "(12.00)", "12,00-", "1.234,56 EUR", "£500.00",
 * "123.45 CR" into its pieces; null when something else is in the cell.
 */
function splitAmount(cell: string): AmountPieces | null {
  let text = cell.trim();
  if (text === '') return null;
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  const suffix = /\s*\b(CR|DR|Cr|Dr)\.?$/.exec(text);
  if (suffix) {
    if (suffix[1].toUpperCase() === 'DR') negative = !negative;
    text = text.slice(0, suffix.index);
  }
  let currencyToken: string | null = null;
  // Leading signs and currency token, in either order ("-$5", "$-5", "EUR -5").
  for (let guard = 0; guard < 3; guard++) {
    text = text.trimStart();
    const c = text[0];
    if (c === undefined) return null;
    if (SIGN_CHARS.includes(c)) {
      if (c !== '+') negative = !negative;
      text = text.slice(1);
      continue;
    }
    const token = /^[^\d.,\s\-+\u2212\u2013()]+/.exec(text);
    if (token && currencyToken === null) {
      currencyToken = token[0];
      text = text.slice(token[0].length);
      continue;
    }
    break;
  }
  for (let guard = 0; guard < 3; guard++) {
    text = text.trimEnd();
    const c = text[text.length - 1];
    if (c === undefined) return null;
    if (SIGN_CHARS.includes(c)) {
      if (c !== '+') negative = !negative;
      text = text.slice(0, -1);
      continue;
    }
    const token = /[^\d.,\s\-+\u2212\u2013()]+$/.exec(text);
    if (token && currencyToken === null) {
      currencyToken = token[0];
      text = text.slice(0, token.index);
      continue;
    }
    break;
  }
  text = text.trim();
  if (!BODY.test(text) || !/\d/.test(text)) return null;
  if (currencyToken !== null && currencyFromText(currencyToken) === null) return null;
  return { negative, body: text, currencyToken };
}

/**
 * Turns digits with separators into a plain decimal string ("1234.56") given the file's decimal
 * mark; null when the separators do not fit it (a thousands group that is not 3 digits long).
 */
function plainDecimal(body: string, mark: DecimalMark): string | null {
  const decimalAt = body.lastIndexOf(mark);
  const whole = decimalAt >= 0 ? body.slice(0, decimalAt) : body;
  const fraction = decimalAt >= 0 ? body.slice(decimalAt + 1) : '';
  if (!/^\d*$/.test(fraction)) return null;
  const groups = whole.split(/[.,' \u00a0\u202f\u2019]+/);
  if (groups.length > 1) {
    if (!/^\d{1,3}$/.test(groups[0])) return null;
    for (let i = 1; i < groups.length; i++) if (!/^\d{3}$/.test(groups[i])) return null;
  } else if (!/^\d*$/.test(whole)) {
    return null;
  }
  const digits = groups.join('');
  if (digits === '' && fraction === '') return null;
  return fraction === '' ? digits : `${digits}.${fraction}`;
}

export interface ParsedAmount {
  /** Signed plain decimal, e.g. "-1234.56". */
  decimal: string;
  /** Currency named inside the cell, if any. */
  currency: string | null;
}

/** Parses an amount cell with the file's decimal mark; null when it is not a number. */
export function parseAmount(cell: string, mark: DecimalMark, accountCurrency?: string | null): ParsedAmount | null {
  // Fast path for the common "-1234.56", "1.234,56", "12": digits, one kind of thousands separator, no symbols.
  const plainMatch = PLAIN.exec(cell);
  if (
    plainMatch &&
    (plainMatch[4] === undefined || plainMatch[4] === mark) &&
    (plainMatch[3] === undefined || plainMatch[3] !== mark)
  ) {
    const whole = plainMatch[3] === undefined ? plainMatch[2] : plainMatch[2].split(plainMatch[3]).join('');
    const fraction = plainMatch[5];
    const sign = plainMatch[1] === '-' ? '-' : '';
    if (whole !== '' || fraction !== undefined) {
      return { decimal: fraction === undefined ? `${sign}${whole}` : `${sign}${whole}.${fraction}`, currency: null };
    }
  }
  const pieces = splitAmount(cell);
  if (!pieces) return null;
  const plain = plainDecimal(pieces.body, mark);
  if (plain === null) return null;
  return {
    decimal: pieces.negative ? `-${plain}` : plain,
    currency: pieces.currencyToken === null ? null : currencyFromText(pieces.currencyToken, accountCurrency),
  };
}

/** Whether a cell reads as a number with either decimal mark (before the file's mark is known). */
export function looksNumeric(cell: string): boolean {
  const pieces = splitAmount(cell);
  return pieces !== null && (plainDecimal(pieces.body, '.') !== null || plainDecimal(pieces.body, ',') !== null);
}

/** Whether a numeric cell is written with a minus sign or parentheses. */
export function looksNegative(cell: string): boolean {
  return splitAmount(cell)?.negative ?? false;
}

/**
 * What one cell says about the decimal mark: the last of two different separators is the
 * decimal one; a single separator followed by 1, 2 or 4+ digits is decimal, by exactly 3 it
 * says nothing ("1,234" may be either), and one repeated is a thousands separator.
 */
export function decimalMarkVote(cell: string): DecimalMark | null {
  const pieces = splitAmount(cell);
  if (!pieces) return null;
  const body = pieces.body.replace(/[' \u00a0\u202f\u2019]/g, '');
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const mark = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (mark === null) return null;
  if (body.indexOf(mark) !== body.lastIndexOf(mark)) return mark === '.' ? ',' : '.';
  const after = body.length - body.lastIndexOf(mark) - 1;
  return after === 3 ? null : mark;
}
