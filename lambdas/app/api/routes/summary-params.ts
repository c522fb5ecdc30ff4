import { z } from 'zod';
import { badRequest } from '../problem';

/** A month as the API speaks it. */
export const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A currency the person has no money in is a mistake worth naming, not an empty answer. */
export function requireKnownCurrency(
  currency: string | undefined,
  known: readonly string[],
  path = 'query.currency',
): void {
  if (currency && !known.includes(currency)) {
    throw badRequest(`no transactions in ${currency}`, [
      { path, message: `unknown currency for this person; known: ${known.join(', ') || 'none'}` },
    ]);
  }
}
