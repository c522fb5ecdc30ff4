import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { recordFailedRecord } from './app-metrics';

export class InvalidMessageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidMessageError';
  }
}

/** Where a failed record is told: the function's logger, and its metrics when it has them. */
export interface BatchTelemetry {
  logger: Logger;
  metrics?: Metrics;
}

/** The person a message is about, read from its body when it has one, for the failure's log line. */
function userIdOf(record: SQSRecord): string | undefined {
  try {
    const userId = (JSON.parse(record.body) as { userId?: unknown }).userId;
    return typeof userId === 'string' ? userId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Powertools' BatchProcessor, telling each failure as it happens: one error line with the
 * record's messageId and userId, and one FailedQueueRecords count. Without it a failed record
 * is only seen when it reaches the dead-letter queue, after every retry.
 */
class TellingBatchProcessor extends BatchProcessor {
  constructor(private readonly telemetry: BatchTelemetry) {
    super(EventType.SQS);
  }

  override failureHandler(record: SQSRecord, error: Error) {
    const userId = userIdOf(record);
    this.telemetry.logger.error('queue record failed', {
      messageId: record.messageId,
      ...(userId ? { userId } : {}),
      receiveCount: record.attributes?.ApproximateReceiveCount,
      error,
    });
    if (this.telemetry.metrics) recordFailedRecord(this.telemetry.metrics);
    return super.failureHandler(record, error);
  }
}

/**
 * Runs `handle` on each SQS record's zod-validated body with Powertools' BatchProcessor, so
 * one failing record (or one that does not match the envelope) is reported alone as a
 * partial batch failure and retried, while the others are done.
 */
export function sqsBatchHandler<S extends z.ZodType>(
  schema: S,
  handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>,
  telemetry: BatchTelemetry,
) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const processor = new TellingBatchProcessor(telemetry);
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        let body: unknown;
        try {
          body = JSON.parse(record.body);
        } catch (error) {
          throw new InvalidMessageError(`message ${record.messageId} is not JSON`, { cause: error });
        }
        const parsed = schema.safeParse(body);
        if (!parsed.success) {
          throw new InvalidMessageError(
            `message ${record.messageId} does not match its envelope: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        }
        await handle(parsed.data, record);
      },
      processor,
    );
  };
}
