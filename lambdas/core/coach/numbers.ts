/**
 * The figures a coach answer states, read from its text as a person would read them: amounts
 * in the person's number format (1,234.56 or 1.234,56 or 1,23,456), percentages, dates and
 * months, and bare counts. The verifier checks each one against the tool results of the turn.
 */

export type ClaimKind = 'number' | 'percent' | 'date' | 'month';

export interface NumberClaim {
  kind: ClaimKind;
  /** The characters as written, which a withheld claim replaces. */
  text: string;
  start: number;
  end: number;
  /** number and percent: the value as written (always positive); date: YYYY-MM-DD; month: YYYY-MM. */
  value: number | string;
  /** number and percent: half the unit of the last digit written (1,200 → 0.5; 12.5 → 0.05). */
  halfUnit: number;
  /** Significant digits written (1,200 → 2; 1,234.50 → 6): a rounded figure can only be matched loosely. */
  significantDigits: number;
  /** Followed by "month(s)": a duration the arithmetic of a goal may explain. */
  months: boolean;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_PATTERN =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

export function monthNumber(name: string): number {
  const index = MONTH_NAMES.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3)));
  return index + 1;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The decimal mark of a locale's numbers ('.' or ','); '.' when the locale is unknown. */
export function decimalMarkOf(locale: string | null | undefined): '.' | ',' {
  try {
    const parts = new Intl.NumberFormat(locale ?? 'en').formatToParts(1.5);
    return parts.find((part) => part.type === 'decimal')?.value === ',' ? ',' : '.';
  } catch {
    return '.';
  }
}

interface DatePattern {
  pattern: RegExp;
  read(match: RegExpExecArray): { kind: 'date' | 'month'; value: string } | null;
}

const DATE_PATTERNS: DatePattern[] = [
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/gi,
    read: (m) => ({ kind: 'date', value: `${m[1]}-${m[2]}-${m[3]}` }),
  },
  {
    pattern: /\b(\d{4})-(\d{2})\b/gi,
    read: (m) => ({ kind: 'month', value: `${m[1]}-${m[2]}` }),
  },
  {
    // 1 August 2024, 1st Aug 2024
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_PATTERN}\\.?,?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => ({ kind: 'date', value: `${m[3]}-${pad(monthNumber(m[2]))}-${pad(Number(m[1]))}` }),
  },
  {
    // August 1, 2024
    pattern: new RegExp(`\\b${MONTH_PATTERN}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => ({ kind: 'date', value: `${m[3]}-${pad(monthNumber(m[1]))}-${pad(Number(m[2]))}` }),
  },
  {
    // August 2024
    pattern: new RegExp(`\\b${MONTH_PATTERN}\\.?,?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => ({ kind: 'month', value: `${m[2]}-${pad(monthNumber(m[1]))}` }),
  },
  {
    // 1 August, 1st of Aug (no year): the day is the claim; the year is read from the facts
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_PATTERN}\\b`, 'gi'),
    read: (m) => ({ kind: 'date', value: `----${pad(monthNumber(m[2]))}-${pad(Number(m[1]))}` }),
  },
  {
    // August 1st
    pattern: new RegExp(`\\b${MONTH_PATTERN}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*[,.]?\\d)`, 'gi'),
    read: (m) => ({ kind: 'date', value: `----${pad(monthNumber(m[1]))}-${pad(Number(m[2]))}` }),
  },
];

/** Words that make a bare number part of a name rather than a figure (the 50/30/20 rule). */
const NAMED_FIGURES = /\b50\s*\/\s*30\s*\/\s*20\b/g;

/** Every figure stated in `text`, in order of appearance. */
export function extractClaims(text: string, locale?: string | null): NumberClaim[] {
  const claims: NumberClaim[] = [];
  const taken: [number, number][] = [];
  const overlaps = (start: number, end: number) => taken.some(([s, e]) => start < e && end > s);
  for (const match of text.matchAll(NAMED_FIGURES)) taken.push([match.index, match.index + match[0].length]);

  for (const { pattern, read } of DATE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (overlaps(start, end)) continue;
      const found = read(match as RegExpExecArray);
      if (!found) continue;
      taken.push([start, end]);
      claims.push({
        kind: found.kind,
        text: match[0],
        start,
        end,
        value: found.value,
        halfUnit: 0,
        significantDigits: 0,
        months: false,
      });
    }
  }

  const decimal = decimalMarkOf(locale);
  const group = decimal === '.' ? ',' : '.';
  // a number: digits with optional group separators (, . space, narrow no-break space, ') and decimals
  const numberPattern =
    /(?<![A-Za-z\d])\d{1,3}(?:[,.\u00a0\u202f' ]\d{2,3})+(?:[.,]\d+)?(?!\d)|(?<![A-Za-z\d])\d+(?:[.,]\d+)?(?!\d)/g;
  for (const match of text.matchAll(numberPattern)) {
    let raw = match[0];
    const start = match.index;
    let end = start + raw.length;
    // a sentence's full stop or comma after a number is not a decimal mark
    while (/[.,]$/.test(raw)) {
      raw = raw.slice(0, -1);
      end -= 1;
    }
    if (overlaps(start, end)) continue;
    // an ordinal or a list marker ("1." at a line's start) is not a figure
    if (/^(?:st|nd|rd|th)\b/i.test(text.slice(end))) continue;
    if (/(^|\n)\s*$/.test(text.slice(0, start)) && /^[.)]\s/.test(text.slice(end))) continue;
    const parsed = parseNumber(raw, decimal, group);
    if (parsed === null) continue;
    const after = text.slice(end);
    const percent = /^\s?(%|percent\b|per cent\b)/i.exec(after);
    if (percent) end += percent[0].length;
    const monthsAfter = /^\s*(?:more\s+|extra\s+)?months?\b/i.test(after);
    taken.push([start, end]);
    claims.push({
      kind: percent ? 'percent' : 'number',
      text: text.slice(start, end),
      start,
      end,
      value: parsed.value,
      halfUnit: parsed.halfUnit,
      significantDigits: parsed.significantDigits,
      months: monthsAfter,
    });
  }
  return claims.sort((a, b) => a.start - b.start);
}

/** A number as written in a locale: 1,234.56 (or 1.234,56), 1,23,456, 1 234; null when it reads as neither. */
export function parseNumber(
  raw: string,
  decimal: '.' | ',',
  group: '.' | ',',
): { value: number; halfUnit: number; significantDigits: number } | null {
  let integer = raw;
  let fraction = '';
  const lastDecimal = raw.lastIndexOf(decimal);
  if (lastDecimal >= 0) {
    const tail = raw.slice(lastDecimal + 1);
    // "1,200" in a ','-decimal locale with three digits after is still ambiguous; a group of three reads as a group
    const isGroup = decimal === ',' ? false : /^\d{3}$/.test(tail) && raw.indexOf(decimal) !== lastDecimal;
    if (!isGroup) {
      integer = raw.slice(0, lastDecimal);
      fraction = tail;
    }
  }
  // the other mark only ever groups; a lone group mark followed by 1–2 digits is a decimal written the other way
  if (!fraction) {
    const lastGroup = integer.lastIndexOf(group);
    const tail = lastGroup >= 0 ? integer.slice(lastGroup + 1) : '';
    if (lastGroup >= 0 && /^\d{1,2}$/.test(tail) && integer.split(group).length === 2) {
      fraction = tail;
      integer = integer.slice(0, lastGroup);
    }
  }
  const digits = integer.replace(/[,.\u00a0\u202f' ]/g, '');
  if (!/^\d+$/.test(digits) || (fraction && !/^\d+$/.test(fraction))) return null;
  const value = Number(`${digits}.${fraction || '0'}`);
  const trailingZeros = fraction ? 0 : (/0*$/.exec(digits)?.[0].length ?? 0);
  const allDigits = (digits + fraction).replace(/^0+/, '');
  const significantDigits = fraction ? allDigits.length : Math.max(1, allDigits.length - trailingZeros);
  const halfUnit = fraction
    ? 0.5 * 10 ** -fraction.length
    : 0.5 * 10 ** Math.min(trailingZeros, Math.max(0, digits.length - 1));
  return { value, halfUnit, significantDigits };
}
