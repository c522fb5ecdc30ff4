import {
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
  AccessDeniedException,
} from '@aws-sdk/client-bedrock-runtime';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { BedrockLanguageModel } from '../../../lambdas/adapters/aws/bedrock-language-model';
import { readConfig } from '../../../lambdas/adapters/aws/config';
import { S3BlobStore } from '../../../lambdas/adapters/aws/s3-blob-store';
import { SqsQueue } from '../../../lambdas/adapters/aws/sqs-queue';
import { LanguageModelUnavailableError } from '../../../lambdas/ports/language-model';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const bedrock = mockClient(BedrockRuntimeClient);

beforeEach(() => {
  s3.reset();
  sqs.reset();
  bedrock.reset();
});

describe('S3BlobStore', () => {
  const store = new S3BlobStore(
    new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    'uploads-bucket',
  );

  it('streams an object and answers null for the size of one that does not exist', async () => {
    s3.on(GetObjectCommand).resolves({
      Body: Readable.from([Buffer.from('Date,Amount\n'), Buffer.from('2024-01-01,1\n')]) as never,
    });
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('not found'), { name: 'NotFound' }));
    const chunks: Buffer[] = [];
    for await (const chunk of await store.read('uploads/a/b/c.csv')) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('Date,Amount\n2024-01-01,1\n');
    expect(await store.size('uploads/a/b/missing.csv')).toBeNull();
  });

  it('erases every object under a person’s prefix, page by page', async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ Key: `uploads/p/${from + i}.csv` }));
    s3.on(ListObjectsV2Command, { Prefix: 'uploads/p/', ContinuationToken: undefined }).resolves({
      Contents: page(0, 1000),
      IsTruncated: true,
      NextContinuationToken: 't1',
    });
    s3.on(ListObjectsV2Command, { Prefix: 'uploads/p/', ContinuationToken: 't1' }).resolves({
      Contents: page(1000, 3),
      IsTruncated: false,
    });
    s3.on(DeleteObjectsCommand).resolves({});
    expect(await store.deletePrefix('uploads/p/')).toBe(1003);
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects?.length);
    expect(deletes).toEqual([1000, 3]);
  });

  it('presigns a PUT to the upload key that expires when asked', async () => {
    const url = await store.createUploadUrl('uploads/u/1/statement.csv', {
      expiresInSeconds: 600,
      contentType: 'text/csv',
    });
    expect(url.method).toBe('PUT');
    expect(url.url).toMatch(
      /^https:\/\/uploads-bucket\.s3\.eu-west-1\.amazonaws\.com\/uploads\/u\/1\/statement\.csv\?/,
    );
    expect(url.url).toContain('X-Amz-Expires=600');
    expect(url.headers).toEqual({ 'content-type': 'text/csv' });
  });
});

describe('SqsQueue', () => {
  const queue = new SqsQueue<{ n: number }>(
    new SQSClient({ region: 'eu-west-1' }),
    'https://sqs.eu-west-1.amazonaws.com/1/categorise',
  );

  it('sends in batches of at most ten and retries only the entries that failed', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [], Failed: [{ Id: '3', SenderFault: false, Code: 'InternalError' }] })
      .resolves({ Successful: [], Failed: [] });
    await queue.send(Array.from({ length: 12 }, (_, n) => ({ n })));
    const calls = sqs
      .commandCalls(SendMessageBatchCommand)
      .map((c) => c.args[0].input.Entries?.map((e) => JSON.parse(e.MessageBody ?? '{}').n));
    expect(calls).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [3], [10, 11]]);
  });

  it('gives up naming the messages that could not be sent', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [{ Id: '0', SenderFault: true, Code: 'X' }] });
    await expect(queue.send([{ n: 1 }])).rejects.toMatchObject({ name: 'QueueSendError', failedIds: ['0'] });
  });
});

describe('BedrockLanguageModel', () => {
  const model = new BedrockLanguageModel(
    new BedrockRuntimeClient({ region: 'eu-west-1' }),
    'anthropic.claude-3-haiku-20240307-v1:0',
    { initialDelayMs: 1, sleep: async () => undefined, attempts: 3 },
  );

  it('answers through the Converse API after riding out throttling', async () => {
    bedrock
      .on(ConverseCommand)
      .rejectsOnce(new ThrottlingException({ message: 'slow down', $metadata: {} }))
      .resolves({
        output: { message: { role: 'assistant', content: [{ text: '{"a":"Groceries"}' }] } },
        usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
        stopReason: 'end_turn',
        metrics: { latencyMs: 1 },
      });
    const answer = await model.converse({ system: 'You categorise.', messages: [{ role: 'user', text: 'TESCO' }] });
    expect(answer).toMatchObject({
      text: '{"a":"Groceries"}',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      inputTokens: 10,
    });
    expect(bedrock.commandCalls(ConverseCommand)[1].args[0].input.system).toEqual([{ text: 'You categorise.' }]);
  });

  it('reports the model unavailable at once when access is denied', async () => {
    bedrock.on(ConverseCommand).rejects(new AccessDeniedException({ message: 'no', $metadata: {} }));
    await expect(model.converse({ system: 's', messages: [{ role: 'user', text: 'x' }] })).rejects.toBeInstanceOf(
      LanguageModelUnavailableError,
    );
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });
});

describe('readConfig', () => {
  it('names every missing or bad variable', () => {
    expect(() =>
      readConfig(
        { UPLOAD_BUCKET: z.string().min(3), MAX_UPLOAD_ROWS: z.coerce.number().int().positive() },
        { MAX_UPLOAD_ROWS: 'many' },
      ),
    ).toThrow(/UPLOAD_BUCKET .*MAX_UPLOAD_ROWS/);
  });
});
