import { z } from 'zod';

/** Envelopes on the queues: versioned and validated at both ends. */
export const categoriseMessage = z.object({
  version: z.literal(1),
  userId: z.uuid(),
  uploadId: z.uuid().nullable(),
  transactionIds: z.array(z.uuid()).min(1).max(500),
});
export type CategoriseMessage = z.infer<typeof categoriseMessage>;

export const forecastMessage = z.object({
  version: z.literal(1),
  userId: z.uuid(),
  uploadId: z.uuid().nullable(),
});
export type ForecastMessage = z.infer<typeof forecastMessage>;

/** How many transaction ids travel in one categorise message. */
export const CATEGORISE_BATCH_SIZE = 200;
