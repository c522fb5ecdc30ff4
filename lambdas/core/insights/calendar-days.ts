/**
 * Calendar arithmetic on posting dates (`YYYY-MM-DD`, no time zone) as whole day numbers since
 * 1970-01-01, so that gaps and tolerances are integer subtraction.
 */

const MS_PER_DAY = 86_400_000;

export function dayNumber(date: string): number {
  return Math.round(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY);
}

export function dateOfDay(day: number): string {
  return new Date(Math.round(day) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Months since year 0 of a date: consecutive months are consecutive numbers. */
export function monthNumber(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** The day number of the first of a month number. */
export function firstDayOfMonth(month: number): number {
  return Math.round(Date.UTC(Math.floor(month / 12), month % 12, 1) / MS_PER_DAY);
}

export function daysInMonth(month: number): number {
  return firstDayOfMonth(month + 1) - firstDayOfMonth(month);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median absolute deviation: a spread that one outlier cannot move. */
export function medianAbsoluteDeviation(values: readonly number[], centre = median(values)): number {
  return median(values.map((value) => Math.abs(value - centre)));
}
