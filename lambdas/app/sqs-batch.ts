import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';

export class InvalidMessageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidMessageError';
  }
}

/**
 * Runs `handle` on each SQS record's zod-validated body with Powertools' BatchProcessor, so
 * one failing record (or one that does not match the envelope) is reported alone as a
 * partial batch failure and retried, while the others are done.
 */
export function sqsBatchHandler<S extends z.ZodType>(schema: S, handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, async (record: SQSRecord) => {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch (error) {
        throw new InvalidMessageError(`message ${record.messageId} is not JSON`, { cause: error });
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new InvalidMessageError(`message ${record.messageId} does not match its envelope: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      await handle(parsed.data, record);
    }, processor);
  };
}
