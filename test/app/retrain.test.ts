import { randomUUID } from 'node:crypto';
import { defaultAccount } from '../../lambdas/adapters/postgres/repositories/accounts';
import { ensureUser } from '../../lambdas/adapters/postgres/repositories/users';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { loadModelState } from '../../lambdas/adapters/postgres/repositories/categorisation';
import { recordCategoryChoice } from '../../lambdas/app/tiered-categorisation';
import { uuidV7 } from '../../lambdas/core/import/uuid-v7';
import { retrainEveryone } from '../../lambdas/tasks/retrain';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { TEACHING_PAGE_LABELS } from '../../lambdas/adapters/postgres/repositories/categorisation';
import { DECIDABLE_PAGE_ROWS, insertTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { createCategoriserHandler } from '../../lambdas/app/categoriser';
import { tieredCategorisation } from '../../lambdas/app/tiered-categorisation';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';

const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

describe('the scheduled retrain job', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it("rebuilds every person's model from their corrections, re-decides untouched transactions and never a category a person chose", async () => {
    const knowledge = loadMerchantKnowledge();
    const people = [randomUUID(), randomUUID()];
    for (const userId of people) {
      await withUser(database.db, userId, async (trx) => {
        await ensureUser(trx, userId);
        const account = await defaultAccount(trx, userId, 'GBP');
        const row = (description: string, category: string | null, source: 'manual' | 'model' | null) => ({
          id: uuidV7(),
          user_id: userId,
          account_id: account.id,
          upload_id: null,
          date: '2024-05-01',
          amount: -1000,
          currency: 'GBP',
          description,
          merchant: null,
          category,
          category_source: source,
          confidence: source === 'manual' ? 1 : null,
          decided_by: null,
          balance: null,
          fingerprint: randomUUID(),
          transfer_id: null,
          notes: null,
          splits: null,
          deleted_at: null,
        });
        await trx
          .insertInto('transactions')
          .values([
            row('TESCO STORES 3217', null, null),
            row('NETFLIX.COM', 'Other', 'model'),
            row('SAINSBURYS 0042', 'Gifts', 'manual'),
            row('KWIK-E-MART 12', null, null),
          ])
          .execute();
        // The person taught their model that this corner shop is Groceries.
        const taught = { ...row('KWIK-E-MART 99', 'Other', 'model'), id: uuidV7() };
        await trx.insertInto('transactions').values(taught).execute();
        const stored = await trx
          .selectFrom('transactions')
          .selectAll()
          .where('id', '=', taught.id)
          .executeTakeFirstOrThrow();
        await recordCategoryChoice(trx, userId, stored, 'Groceries', { applyToSimilar: false, knowledge });
        await trx.deleteFrom('categorisation_model_parts').execute();
        await trx.deleteFrom('categorisation_models').execute();
      });
    }
    const lines: string[] = [];

    const summary = await retrainEveryone(database.jobsDb, knowledge, (line) => lines.push(line));

    expect(summary).toEqual({ users: 2, rekeyed: 0, examples: 2, examined: 6, changed: 6 });
    expect(lines).toHaveLength(2);
    const categories = await withUser(database.db, people[0], (trx) =>
      trx.selectFrom('transactions').select(['description', 'category']).orderBy('description').execute(),
    );
    expect(categories).toEqual([
      { description: 'KWIK-E-MART 12', category: 'Groceries' },
      { description: 'KWIK-E-MART 99', category: 'Groceries' },
      { description: 'NETFLIX.COM', category: 'Subscriptions' },
      { description: 'SAINSBURYS 0042', category: 'Gifts' },
      { description: 'TESCO STORES 3217', category: 'Groceries' },
    ]);
    const model = await withUser(database.db, people[0], loadModelState);
    expect(model?.examples).toBe(1);
  });

  it('decides as the categoriser does: after Groceries is renamed Food, untouched rows are Food and none goes back to Groceries', async () => {
    const knowledge = loadMerchantKnowledge();
    const userId = randomUUID();
    const call = createRouter(apiRoutes, {
      db: database.db,
      blobs: new MemoryBlobStore(),
      categoriseQueue: new RecordingQueue(),
      forecastQueue: new RecordingQueue(),
      languageModel: null,
      knowledge,
      logger,
      limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    });
    const request = (method: string, path: string, body?: unknown) => apiClient(call)(userId, method, path, body);
    const importRows = (descriptions: string[]) =>
      withUser(database.db, userId, async (trx) => {
        await ensureUser(trx, userId);
        const account = await defaultAccount(trx, userId, 'GBP');
        const values = descriptions.map((description, index) => ({
          id: uuidV7(),
          accountId: account.id,
          uploadId: null,
          date: `2024-06-0${index + 1}`,
          amount: -2000 - index,
          currency: 'GBP',
          description,
          balance: null,
          fingerprint: randomUUID(),
        }));
        await insertTransactions(trx, userId, values);
        return values.map((v) => v.id);
      });
    const decided = await importRows(['TESCO STORES 3217', 'SAINSBURYS S/MKT 0099']);
    const handle = createCategoriserHandler({
      db: database.db,
      logger,
      categorisation: tieredCategorisation({ knowledge, languageModel: null }),
    });
    await handle({
      Records: [
        { messageId: 'm1', body: JSON.stringify({ version: 1, userId, uploadId: null, transactionIds: decided }) },
      ],
    } as SQSEvent);
    expect((await request('PATCH', '/categories/default:Groceries', { name: 'Food' })).body.movedTransactions).toBe(2);
    // Imported since, not categorised yet (its message still on the queue when the job runs).
    await importRows(['ALDI 4411 LEEDS', 'LIDL GB BRISTOL']);

    await retrainEveryone(database.jobsDb, knowledge, () => {});

    const rows = (await request('GET', '/transactions?limit=50')).body.items as {
      description: string;
      category: string;
    }[];
    expect(rows.map((r) => [r.description, r.category]).sort()).toEqual([
      ['ALDI 4411 LEEDS', 'Food'],
      ['LIDL GB BRISTOL', 'Food'],
      ['SAINSBURYS S/MKT 0099', 'Food'],
      ['TESCO STORES 3217', 'Food'],
    ]);
  });

  it('reads a history longer than one page: renews every stale merchant key, learns every label and re-decides every row', async () => {
    const knowledge = loadMerchantKnowledge();
    const userId = randomUUID();
    const count = DECIDABLE_PAGE_ROWS + TEACHING_PAGE_LABELS + 7;
    await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const account = await defaultAccount(trx, userId, 'GBP');
      const values = Array.from({ length: count }, (_, index) => ({
        id: uuidV7(),
        accountId: account.id,
        uploadId: null,
        date: '2024-07-01',
        amount: -100 - index,
        currency: 'GBP',
        description: `CORNER SHOP ${index}`,
        balance: null,
        fingerprint: randomUUID(),
      }));
      await insertTransactions(trx, userId, values);
      // As many labels as transactions: a confirmation each, as a person who reviewed them all leaves.
      await trx
        .insertInto('corrections')
        .values(
          values.map((v) => ({
            // Keyed as an earlier release did: the job renews every one of them, page after page.
            user_id: userId,
            transaction_id: v.id,
            merchant: 'old corner',
            description: v.description,
            amount: v.amount,
            date: v.date,
            account_id: account.id,
            previous_category: 'Groceries',
            category: 'Groceries',
            kind: 'confirmation' as const,
          })),
        )
        .execute();
      await trx.updateTable('transactions').set({ merchant: 'old corner' }).execute();
    });

    await retrainEveryone(database.jobsDb, knowledge, () => {});

    await withUser(database.db, userId, async (trx) => {
      const decided = await trx
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('category', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(Number(decided.n)).toBe(count);
      expect((await loadModelState(trx))?.examples).toBe(count);
      const stale = await trx.selectFrom('corrections').select('id').where('merchant', '=', 'old corner').execute();
      expect(stale).toEqual([]);
      expect(await trx.selectFrom('transactions').select('id').where('merchant', '=', 'old corner').execute()).toEqual(
        [],
      );
    });
  });

  it('renews merchant keys an earlier release stored, so an old correction still decides a new import of the merchant', async () => {
    const knowledge = loadMerchantKnowledge();
    const userId = randomUUID();
    const newImport = uuidV7();
    await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const account = await defaultAccount(trx, userId, 'GBP');
      const row = (id: string, description: string, merchant: string | null) => ({
        id,
        user_id: userId,
        account_id: account.id,
        upload_id: null,
        date: '2024-01-14',
        amount: -2599,
        currency: 'GBP',
        description,
        merchant,
        category: null,
        category_source: null,
        confidence: null,
        decided_by: null,
        balance: null,
        fingerprint: randomUUID(),
        transfer_id: null,
        notes: null,
        splits: null,
        deleted_at: null,
      });
      const corrected = uuidV7();
      await trx
        .insertInto('transactions')
        .values([
          row(corrected, 'DEB ACME STORE CD 1417 14JAN24', null),
          row(uuidV7(), 'DEB CORNER SHOP CD 1417 15JAN24', 'deb corner'),
        ])
        .execute();
      const stored = await trx
        .selectFrom('transactions')
        .selectAll()
        .where('id', '=', corrected)
        .executeTakeFirstOrThrow();
      await recordCategoryChoice(trx, userId, stored, 'Household', { applyToSimilar: false, knowledge });
      // As an earlier release stored them, when Lloyds' `DEB` type code was part of the key.
      await trx.updateTable('transactions').set({ merchant: 'deb acme' }).where('id', '=', corrected).execute();
      await trx.updateTable('corrections').set({ merchant: 'deb acme' }).execute();
      await trx.updateTable('rules').set({ pattern: 'deb acme' }).execute();
      await trx.insertInto('dont_learn_merchants').values({ user_id: userId, merchant: 'deb corner' }).execute();
      await trx
        .insertInto('transactions')
        .values(row(newImport, 'DEB ACME STORE CD 1417 02FEB24', null))
        .execute();
    });

    const summary = await retrainEveryone(database.jobsDb, knowledge, () => {});

    expect(summary.rekeyed).toBeGreaterThanOrEqual(4);
    await withUser(database.db, userId, async (trx) => {
      expect(await trx.selectFrom('corrections').select('merchant').execute()).toEqual([{ merchant: 'acme' }]);
      expect(await trx.selectFrom('rules').select(['pattern', 'category']).execute()).toEqual([
        { pattern: 'acme', category: 'Household' },
      ]);
      expect(await trx.selectFrom('dont_learn_merchants').select('merchant').execute()).toEqual([
        { merchant: 'corner' },
      ]);
      const fresh = await trx
        .selectFrom('transactions')
        .select(['merchant', 'category', 'category_source'])
        .where('id', '=', newImport)
        .executeTakeFirstOrThrow();
      expect(fresh).toEqual({ merchant: 'acme', category: 'Household', category_source: 'rule' });
    });
  });
});
