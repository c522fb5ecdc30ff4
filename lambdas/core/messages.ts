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

/** An export to write: the job's row says the rest (its status is the person's answer). */
export const exportMessage = z.object({
  version: z.literal(1),
  userId: z.uuid(),
  exportId: z.uuid(),
});
export type ExportMessage = z.infer<typeof exportMessage>;

/**
 * Deliveries of a message before it is dead-lettered, on SQS (the CDK's redrive policy) and on the
 * local queue alike; a worker that fails its last delivery may record why before the message goes.
 */
export const MAX_RECEIVE_COUNT = 3;
