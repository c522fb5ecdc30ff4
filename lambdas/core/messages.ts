import { z } from 'zod';

/**
 * How many transaction ids travel in one categorise message on AWS: the categoriser reads and
 * writes one message's rows in one Data API call each, which answers at most 1 MiB.
 */
export const CATEGORISE_BATCH_SIZE = 200;

/**
 * The same on the local stack, where nothing limits one query's answer: ten times fewer
 * messages, transactions and model loads for the same rows (79 KB of ids, far under SQS's 256 KB).
 */
export const LOCAL_CATEGORISE_BATCH_SIZE = 2000;

/** Envelopes on the queues: versioned and validated at both ends. */
export const categoriseMessage = z.object({
  version: z.literal(1),
  userId: z.uuid(),
  uploadId: z.uuid().nullable(),
  transactionIds: z.array(z.uuid()).min(1).max(LOCAL_CATEGORISE_BATCH_SIZE),
});
export type CategoriseMessage = z.infer<typeof categoriseMessage>;

export const forecastMessage = z.object({
  version: z.literal(1),
  userId: z.uuid(),
  uploadId: z.uuid().nullable(),
});
export type ForecastMessage = z.infer<typeof forecastMessage>;

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
