import type { DateOrder } from '../types';
import { readDateParts } from './parse-date';

/**
 * Collects what a file says about its day/month order: one date with a day above 12 anywhere in
 * a date column (a balance line counts too) settles it for the whole file.
 */
export class DateOrderEvidence {
  private dayFirst = 0;
  private monthFirst = 0;
  /** Whether any date seen so far needs the order (a day/month date with both parts ≤ 12). */
  ambiguousSeen = false;
  /** Shape of the first date seen, for reporting: year-first files are YMD. */
  firstShape: 'year-first' | 'day-month' | 'named-month' | null = null;

  observe(cell: string): void {
    if (cell === '') return;
    const parts = readDateParts(cell);
    if (!parts) return;
    if (this.firstShape === null)
      this.firstShape = /^\d{4}/.test(cell.trim())
        ? 'year-first'
        : parts.kind === 'pair' || parts.reveals
          ? 'day-month'
          : 'named-month';
    if (parts.kind === 'pair') this.ambiguousSeen = true;
    else if (parts.reveals === 'DMY') this.dayFirst++;
    else if (parts.reveals === 'MDY') this.monthFirst++;
  }

  decided(): 'DMY' | 'MDY' | null {
    if (this.dayFirst === 0 && this.monthFirst === 0) return null;
    return this.dayFirst >= this.monthFirst ? 'DMY' : 'MDY';
  }

  /** The order to report for the file so far. */
  reported(fallback: 'DMY' | 'MDY'): DateOrder {
    return (
      this.decided() ??
      (this.firstShape === 'year-first' ? 'YMD' : this.firstShape === 'named-month' ? 'DMY' : fallback)
    );
  }
}

/** Currencies of countries that write month first: used only when a file never reveals its order. */
const MONTH_FIRST_CURRENCIES = new Set(['USD', 'CAD', 'PHP', 'BZD', 'FMD', 'PAB']);

export function conventionalDateOrder(currency: string | null): { order: 'DMY' | 'MDY'; why: string } {
  if (currency && MONTH_FIRST_CURRENCIES.has(currency))
    return { order: 'MDY', why: `month first, the usual order for ${currency} accounts` };
  return {
    order: 'DMY',
    why: currency
      ? `day first, the usual order for ${currency} accounts`
      : 'day first, the order most of the world writes',
  };
}
