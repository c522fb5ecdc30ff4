import { monthFromName } from '../statement/csv/month-names';

export interface DateHints {
  /** The amount was written with a bare '$': US banks write the month first. */
  monthFirst: boolean;
  /** YYYY-MM-DD the message arrived: gives a year to "27NOV" and bounds guesses. */
  receivedOn?: string;
}

/**
 * The first date the message states, as YYYY-MM-DD, or null. Reads 19.01.25, 20-02-2026,
 * 05-Jan-24, 15JAN2026, 2024-01-05, 05/01/2024, Jan 16 2025, March 19, 2025, and a date glued
 * to its time (19.01.2511:53). Numeric dates are day first unless the day cannot be one
 * (10/19/25) or the message is a US one (hints.monthFirst). A date without a year (27NOV)
 * takes the year that puts it on or before the day the message arrived, when that is known.
 */
export function findSmsDate(text: string, hints: DateHints): string | null {
  const candidates: { index: number; date: string }[] = [];
  for (const match of text.matchAll(ISO))
    push(candidates, match.index, ymd(Number(match[1]), Number(match[2]), Number(match[3])));
  for (const match of text.matchAll(NUMERIC)) {
    const [, a, , b, yearText] = match;
    const year = readYear(yearText);
    if (year === null) continue;
    const first = Number(a);
    const second = Number(b);
    const monthFirst = first <= 12 && (second > 12 || (hints.monthFirst && second <= 31));
    push(candidates, match.index, monthFirst ? ymd(year, first, second) : ymd(year, second, first));
  }
  for (const match of text.matchAll(DAY_MONTH_YEAR)) {
    const year = readYear(match[3]);
    const month = monthFromName(match[2]);
    if (year !== null && month) push(candidates, match.index, ymd(year, month, Number(match[1])));
  }
  for (const match of text.matchAll(MONTH_DAY_YEAR)) {
    const month = monthFromName(match[1]);
    if (month) push(candidates, match.index, ymd(Number(match[3]), month, Number(match[2])));
  }
  if (candidates.length > 0) return candidates.sort((x, y) => x.index - y.index)[0].date;
  return hints.receivedOn ? yearlessDate(text, hints.receivedOn) : null;
}

const MONTH_WORD = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;

const ISO = /(?<!\d)(20\d{2}|19\d{2})-(\d{1,2})-(\d{1,2})(?!\d)/g;
/** d.m.y, d-m-y, d/m/y with the same separator twice; the year may be glued to a time. */
const NUMERIC = /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{2,4})/g;
const DAY_MONTH_YEAR = new RegExp(
  String.raw`(?<![\d])(\d{1,2})[\s/-]?(${MONTH_WORD})\.?[\s/,-]{0,2}(\d{4}|\d{2})(?![\d:])`,
  'gi',
);
const MONTH_DAY_YEAR = new RegExp(String.raw`\b(${MONTH_WORD})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)`, 'gi');
const YEARLESS = new RegExp(String.raw`(?<![\d])(\d{1,2})[\s-]?(${MONTH_WORD})\b`, 'gi');

/** A four-digit year, a two-digit one (20xx), or the two digits before a glued time ("2511:53"). */
function readYear(text: string): number | null {
  if (text.length === 4) {
    const year = Number(text);
    if (year >= 1990 && year <= 2099) return year;
    return 2000 + Number(text.slice(0, 2));
  }
  if (text.length === 2) return 2000 + Number(text);
  return null;
}

function push(list: { index: number; date: string }[], index: number | undefined, date: string | null): void {
  if (date) list.push({ index: index ?? 0, date });
}

function ymd(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function yearlessDate(text: string, receivedOn: string): string | null {
  const match = YEARLESS.exec(text);
  YEARLESS.lastIndex = 0;
  if (!match) return null;
  const month = monthFromName(match[2]);
  if (!month) return null;
  const receivedYear = Number(receivedOn.slice(0, 4));
  const sameYear = ymd(receivedYear, month, Number(match[1]));
  if (sameYear && sameYear <= receivedOn) return sameYear;
  return ymd(receivedYear - 1, month, Number(match[1]));
}
