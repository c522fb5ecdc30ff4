import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { MessageQueue } from '../../ports/queue';

export interface InProcessQueueOptions {
  name: string;
  /** Records per handler call, as an SQS event source's batch size. @default 10 */
  batchSize?: number;
  /** Deliveries before a message goes to the dead-letter list. @default 3 */
  maxReceiveCount?: number;
  /** Wait before a failed message is visible again. @default 1000 */
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

interface Envelope {
  id: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

/**
 * Stands in for SQS and its event source mapping: delivers SQS-shaped batches to a
 * consumer, takes back its partial batch failures, retries them after a delay and moves a
 * message that failed `maxReceiveCount` times to the dead-letter list.
 */
export class InProcessQueue<T> implements MessageQueue<T> {
  readonly deadLetters: { body: string; receiveCount: number }[] = [];
  private readonly waiting: Envelope[] = [];
  private consumer?: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  private running = false;
  private timer?: NodeJS.Timeout;
  private idleWaiters: (() => void)[] = [];
  private inFlight = 0;

  constructor(private readonly options: InProcessQueueOptions) {}

  async send(messages: readonly T[]): Promise<void> {
    for (const message of messages) {
      this.waiting.push({ id: randomUUID(), body: JSON.stringify(message), receiveCount: 0, visibleAt: 0 });
    }
    this.schedule(0);
  }

  consume(consumer: (event: SQSEvent) => Promise<SQSBatchResponse | void>): void {
    this.consumer = consumer;
    this.schedule(0);
  }

  get depth(): number {
    return this.waiting.length + this.inFlight;
  }

  /** Resolves when nothing is waiting or being handled (for tests and clean shutdown). */
  async drained(): Promise<void> {
    if (this.depth === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.consumer = undefined;
  }

  private schedule(delayMs: number): void {
    if (!this.consumer || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), delayMs);
  }

  private async pump(): Promise<void> {
    if (!this.consumer || this.running) return;
    this.running = true;
    try {
      for (;;) {
        const now = Date.now();
        const batch: Envelope[] = [];
        for (let i = 0; i < this.waiting.length && batch.length < (this.options.batchSize ?? 10);) {
          if (this.waiting[i].visibleAt <= now) batch.push(...this.waiting.splice(i, 1));
          else i += 1;
        }
        if (batch.length === 0) break;
        await this.deliver(batch);
      }
    } finally {
      this.running = false;
    }
    const next = this.waiting.reduce((soonest, e) => Math.min(soonest, e.visibleAt), Infinity);
    if (Number.isFinite(next)) this.schedule(Math.max(0, next - Date.now()));
    else if (this.depth === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private async deliver(batch: Envelope[]): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) {
      this.waiting.push(...batch);
      return;
    }
    this.inFlight += batch.length;
    batch.forEach((envelope) => (envelope.receiveCount += 1));
    let failed: Set<string>;
    try {
      const response = await consumer({ Records: batch.map((envelope) => this.toRecord(envelope)) });
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      failed = new Set(batch.map((envelope) => envelope.id));
    } finally {
      this.inFlight -= batch.length;
    }
    for (const envelope of batch.filter((e) => failed.has(e.id))) {
      if (envelope.receiveCount >= (this.options.maxReceiveCount ?? 3)) {
        this.deadLetters.push({ body: envelope.body, receiveCount: envelope.receiveCount });
      } else {
        envelope.visibleAt = Date.now() + (this.options.retryDelayMs ?? 1000);
        this.waiting.push(envelope);
      }
    }
  }

  private toRecord(envelope: Envelope): SQSRecord {
    return {
      messageId: envelope.id,
      receiptHandle: envelope.id,
      body: envelope.body,
      attributes: {
        ApproximateReceiveCount: String(envelope.receiveCount),
        SentTimestamp: String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.options.name}`,
      awsRegion: 'local',
    };
  }
}
