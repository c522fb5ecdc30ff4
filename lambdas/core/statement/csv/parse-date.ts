import { monthFromName } from './month-names';

/** A date as written: either complete, or day and month in an order the file has yet to reveal. */
export type DateParts =
  /** `reveals`: a day/month date whose day is > 12, which proves the file's order. */
  | { kind: 'full'; year: number; month: number; day: number; reveals?: 'DMY' | 'MDY' }
  | { kind: 'pair'; first: number; second: number; year: number };

// YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY:MM:DD, optionally followed by a time.
const YEAR_FIRST = /^(\d{4})([-/.:])(\d{1,2})\2(\d{1,2})(?!\d)/;
// YYYYMMDD, or the OFX-style YYYYMMDDhhmmss[offset:TZ].
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\d{6}(?:\.\d+)?(?:\[[^\]]*\])?)?$/;
// D/M/Y or M/D/Y with '/', '.', '-', a 2- or 4-digit year, optionally followed by a time.
const DAY_MONTH = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d])/;
// 07 Nov 2013, 7-Nov-13, 7. Januar 2024
const DAY_NAME_YEAR = /^(\d{1,2})[\s.\-/]*([^\d\s.\-/,]{3,12})\.?[\s.\-/,]*(\d{4}|\d{2})(?!\d)/;
// Nov 7, 2013
const NAME_DAY_YEAR = /^([^\d\s.\-/,]{3,12})\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)/;
// 2023年4月22日
const CJK = /^(\d{4})年(\d{1,2})月(\d{1,2})日/;

/** Reads the date parts of a cell, or null when the cell is not a date. */
export function readDateParts(cell: string): DateParts | null {
  const text = cell.trim();
  if (text.length < 6 || text.length > 40) return null;
  const c0 = text.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39) {
    let match = YEAR_FIRST.exec(text);
    if (match) return full(Number(match[1]), Number(match[3]), Number(match[4]));
    match = COMPACT.exec(text);
    if (match) return full(Number(match[1]), Number(match[2]), Number(match[3]));
    match = DAY_MONTH.exec(text);
    if (match) {
      const first = Number(match[1]);
      const second = Number(match[3]);
      const year = fullYear(match[4]);
      if (first < 1 || second < 1 || (first > 12 && second > 12) || first > 31 || second > 31) return null;
      if (first > 12) return revealing(full(year, second, first), 'DMY');
      if (second > 12) return revealing(full(year, first, second), 'MDY');
      return { kind: 'pair', first, second, year };
    }
    match = DAY_NAME_YEAR.exec(text);
    if (match) {
      const month = monthFromName(match[2]);
      return month ? full(fullYear(match[3]), month, Number(match[1])) : null;
    }
    match = CJK.exec(text);
    if (match) return full(Number(match[1]), Number(match[2]), Number(match[3]));
    return null;
  }
  const match = NAME_DAY_YEAR.exec(text);
  if (match) {
    const month = monthFromName(match[1]);
    return month ? full(Number(match[3]), month, Number(match[2])) : null;
  }
  return null;
}

/**
 * The calendar date of date parts, as YYYY-MM-DD, given the file's day/month order for
 * ambiguous parts; null when the parts are not a real date.
 */
export function isoDate(parts: DateParts, order: 'DMY' | 'MDY' | 'YMD'): string | null {
  if (parts.kind === 'full') return format(parts.year, parts.month, parts.day);
  return order === 'MDY'
    ? format(parts.year, parts.first, parts.second)
    : format(parts.year, parts.second, parts.first);
}

/** Whether a cell holds a valid date (in either order when ambiguous). */
export function isDateCell(cell: string): boolean {
  const parts = readDateParts(cell);
  if (!parts) return false;
  return parts.kind === 'full' || isoDate(parts, 'DMY') !== null || isoDate(parts, 'MDY') !== null;
}

function revealing(parts: DateParts | null, order: 'DMY' | 'MDY'): DateParts | null {
  if (parts && parts.kind === 'full') parts.reveals = order;
  return parts;
}

function full(year: number, month: number, day: number): DateParts | null {
  return valid(year, month, day) ? { kind: 'full', year, month, day } : null;
}

function fullYear(text: string): number {
  if (text.length === 4) return Number(text);
  // Two-digit years: banks print recent dates; 70-99 can only mean the last century.
  const short = Number(text);
  return short >= 70 ? 1900 + short : 2000 + short;
}

function valid(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function format(year: number, month: number, day: number): string | null {
  if (!valid(year, month, day)) return null;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
