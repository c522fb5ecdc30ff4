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
          id: uuidV7(), user_id: userId, account_id: account.id, upload_id: null, date: '2024-05-01', amount: -1000, currency: 'GBP',
          description, merchant: null, category, category_source: source, confidence: source === 'manual' ? 1 : null, decided_by: null,
          balance: null, fingerprint: randomUUID(), transfer_id: null, notes: null, splits: null, deleted_at: null,
        });
        await trx.insertInto('transactions').values([
          row('TESCO STORES 3217', null, null),
          row('NETFLIX.COM', 'Other', 'model'),
          row('SAINSBURYS 0042', 'Gifts', 'manual'),
          row('KWIK-E-MART 12', null, null),
        ]).execute();
        // The person taught their model that this corner shop is Groceries.
        const taught = { ...row('KWIK-E-MART 99', 'Other', 'model'), id: uuidV7() };
        await trx.insertInto('transactions').values(taught).execute();
        const stored = await trx.selectFrom('transactions').selectAll().where('id', '=', taught.id).executeTakeFirstOrThrow();
        await recordCategoryChoice(trx, userId, stored, 'Groceries', { applyToSimilar: false, knowledge });
        await trx.deleteFrom('categorisation_model_parts').execute();
        await trx.deleteFrom('categorisation_models').execute();
      });
    }
    const lines: string[] = [];

    const summary = await retrainEveryone(database.jobsDb, knowledge, (line) => lines.push(line));

    expect(summary).toEqual({ users: 2, rekeyed: 0, examples: 2, examined: 6, changed: 6 });
    expect(lines).toHaveLength(2);
    const categories = await withUser(database.db, people[0], (trx) => trx.selectFrom('transactions').select(['description', 'category']).orderBy('description').execute());
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

  it('renews merchant keys an earlier release stored, so an old correction still decides a new import of the merchant', async () => {
    const knowledge = loadMerchantKnowledge();
    const userId = randomUUID();
    const newImport = uuidV7();
    await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const account = await defaultAccount(trx, userId, 'GBP');
      const row = (id: string, description: string, merchant: string | null) => ({
        id, user_id: userId, account_id: account.id, upload_id: null, date: '2024-01-14', amount: -2599, currency: 'GBP',
        description, merchant, category: null, category_source: null, confidence: null, decided_by: null,
        balance: null, fingerprint: randomUUID(), transfer_id: null, notes: null, splits: null, deleted_at: null,
      });
      const corrected = uuidV7();
      await trx.insertInto('transactions').values([row(corrected, 'DEB ACME STORE CD 1417 14JAN24', null), row(uuidV7(), 'DEB CORNER SHOP CD 1417 15JAN24', 'deb corner')]).execute();
      const stored = await trx.selectFrom('transactions').selectAll().where('id', '=', corrected).executeTakeFirstOrThrow();
      await recordCategoryChoice(trx, userId, stored, 'Household', { applyToSimilar: false, knowledge });
      // As an earlier release stored them, when Lloyds' `DEB` type code was part of the key.
      await trx.updateTable('transactions').set({ merchant: 'deb acme' }).where('id', '=', corrected).execute();
      await trx.updateTable('corrections').set({ merchant: 'deb acme' }).execute();
      await trx.updateTable('rules').set({ pattern: 'deb acme' }).execute();
      await trx.insertInto('dont_learn_merchants').values({ user_id: userId, merchant: 'deb corner' }).execute();
      await trx.insertInto('transactions').values(row(newImport, 'DEB ACME STORE CD 1417 02FEB24', null)).execute();
    });

    const summary = await retrainEveryone(database.jobsDb, knowledge, () => {});

    expect(summary.rekeyed).toBeGreaterThanOrEqual(4);
    await withUser(database.db, userId, async (trx) => {
      expect(await trx.selectFrom('corrections').select('merchant').execute()).toEqual([{ merchant: 'acme' }]);
      expect(await trx.selectFrom('rules').select(['pattern', 'category']).execute()).toEqual([{ pattern: 'acme', category: 'Household' }]);
      expect(await trx.selectFrom('dont_learn_merchants').select('merchant').execute()).toEqual([{ merchant: 'corner' }]);
      const fresh = await trx.selectFrom('transactions').select(['merchant', 'category', 'category_source']).where('id', '=', newImport).executeTakeFirstOrThrow();
      expect(fresh).toEqual({ merchant: 'acme', category: 'Household', category_source: 'rule' });
    });
  });
});
