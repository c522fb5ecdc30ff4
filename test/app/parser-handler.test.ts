import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3BlobStore } from '../../lambdas/adapters/aws/s3-blob-store';
import { SqsQueue } from '../../lambdas/adapters/aws/sqs-queue';
import { PostgresImportStore } from '../../lambdas/adapters/postgres/postgres-import-store';
import { findUpload } from '../../lambdas/adapters/postgres/repositories/uploads';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createParserHandler } from '../../lambdas/app/parser';
import { redact } from '../../lambdas/core/redact/redact';
import { openStatement } from '../../lambdas/core/statement/open-statement';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const STATEMENT =
  'Buchungstag;Verwendungszweck;Betrag\n02.01.2024;REWE SAGT DANKE;-23,45\n03.01.2024;GEHALT ACME GMBH;2.500,00\n';

describe('the parser Lambda', () => {
  let database: TestDatabase;
  let handler: (event: S3Event) => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const sqsClient = new SQSClient({ region: 'eu-west-1' });
    handler = createParserHandler({
      store: new PostgresImportStore(database.db),
      blobs: new S3BlobStore(new S3Client({ region: 'eu-west-1' }), 'bucket'),
      categoriseQueue: new SqsQueue(sqsClient, 'https://sqs/categorise'),
      forecastQueue: new SqsQueue(sqsClient, 'https://sqs/forecast'),
      openStatement,
      redact,
      limits: { maxBytes: 1_000_000, maxRows: 1000 },
      logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
    });
  });
  afterAll(async () => database.close());
  beforeEach(() => {
    s3.reset();
    sqs.reset();
    s3.on(HeadObjectCommand).resolves({ ContentLength: Buffer.byteLength(STATEMENT) });
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: Readable.from([Buffer.from(STATEMENT, 'latin1')]) }));
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  });

  const event = (key: string): S3Event =>
    ({ Records: [{ s3: { object: { key, size: 10 }, bucket: { name: 'bucket' } } }] }) as unknown as S3Event;

  it('imports the object an S3 event names (URL-encoded key) and queues its rows for the categoriser, which queues the forecast once they are decided', async () => {
    const userId = randomUUID();
    const uploadId = randomUUID();
    await handler(event(`uploads/${userId}/${uploadId}/Kontoauszug+Januar.csv`));

    expect(
      s3
        .commandCalls(GetObjectCommand)
        .some((c) => c.args[0].input.Key === `uploads/${userId}/${uploadId}/Kontoauszug Januar.csv`),
    ).toBe(true);
    const upload = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId));
    expect(upload).toMatchObject({ status: 'categorising', imported: 2, filename: 'Kontoauszug Januar.csv' });
    const sent = sqs
      .commandCalls(SendMessageBatchCommand)
      .map((c) => [c.args[0].input.QueueUrl, JSON.parse(c.args[0].input.Entries?.[0].MessageBody ?? '{}')]);
    expect(sent).toEqual([
      [
        'https://sqs/categorise',
        { version: 1, userId, uploadId, transactionIds: [expect.any(String), expect.any(String)] },
      ],
    ]);
  });

  it('does nothing twice when S3 delivers the same event again', async () => {
    const userId = randomUUID();
    const uploadId = randomUUID();
    await handler(event(`uploads/${userId}/${uploadId}/a.csv`));
    await handler(event(`uploads/${userId}/${uploadId}/a.csv`));
    // The first delivery's one categorise message; the second sends nothing.
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('ignores an object outside uploads/{userId}/{uploadId}/', async () => {
    await handler(event('somewhere/else.csv'));
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});
