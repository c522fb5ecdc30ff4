import { z } from 'zod';

/** A calendar date as the API speaks it. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
