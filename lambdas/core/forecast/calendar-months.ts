/** Calendar-month arithmetic on `YYYY-MM` strings: no time zones, no Date objects to get wrong. */

export function addMonths(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `first` to `last` inclusive (empty when last is before first). */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}
