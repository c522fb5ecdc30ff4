import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue } from '../../ports/queue';

const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

export class QueueSendError extends Error {
  constructor(
    message: string,
    readonly failedIds: string[],
  ) {
    super(message);
    this.name = 'QueueSendError';
  }
}

/** Sends JSON messages in SendMessageBatch calls (≤ 10 entries, ≤ 256 KB), retrying failed entries. */
export class SqsQueue<T> implements MessageQueue<T> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly retries = 3,
  ) {}

  async send(messages: readonly T[]): Promise<void> {
    let batch: SendMessageBatchRequestEntry[] = [];
    let bytes = 0;
    for (const [index, message] of messages.entries()) {
      const body = JSON.stringify(message);
      const size = Buffer.byteLength(body);
      if (batch.length === MAX_ENTRIES || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
        await this.sendBatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ Id: String(index), MessageBody: body });
      bytes += size;
    }
    if (batch.length > 0) await this.sendBatch(batch);
  }

  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 0; attempt <= this.retries && pending.length > 0; attempt += 1) {
      const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }));
      const failed = new Set((result.Failed ?? []).map((f) => f.Id));
      pending = pending.filter((entry) => failed.has(entry.Id));
    }
    if (pending.length > 0) {
      throw new QueueSendError(
        `${pending.length} messages could not be sent to ${this.queueUrl}`,
        pending.map((e) => e.Id ?? ''),
      );
    }
  }
}
