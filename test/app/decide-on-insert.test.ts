import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { PostgresImportStore } from '../../lambdas/adapters/postgres/postgres-import-store';
import { findUpload } from '../../lambdas/adapters/postgres/repositories/uploads';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createCategoriserHandler } from '../../lambdas/app/categoriser';
import { decidingOnInsert } from '../../lambdas/app/decide-on-insert';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { tieredCategorisation } from '../../lambdas/app/tiered-categorisation';
import { UNSURE_BELOW } from '../../lambdas/core/categorise/tiered-categoriser';
import { importStatement } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import type { CategoriseMessage, ForecastMessage } from '../../lambdas/core/messages';
import { redact } from '../../lambdas/core/redact/redact';
import { openStatement } from '../../lambdas/core/statement/open-statement';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { sqsEventOf } from '../support/sqs-event';

/**
 * The local stack decides tiers 1–2 while it reads a statement and writes a sure category with
 * the INSERT; only unsure rows go to the categoriser. A person must not be able to tell: every
 * row ends with the category, source, confidence and reason the categoriser alone gives it.
 */
describe('categories decided on insert (local stack)', () => {
  let database: TestDatabase;
  const logger = new Logger({ serviceName: 'test', logLevel: 'ERROR' });
  const knowledge = loadMerchantKnowledge();
  // A real bank history (test/fixtures/categorised/README.md): 450 rows.
  const statement = readFileSync(join(__dirname, '../fixtures/categorised/za-bank-assessment.csv'), 'utf8');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  /** Imports the statement for a new person, then lets the categoriser handle what was queued. */
  const importAndCategorise = async (decideOnInsert: boolean) => {
    const userId = randomUUID();
    const uploadId = randomUUID();
    const blobs = new MemoryBlobStore();
    const objectKey = uploadObjectKey(userId, uploadId, 'history.csv');
    blobs.put(objectKey, statement);
    const categoriseQueue = new RecordingQueue<CategoriseMessage>();
    const result = await importStatement(
      {
        store: new PostgresImportStore(database.db),
        blobs,
        categoriseQueue,
        forecastQueue: new RecordingQueue<ForecastMessage>(),
        openStatement,
        redact,
        limits: { maxBytes: 5 * 1024 * 1024, maxRows: 100_000, insertBatchSize: 100, categoriseBatchSize: 2000 },
        ...(decideOnInsert ? { decideOnInsert: decidingOnInsert(database.db, knowledge) } : {}),
      },
      { userId, uploadId, objectKey, filename: 'history.csv' },
    );
    const afterRead = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId));
    const queued = categoriseQueue.sent.flatMap((message) => message.transactionIds);
    const handle = createCategoriserHandler({
      db: database.db,
      logger,
      categorisation: tieredCategorisation({ knowledge, languageModel: null, arrayParameters: true }),
      arrayParameters: true,
    });
    if (categoriseQueue.sent.length > 0) await handle(sqsEventOf(categoriseQueue.sent));
    const { upload, rows } = await withUser(database.db, userId, async (trx) => ({
      upload: await findUpload(trx, uploadId),
      rows: await trx
        .selectFrom('transactions')
        .select([
          'id',
          'date',
          'description',
          'amount',
          'merchant',
          'category',
          'category_source',
          'confidence',
          'decided_by',
        ])
        .orderBy('date')
        .orderBy('description')
        .orderBy('amount')
        .execute(),
    }));
    return { result, afterRead, queued, upload, rows };
  };

  it('gives every row of a real history what the categoriser alone gives it, and queues only the unsure', async () => {
    const afterwards = await importAndCategorise(false);
    const onInsert = await importAndCategorise(true);

    expect(onInsert.result).toMatchObject({ outcome: 'imported', counts: { imported: 450, rejected: 0 } });
    const withoutIds = (rows: typeof onInsert.rows) => rows.map(({ id: _id, ...row }) => row);
    expect(withoutIds(onInsert.rows)).toEqual(withoutIds(afterwards.rows));
    expect(onInsert.rows.every((row) => row.category !== null)).toBe(true);

    // The categoriser alone was sent every row; on insert, only the rows tiers 1–2 were unsure of.
    expect(afterwards.queued).toHaveLength(450);
    const unsure = onInsert.rows.filter((row) => (row.confidence ?? 0) < UNSURE_BELOW).map((row) => row.id);
    expect(unsure.length).toBeGreaterThan(0);
    expect(unsure.length).toBeLessThan(450);
    expect([...onInsert.queued].sort()).toEqual([...unsure].sort());
    // The upload counts only those as waiting, and the last of them completes it.
    expect([onInsert.afterRead?.status, onInsert.afterRead?.undecided]).toEqual(['categorising', unsure.length]);
    expect([onInsert.upload?.status, onInsert.upload?.undecided]).toEqual(['complete', 0]);
    expect(afterwards.upload?.status).toBe('complete');
  });

  it('completes an upload at once when every row was decided on insert', async () => {
    const userId = randomUUID();
    const uploadId = randomUUID();
    const blobs = new MemoryBlobStore();
    const objectKey = uploadObjectKey(userId, uploadId, 'netflix.csv');
    // One merchant the shipped knowledge knows for sure, month after month.
    blobs.put(
      objectKey,
      [
        'date,description,amount',
        ...Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}-05,NETFLIX.COM,-15.99`),
      ].join('\n'),
    );
    const categoriseQueue = new RecordingQueue<CategoriseMessage>();
    const forecastQueue = new RecordingQueue<ForecastMessage>();
    await importStatement(
      {
        store: new PostgresImportStore(database.db),
        blobs,
        categoriseQueue,
        forecastQueue,
        openStatement,
        redact,
        limits: { maxBytes: 1024 * 1024, maxRows: 1000 },
        decideOnInsert: decidingOnInsert(database.db, knowledge),
      },
      { userId, uploadId, objectKey, filename: 'netflix.csv' },
    );
    expect(categoriseQueue.sent).toEqual([]);
    const upload = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId));
    expect([upload?.status, upload?.undecided, upload?.imported]).toEqual(['complete', 0, 12]);
    // Complete when read: the import itself queues the forecast, over categories already final.
    expect(forecastQueue.sent).toEqual([{ version: 1, userId, uploadId }]);
  });
});
