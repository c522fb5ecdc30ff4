import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { PostgresImportStore } from '../../lambdas/adapters/postgres/postgres-import-store';
import { removeTransaction } from '../../lambdas/adapters/postgres/repositories/transactions';
import { findUpload } from '../../lambdas/adapters/postgres/repositories/uploads';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { createCategoriserHandler } from '../../lambdas/app/categoriser';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { tieredCategorisation } from '../../lambdas/app/tiered-categorisation';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import type { CategoriseMessage, ForecastMessage } from '../../lambdas/core/messages';
import { redact } from '../../lambdas/core/redact/redact';
import { openStatement } from '../../lambdas/core/statement/open-statement';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { sqsEventOf } from '../support/sqs-event';

/**
 * The categoriser's messages go out while a statement is still being read, so on AWS a
 * batch can be decided before the parser has finished. Whatever the order, every upload
 * must end complete.
 */
describe('an upload ends complete whichever of parser and categoriser finishes first', () => {
  let database: TestDatabase;
  const logger = new Logger({ serviceName: 'test', logLevel: 'ERROR' });
  // Long enough for three categorise messages (200 ids each).
  const merchants = ['TESCO STORES 3217', 'NETFLIX.COM', 'SHELL 0423', 'ACME LTD SALARY', 'UBER *TRIP'];
  const statement = [
    'Date,Description,Amount',
    ...Array.from(
      { length: 450 },
      (_, i) =>
        `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${merchants[i % 5]} ${i},-${(i % 97) + 1}.${String(i % 100).padStart(2, '0')}`,
    ),
  ].join('\n');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  const importWith = async (categoriseQueue: ImportDependencies['categoriseQueue']) => {
    const userId = randomUUID();
    const uploadId = randomUUID();
    const blobs = new MemoryBlobStore();
    const objectKey = uploadObjectKey(userId, uploadId, 'statement.csv');
    blobs.put(objectKey, statement);
    await importStatement(
      {
        store: new PostgresImportStore(database.db),
        blobs,
        categoriseQueue,
        forecastQueue: new RecordingQueue<ForecastMessage>(),
        openStatement,
        redact,
        limits: { maxBytes: 5 * 1024 * 1024, maxRows: 100_000, insertBatchSize: 5, progressEvery: 5 },
      },
      { userId, uploadId, objectKey, filename: 'statement.csv' },
    );
    return withUser(database.db, userId, (trx) => findUpload(trx, uploadId));
  };

  const categoriser = (forecastQueue?: RecordingQueue<ForecastMessage>) =>
    createCategoriserHandler({
      db: database.db,
      logger,
      categorisation: tieredCategorisation({ knowledge: loadMerchantKnowledge(), languageModel: null }),
      forecastQueue,
    });

  it('completes when the categoriser decides every batch before the parser has finished', async () => {
    const handle = categoriser();
    const upload = await importWith({ send: async (messages) => void (await handle(sqsEventOf(messages))) });
    expect(upload?.status).toBe('complete');
  });

  it('completes when several categoriser batches of one upload run at the same time, and the one that completes it queues one forecast', async () => {
    const forecasts = new RecordingQueue<ForecastMessage>();
    const handle = categoriser(forecasts);
    const pending: CategoriseMessage[] = [];
    const uploadAfterParse = await importWith({ send: async (messages) => void pending.push(...messages) });
    expect(uploadAfterParse?.status).toBe('categorising');
    expect(pending.length).toBeGreaterThan(1);
    await handle(sqsEventOf([pending[0]]));
    expect(forecasts.sent).toEqual([]);
    await Promise.all(pending.slice(1).map((message) => handle(sqsEventOf([message]))));
    const { userId, uploadId } = pending[0];
    const upload = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId!));
    expect(upload?.status).toBe('complete');
    expect(forecasts.sent).toEqual([{ version: 1, userId, uploadId }]);
    // A batch delivered again decides nothing and queues nothing more.
    await handle(sqsEventOf([pending[pending.length - 1]]));
    expect(forecasts.sent).toHaveLength(1);
  });

  /** The API as the person uses it, its forecast queue recorded; an upload none of whose rows the categoriser decides. */
  const personWithUndecidedUpload = async () => {
    const forecasts = new RecordingQueue<ForecastMessage>();
    const request = apiClient(
      createRouter(apiRoutes, {
        db: database.db,
        blobs: new MemoryBlobStore(),
        categoriseQueue: new RecordingQueue(),
        forecastQueue: forecasts,
        languageModel: null,
        logger,
        limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      }),
    );
    const pending: CategoriseMessage[] = [];
    await importWith({ send: async (messages) => void pending.push(...messages) });
    const { userId, uploadId } = pending[0];
    const ids = pending.flatMap((message) => message.transactionIds);
    const rows = await withUser(database.db, userId, (trx) =>
      trx
        .selectFrom('transactions')
        .select(['id', 'description', 'merchant', 'account_id'])
        .where('id', 'in', ids)
        .execute(),
    );
    const oneOf = (merchant: string) => rows.find((row) => row.description.startsWith(merchant))!;
    const upload = () => withUser(database.db, userId, (trx) => findUpload(trx, uploadId!));
    return { forecasts, request, userId, uploadId, oneOf, upload };
  };

  it('queues the forecast once when the person’s own corrections decide an upload’s last rows', async () => {
    const { forecasts, request, userId, uploadId, oneOf: rowOf, upload } = await personWithUndecidedUpload();
    const oneOf = (merchant: string) => rowOf(merchant).id;

    // A category given by hand goes to the merchant's other rows too: four merchants' rows decided, the upload still waits.
    for (const merchant of merchants.slice(0, 4)) {
      const answer = await request(userId, 'PATCH', `/transactions/${oneOf(merchant)}`, { category: 'Shopping' });
      expect(answer.status).toBe(200);
    }
    expect((await upload())?.status).toBe('categorising');
    expect(forecasts.sent).toEqual([]);

    // The last merchant's correction completes it, and its forecast is queued once.
    await request(userId, 'PATCH', `/transactions/${oneOf(merchants[4])}`, { category: 'Transport' });
    expect((await upload())?.status).toBe('complete');
    expect(forecasts.sent).toEqual([{ version: 1, userId, uploadId }]);
    // Correcting a row of the complete upload again queues nothing more.
    await request(userId, 'PATCH', `/transactions/${oneOf(merchants[4])}`, { category: 'Travel' });
    expect(forecasts.sent).toHaveLength(1);
  });

  it('queues the forecast when a rule the person writes, or an entry they categorise by hand, decides the last rows', async () => {
    const { forecasts, request, userId, uploadId, oneOf, upload } = await personWithUndecidedUpload();
    for (const merchant of merchants.slice(0, 4)) {
      const rule = await request(userId, 'POST', '/rules', {
        matchKind: 'merchant',
        pattern: oneOf(merchant).merchant,
        category: 'Shopping',
      });
      expect([rule.status, rule.body.updatedCount]).toEqual([201, 90]);
    }
    expect([(await upload())?.status, forecasts.sent]).toEqual(['categorising', []]);
    // A cash entry of the last merchant, categorised by hand, gives its category to the upload's rows of that merchant.
    const entry = await request(userId, 'POST', '/transactions', {
      accountId: oneOf('UBER').account_id,
      date: '2024-12-30',
      amount: -1250,
      description: 'UBER *TRIP',
      category: 'Transport',
    });
    expect(entry.status).toBe(201);
    expect((await upload())?.status).toBe('complete');
    expect(forecasts.sent).toEqual([{ version: 1, userId, uploadId }]);
  });

  it('queues the forecast when the person deletes the upload’s last undecided row', async () => {
    const { forecasts, request, userId, uploadId, oneOf, upload } = await personWithUndecidedUpload();
    const last = oneOf('UBER').id;
    await withUser(database.db, userId, (trx) =>
      trx.updateTable('transactions').set({ category: 'Shopping' }).where('id', '!=', last).execute(),
    );
    expect([(await upload())?.undecided, forecasts.sent]).toEqual([1, []]);
    expect((await request(userId, 'DELETE', `/transactions/${last}`)).status).toBe(204);
    expect((await upload())?.status).toBe('complete');
    expect(forecasts.sent).toEqual([{ version: 1, userId, uploadId }]);
  });

  it('counts the rows still waiting, so the last decision completes the upload whoever makes it', async () => {
    const pending: CategoriseMessage[] = [];
    const afterParse = await importWith({ send: async (messages) => void pending.push(...messages) });
    expect(afterParse?.status).toBe('categorising');
    expect(afterParse?.undecided).toBe(450);
    const { userId, uploadId } = pending[0];
    const handle = categoriser();
    await handle(sqsEventOf([pending[0]]));
    const partly = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId!));
    expect(partly?.undecided).toBe(450 - pending[0].transactionIds.length);
    expect(partly?.status).toBe('categorising');

    // The rest are decided some other way: one deleted, the others given a category by hand.
    const rest = pending.slice(1).flatMap((message) => message.transactionIds);
    await withUser(database.db, userId, async (trx) => {
      await removeTransaction(trx, rest[0], { outright: false });
      await trx
        .updateTable('transactions')
        .set({ category: 'groceries', category_source: 'manual' })
        .where('id', 'in', rest.slice(1, -1))
        .execute();
    });
    const oneLeft = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId!));
    expect([oneLeft?.undecided, oneLeft?.status]).toEqual([1, 'categorising']);
    await withUser(database.db, userId, (trx) =>
      trx
        .updateTable('transactions')
        .set({ category: 'groceries' })
        .where('id', '=', rest[rest.length - 1])
        .execute(),
    );
    const done = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId!));
    expect([done?.undecided, done?.status]).toEqual([0, 'complete']);
    expect(done?.completed_at).not.toBeNull();

    // A redelivered message decides nothing new and leaves the count where it is.
    await handle(sqsEventOf([pending[1]]));
    const again = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId!));
    expect([again?.undecided, again?.status]).toEqual([0, 'complete']);
  });
});
