import { Metrics } from '@aws-lambda-powertools/metrics';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { BedrockLanguageModel } from '../../lambdas/adapters/aws/bedrock-language-model';
import { S3BlobStore } from '../../lambdas/adapters/aws/s3-blob-store';
import { SqsQueue } from '../../lambdas/adapters/aws/sqs-queue';
import { PostgresImportStore } from '../../lambdas/adapters/postgres/postgres-import-store';
import { defaultAccount } from '../../lambdas/adapters/postgres/repositories/accounts';
import { insertTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { ensureUser } from '../../lambdas/adapters/postgres/repositories/users';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { route } from '../../lambdas/app/api/route';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { createCategoriserHandler, type CategorisationService } from '../../lambdas/app/categoriser';
import { createLogger, throwingReduced } from '../../lambdas/app/logging';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { METRICS_NAMESPACE } from '../../lambdas/core/metrics-namespace';
import { createParserHandler } from '../../lambdas/app/parser';
import { tieredCategorisation } from '../../lambdas/app/tiered-categorisation';
import { uuidV7 } from '../../lambdas/core/import/uuid-v7';
import type { CategoriseMessage } from '../../lambdas/core/messages';
import { redact } from '../../lambdas/core/redact/redact';
import { openStatement } from '../../lambdas/core/statement/open-statement';
import { capturedOutput, emfMetrics } from '../support/captured-output';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const bedrock = mockClient(BedrockRuntimeClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const knowledge = loadMerchantKnowledge();
/** A value that must never reach a log line: it is in the row, so Postgres puts it in an error's `detail`. */
const SECRET = 'IBAN GB33BUKB20201555555555';

describe('telemetry that tells: failures logged and counted, metrics emitted, errors reduced', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());
  beforeEach(() => {
    bedrock.reset();
    s3.reset();
    sqs.reset();
  });

  /** Powertools as a Lambda has it: a fresh Logger and Metrics whose output the test reads. */
  const observability = () => ({
    logger: createLogger('test', 'INFO'),
    metrics: new Metrics({ serviceName: 'categoriser', namespace: METRICS_NAMESPACE }),
  });

  const importRows = async (userId: string, rows: [string, string, number][]) =>
    withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const account = await defaultAccount(trx, userId, 'GBP');
      const values = rows.map(([date, description, amount]) => ({
        id: uuidV7(),
        accountId: account.id,
        uploadId: null,
        date,
        amount,
        currency: 'GBP',
        description,
        balance: null,
        fingerprint: `${description}:${date}`,
      }));
      await insertTransactions(trx, userId, values);
      return values.map((v) => v.id);
    });

  const sqsEvent = (...records: { messageId: string; body: string }[]) =>
    ({ Records: records.map((r) => ({ ...r, attributes: { ApproximateReceiveCount: '1' } })) }) as unknown as SQSEvent;
  const message = (userId: string, ids: string[]): string =>
    JSON.stringify({ version: 1, userId, uploadId: null, transactionIds: ids } satisfies CategoriseMessage);

  it('logs each failed queue record with its messageId and userId, reduced, and counts it, while the rest of the batch is done', async () => {
    const alice = randomUUID();
    const [good] = await importRows(alice, [['2024-03-01', 'TESCO STORES 3217', -4210]]);
    const [bad] = await importRows(alice, [['2024-03-02', SECRET, -100]]);
    const { logger, metrics } = observability();
    // A categorisation that meets a real database error on one message: a duplicate key (postgres.js
    // hangs a dozen fields on it: table, constraint, source file… and, off row-level security, `detail`).
    const failing: CategorisationService = {
      async forPerson(trx, userId) {
        const person = await tieredCategorisation({ knowledge, languageModel: null }).forPerson(trx, userId);
        return {
          async decideAndWrite(rows, policy) {
            if (rows.some((row) => row.id === bad)) {
              // The categoriser reads only what deciding needs: the whole row is read to copy it.
              const whole = await trx
                .selectFrom('transactions')
                .selectAll()
                .where('id', '=', bad)
                .executeTakeFirstOrThrow();
              await trx
                .insertInto('transactions')
                .values({ ...whole, id: uuidV7(), user_id: userId } as never)
                .execute();
            }
            return person.decideAndWrite(rows, policy);
          },
        };
      },
    };
    const handle = createCategoriserHandler({ db: database.db, logger, metrics, categorisation: failing });

    const { result, lines } = await capturedOutput(async () => {
      const response = await handle(
        sqsEvent(
          { messageId: 'm-good', body: message(alice, [good]) },
          { messageId: 'm-bad', body: message(alice, [bad]) },
          { messageId: 'm-junk', body: 'not json' },
        ),
      );
      metrics.publishStoredMetrics();
      return response;
    });

    // Records run in parallel: failures come in the order they finish.
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-bad', 'm-junk']);
    const failures = lines
      .filter((line) => line.message === 'queue record failed')
      .sort((a, b) => String(a.messageId).localeCompare(String(b.messageId)));
    expect(failures.map((line) => [line.level, line.messageId, line.userId])).toEqual([
      ['ERROR', 'm-bad', alice],
      ['ERROR', 'm-junk', undefined],
    ]);
    expect(failures[0].error).toMatchObject({
      name: 'PostgresError',
      code: '23505',
      message: expect.stringContaining('duplicate key'),
    });
    expect(Object.keys(failures[0].error as object).sort()).toEqual(['code', 'message', 'name', 'stack']);
    expect(JSON.stringify(lines)).not.toContain('GB33BUKB');
    const [done] = await withUser(database.db, alice, (trx) =>
      trx.selectFrom('transactions').select('category').where('id', '=', good).execute(),
    );
    expect(done.category).toBe('Groceries');
    expect(emfMetrics(lines).filter((m) => m.name === 'FailedQueueRecords')).toEqual([
      {
        name: 'FailedQueueRecords',
        namespace: 'SmartSpend',
        dimensions: { service: 'categoriser' },
        unit: 'Count',
        value: 2,
      },
    ]);
  });

  it('counts transactions categorised by source, tier-3 calls and latency; and a Bedrock outage, while tier 2 still answers', async () => {
    const bob = randomUUID();
    const ids = await importRows(bob, [
      ['2024-03-01', 'TESCO STORES 3217', -4210],
      ['2024-03-02', 'NETFLIX.COM', -999],
      ['2024-03-03', 'QXZQK TRADING LTD', -1500],
    ]);
    bedrock.on(ConverseCommand).callsFake((input: { messages: { content: { text: string }[] }[] }) => {
      const asked = JSON.parse(input.messages[0].content[0].text) as { merchant: string }[];
      const text = JSON.stringify({ answers: asked.map((q) => ({ merchant: q.merchant, category: 'Shopping' })) });
      return {
        output: { message: { role: 'assistant', content: [{ text }] } },
        usage: { inputTokens: 10, outputTokens: 10, totalTokens: 20 },
      };
    });
    const model = new BedrockLanguageModel(new BedrockRuntimeClient({}), 'test-model', {
      attempts: 2,
      sleep: async () => {},
    });
    const { logger, metrics } = observability();
    const categorisation = tieredCategorisation({ knowledge, languageModel: model, metrics });
    const handle = createCategoriserHandler({ db: database.db, logger, metrics, categorisation });
    const { lines } = await capturedOutput(async () => {
      await handle(sqsEvent({ messageId: 'm1', body: message(bob, ids) }));
      metrics.publishStoredMetrics();
    });
    const emitted = emfMetrics(lines);
    expect(
      emitted
        .filter((m) => m.name === 'TransactionsCategorised')
        .map((m) => [m.dimensions.source, m.value])
        .sort(),
    ).toEqual([
      ['llm', 1],
      ['model', 2],
    ]);
    expect(emitted.find((m) => m.name === 'LanguageModelCalls')).toMatchObject({ value: 1, unit: 'Count' });
    expect(emitted.find((m) => m.name === 'CategorisationLatency')).toMatchObject({
      unit: 'Milliseconds',
      value: expect.any(Number),
    });
    expect(emitted.some((m) => m.name === 'LanguageModelOutages')).toBe(false);

    const carol = randomUUID();
    const [unknown] = await importRows(carol, [['2024-03-01', 'ZZYZX HOLDINGS 88', -2500]]);
    bedrock.reset();
    bedrock
      .on(ConverseCommand)
      .rejects(Object.assign(new Error('Bedrock is down'), { name: 'ServiceUnavailableException' }));
    const outage = await capturedOutput(async () => {
      await handle(sqsEvent({ messageId: 'm2', body: message(carol, [unknown]) }));
      metrics.publishStoredMetrics();
    });
    expect(emfMetrics(outage.lines).filter((m) => m.name === 'LanguageModelOutages')).toMatchObject([
      { value: 1, dimensions: { service: 'categoriser' } },
    ]);
    const [row] = await withUser(database.db, carol, (trx) =>
      trx.selectFrom('transactions').select(['category_source', 'decided_by']).execute(),
    );
    expect(row.category_source).toBe('model');
    expect(row.decided_by).toMatch(/llm-unavailable$/);
  });

  it('counts rows imported and the import latency of a statement the parser reads from S3', async () => {
    const statement =
      'Date,Description,Amount\n2024-01-02,REWE SAGT DANKE,-23.45\n2024-01-03,GEHALT ACME GMBH,2500.00\n2024-01-04,ALDI SUED,-12.00\n';
    s3.on(HeadObjectCommand).resolves({ ContentLength: Buffer.byteLength(statement) });
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: Readable.from([Buffer.from(statement)]) }));
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const sqsClient = new SQSClient({ region: 'eu-west-1' });
    const metrics = new Metrics({ serviceName: 'parser', namespace: METRICS_NAMESPACE });
    const parse = createParserHandler({
      store: new PostgresImportStore(database.db),
      blobs: new S3BlobStore(new S3Client({ region: 'eu-west-1' }), 'bucket'),
      categoriseQueue: new SqsQueue(sqsClient, 'https://sqs/categorise'),
      forecastQueue: new SqsQueue(sqsClient, 'https://sqs/forecast'),
      openStatement,
      redact,
      limits: { maxBytes: 1_000_000, maxRows: 1000 },
      logger: createLogger('parser', 'WARN'),
      metrics,
    });
    const key = `uploads/${randomUUID()}/${randomUUID()}/statement.csv`;
    const { lines } = await capturedOutput(async () => {
      await parse({
        Records: [{ s3: { object: { key, size: 10 }, bucket: { name: 'bucket' } } }],
      } as unknown as S3Event);
      metrics.publishStoredMetrics();
    });
    const emitted = emfMetrics(lines);
    expect(emitted.find((m) => m.name === 'RowsImported')).toEqual({
      name: 'RowsImported',
      namespace: 'SmartSpend',
      dimensions: { service: 'parser' },
      unit: 'Count',
      value: 3,
    });
    expect(emitted.find((m) => m.name === 'ImportLatency')).toMatchObject({ unit: 'Milliseconds' });
  });

  it('puts API Gateway’s request id on every line of a request, and logs, counts and answers a 5xx without the values behind it', async () => {
    const logger = createLogger('api', 'INFO');
    const metrics = new Metrics({ serviceName: 'api', namespace: METRICS_NAMESPACE });
    // A route that logs, then meets a real database error whose `detail` carries the person's value
    // (Postgres leaves key values out of `detail` on tables under row-level security, so a table without it).
    const failing = route({
      method: 'POST',
      path: '/test/fail',
      summary: 'fails',
      body: z.object({ note: z.string() }),
      responses: {},
      handle: async ({ body }, { db, logger: requestLogger }) => {
        requestLogger.info('about to fail');
        // A foreign-key violation: a 5xx (the router answers a unique violation 409, a bad value 400).
        await db.transaction().execute(async (trx) => {
          await sql`create temporary table people (name text primary key) on commit drop`.execute(trx);
          await sql`create temporary table notes (note text references people (name)) on commit drop`.execute(trx);
          await sql`insert into notes values (${body.note})`.execute(trx);
        });
        return { status: 200, body: {} };
      },
    });
    const call = createRouter([...apiRoutes, failing], {
      db: database.db,
      blobs: new MemoryBlobStore(),
      categoriseQueue: new RecordingQueue(),
      forecastQueue: new RecordingQueue(),
      languageModel: null,
      knowledge,
      logger,
      metrics,
      limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    });
    const requestId = randomUUID();
    const { result, lines } = await capturedOutput(async () => {
      const response = await call({
        rawPath: '/test/fail',
        body: JSON.stringify({ note: SECRET }),
        requestContext: {
          requestId,
          http: { method: 'POST', path: '/test/fail' },
          authorizer: { jwt: { claims: { sub: randomUUID() } } },
        },
      } as unknown as ApiEvent);
      metrics.publishStoredMetrics();
      return response;
    });

    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('GB33BUKB');
    const logLines = lines.filter((line) => !line._aws);
    expect(logLines.map((line) => [line.level, line.message, line.correlation_id])).toEqual([
      ['INFO', 'about to fail', requestId],
      ['ERROR', 'request failed', requestId],
    ]);
    expect(logLines[1].error).toMatchObject({ name: 'PostgresError', code: '23503' });
    expect(JSON.stringify(lines)).not.toContain('GB33BUKB');
    expect(emfMetrics(lines)).toEqual([
      { name: 'ApiServerErrors', namespace: 'SmartSpend', dimensions: { service: 'api' }, unit: 'Count', value: 1 },
    ]);
  });

  it('reduces an error that escapes a handler, since the Lambda runtime logs every property of what it is thrown', async () => {
    const duplicate = throwingReduced(async (note: string) =>
      database.db.transaction().execute(async (trx) => {
        await sql`create temporary table notes (note text primary key) on commit drop`.execute(trx);
        await sql`insert into notes values (${note}), (${note})`.execute(trx);
      }),
    );
    const thrown = await duplicate(SECRET).then(
      () => null,
      (error: unknown) => error as Error & Record<string, unknown>,
    );
    expect(thrown).toMatchObject({
      name: 'PostgresError',
      code: '23505',
      message: expect.stringContaining('duplicate key'),
    });
    expect(thrown?.stack).toContain('PostgresError');
    // What the runtime would print: the enumerable properties, plus name, message and stack.
    expect(JSON.stringify({ ...thrown, message: thrown?.message, stack: thrown?.stack })).not.toContain('GB33BUKB');

    // A batch whose every record fails: Powertools throws with `childErrors`, each already logged reduced.
    const carol = randomUUID();
    const [id] = await importRows(carol, [['2024-03-05', SECRET, -100]]);
    const { logger, metrics } = observability();
    const failing: CategorisationService = {
      async forPerson(trx, userId) {
        return {
          async decideAndWrite(rows) {
            await trx
              .insertInto('transactions')
              .values({ ...rows[0], id: uuidV7(), user_id: userId } as never)
              .execute();
            return { written: 0, unsure: [], sources: [] };
          },
        };
      },
    };
    const handle = throwingReduced(
      createCategoriserHandler({ db: database.db, logger, metrics, categorisation: failing }),
    );
    const { result } = await capturedOutput(() =>
      handle(sqsEvent({ messageId: 'm-only', body: message(carol, [id]) })).then(
        () => null,
        (error: Error) => error,
      ),
    );
    expect(result?.name).toBe('FullBatchFailureError');
    expect(Object.keys(result ?? {})).toEqual(['name']);
  });
});
