import type { SQSEvent } from 'aws-lambda';

/**
 * An SQS event as Lambda hands it to a handler: one record per message, in order (`m0`, `m1`, …),
 * its body the message as JSON, each received `receiveCount` times (the last delivery before the
 * dead-letter queue is the one that matters to some handlers).
 */
export function sqsEventOf(messages: readonly unknown[], receiveCount = 1): SQSEvent {
  return {
    Records: messages.map((message, i) => ({
      messageId: `m${i}`,
      body: JSON.stringify(message),
      attributes: { ApproximateReceiveCount: String(receiveCount) },
    })),
  } as unknown as SQSEvent;
}
