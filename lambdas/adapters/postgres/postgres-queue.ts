import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { sql } from 'kysely';
import type { MessageQueue } from '../../ports/queue';
import type { Db } from './schema';

export interface PostgresQueueOptions {
  name: string;
  /** Records per handler call, as an SQS event source's batch size. @default 10 */
  batchSize?: number;
  /** Deliveries before a message is dead-lettered. @default 3 */
  maxReceiveCount?: number;
  /** Wait before a failed message is visible again. @default 1000 */
  retryDelayMs?: number;
  /** How long a received message stays hidden from other receivers. @default 300 (5 min) */
  visibilityTimeoutSeconds?: number;
  /** How often an idle consumer looks for messages another process sent or a retry made visible. @default 500 */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

interface Received {
  id: string;
  body: string;
  receive_count: number;
  sent_at: Date | string;
}

/**
 * The local stack's queue, durable in PostgreSQL with SQS's semantics: at-least-once delivery
 * in SQS-shaped batches, partial batch failures retried after a delay, a message dead-lettered
 * after `maxReceiveCount` receives, and a visibility timeout after which a message whose
 * consumer died is handed out again. Rows are taken with FOR UPDATE SKIP LOCKED, so two
 * consumers never receive one message at once.
 */
export class PostgresQueue<T> implements MessageQueue<T> {
  private consumer?: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private pumping: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly options: PostgresQueueOptions,
  ) {}

  async send(messages: readonly T[]): Promise<void> {
    if (messages.length === 0) return;
    const rows = messages.map((message) => sql`(${this.options.name}, ${JSON.stringify(message)})`);
    await sql`insert into queue_messages (queue, body) values ${sql.join(rows)}`.execute(this.db);
    this.schedule(0);
  }

  /**
   * Starts delivering to `consumer`. Messages in flight when an earlier process died are made
   * visible at once: this process is the only consumer of its data directory, so nobody else
   * holds them (SQS would wait out their visibility timeout).
   */
  async consume(
    consumer: (event: SQSEvent) => Promise<SQSBatchResponse | void>,
    options: { reclaimInFlight?: boolean } = {},
  ): Promise<number> {
    let reclaimed = 0;
    if (options.reclaimInFlight) {
      const result = await sql`update queue_messages set visible_at = now()
        where queue = ${this.options.name} and dead_at is null and visible_at > now()`.execute(this.db);
      reclaimed = Number(result.numAffectedRows ?? 0);
    }
    this.consumer = consumer;
    this.stopped = false;
    this.schedule(0);
    return reclaimed;
  }

  /** Messages not yet handled (waiting or in flight), dead letters excluded. */
  async depth(): Promise<number> {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from queue_messages where queue = ${this.options.name} and dead_at is null`.execute(
      this.db,
    );
    return rows[0]?.n ?? 0;
  }

  async deadLetters(): Promise<{ body: string; receiveCount: number }[]> {
    const { rows } = await sql<{ body: string; receive_count: number }>`select body, receive_count from queue_messages
      where queue = ${this.options.name} and dead_at is not null order by dead_at`.execute(this.db);
    return rows.map((row) => ({ body: row.body, receiveCount: row.receive_count }));
  }

  /** Resolves when nothing is waiting or being handled (for tests and clean shutdown). */
  async drained(): Promise<void> {
    while ((await this.depth()) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Stops taking new batches and waits for the one being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.consumer = undefined;
    await this.pumping;
  }

  private schedule(delayMs: number): void {
    if (!this.consumer || this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.pumping = this.pump();
    }, delayMs);
  }

  private async pump(): Promise<void> {
    if (!this.consumer || this.running || this.stopped) return;
    this.running = true;
    try {
      for (;;) {
        if (this.stopped) break;
        const batch = await this.receive();
        if (batch.length === 0) break;
        await this.deliver(batch);
      }
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.running = false;
    }
    this.schedule(this.options.pollMs ?? 500);
  }

  private async receive(): Promise<Received[]> {
    const visibility = this.options.visibilityTimeoutSeconds ?? 300;
    const { rows } = await sql<Received>`update queue_messages set receive_count = receive_count + 1,
        visible_at = now() + make_interval(secs => ${visibility})
      where id in (
        select id from queue_messages
        where queue = ${this.options.name} and dead_at is null and visible_at <= now()
        order by visible_at, sent_at, id
        limit ${this.options.batchSize ?? 10}
        for update skip locked)
      returning id, body, receive_count, sent_at`.execute(this.db);
    return rows;
  }

  private async deliver(batch: Received[]): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    let failed: Set<string>;
    try {
      const response = await consumer({ Records: batch.map((message) => this.toRecord(message)) });
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.onError?.(error);
      failed = new Set(batch.map((message) => message.id));
    }
    const done = batch.filter((message) => !failed.has(message.id)).map((message) => message.id);
    if (done.length > 0) await sql`delete from queue_messages where id in (${sql.join(done)})`.execute(this.db);
    const retry = batch.filter((message) => failed.has(message.id));
    const max = this.options.maxReceiveCount ?? 3;
    const dead = retry.filter((message) => message.receive_count >= max).map((message) => message.id);
    const again = retry.filter((message) => message.receive_count < max).map((message) => message.id);
    if (dead.length > 0)
      await sql`update queue_messages set dead_at = now() where id in (${sql.join(dead)})`.execute(this.db);
    if (again.length > 0) {
      await sql`update queue_messages set visible_at = now() + make_interval(secs => ${(this.options.retryDelayMs ?? 1000) / 1000})
        where id in (${sql.join(again)})`.execute(this.db);
    }
  }

  private toRecord(message: Received): SQSRecord {
    const sent = String(new Date(message.sent_at).getTime());
    return {
      messageId: message.id,
      receiptHandle: message.id,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receive_count),
        SentTimestamp: sent,
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: sent,
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.options.name}`,
      awsRegion: 'local',
    };
  }
}
