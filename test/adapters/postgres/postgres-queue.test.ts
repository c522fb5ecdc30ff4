import type { SQSEvent } from 'aws-lambda';
import { PostgresQueue } from '../../../lambdas/adapters/postgres/postgres-queue';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** The local stack's durable queue keeps SQS's promises, on real PostgreSQL. */
describe('PostgresQueue', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  const waitFor = async (condition: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 400 && !(await condition()); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  it('delivers each message, retries a failed one and dead-letters it after three receives', async () => {
    const queue = new PostgresQueue<{ n: number }>(database.db, {
      name: 'retries',
      batchSize: 4,
      retryDelayMs: 10,
      pollMs: 10,
    });
    const seen = new Map<number, number>();
    await queue.send([1, 2, 3, 4, 5].map((n) => ({ n })));
    await queue.consume(async (event: SQSEvent) => {
      const failures = [];
      for (const record of event.Records) {
        const { n } = JSON.parse(record.body) as { n: number };
        seen.set(n, (seen.get(n) ?? 0) + 1);
        if (n === 3) failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    });
    await queue.drained();
    await queue.stop();
    expect(Object.fromEntries(seen)).toEqual({ 1: 1, 2: 1, 3: 3, 4: 1, 5: 1 });
    expect((await queue.deadLetters()).map((d) => [JSON.parse(d.body), d.receiveCount])).toEqual([[{ n: 3 }, 3]]);
  });

  it('hands out again, at the next start, what a consumer that died had received', async () => {
    const first = new PostgresQueue<{ n: number }>(database.db, { name: 'crash', pollMs: 10 });
    await first.send([{ n: 1 }, { n: 2 }]);
    let received = 0;
    // A consumer that never finishes: the process "dies" holding the batch.
    void first.consume(async (event) => {
      received += event.Records.length;
      await new Promise(() => undefined);
    });
    await waitFor(() => received === 2);
    first['stopped'] = true;

    const second = new PostgresQueue<{ n: number }>(database.db, { name: 'crash', pollMs: 10 });
    const handled: number[] = [];
    const reclaimed = await second.consume(
      async (event) => {
        for (const record of event.Records) handled.push((JSON.parse(record.body) as { n: number }).n);
      },
      { reclaimInFlight: true },
    );
    await second.drained();
    await second.stop();
    expect(reclaimed).toBe(2);
    expect(handled.sort()).toEqual([1, 2]);
  });
});
