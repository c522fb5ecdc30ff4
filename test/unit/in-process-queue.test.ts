import type { SQSEvent } from 'aws-lambda';
import { InProcessQueue } from '../../lambdas/adapters/local/in-process-queue';

describe('the local stand-in for SQS', () => {
  it('delivers SQS-shaped batches, retries only the reported failures and dead-letters after the receive limit', async () => {
    const queue = new InProcessQueue<{ n: number }>({
      name: 'test',
      batchSize: 3,
      maxReceiveCount: 2,
      retryDelayMs: 5,
    });
    const seen: number[][] = [];
    queue.consume(async (event: SQSEvent) => {
      seen.push(event.Records.map((r) => JSON.parse(r.body).n));
      return {
        batchItemFailures: event.Records.filter((r) => JSON.parse(r.body).n === 2).map((r) => ({
          itemIdentifier: r.messageId,
        })),
      };
    });
    await queue.send([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    await queue.drained();
    expect(seen).toEqual([[1, 2, 3], [4], [2]]);
    expect(queue.deadLetters.map((d) => JSON.parse(d.body).n)).toEqual([2]);
    expect(queue.deadLetters[0].receiveCount).toBe(2);
  });

  it('treats a consumer that throws as a failure of the whole batch', async () => {
    const queue = new InProcessQueue<{ n: number }>({ name: 'test', maxReceiveCount: 1, retryDelayMs: 1 });
    queue.consume(async () => {
      throw new Error('boom');
    });
    await queue.send([{ n: 1 }, { n: 2 }]);
    await queue.drained();
    expect(queue.deadLetters).toHaveLength(2);
  });
});
