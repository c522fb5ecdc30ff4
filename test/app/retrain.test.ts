import { randomUUID } from 'node:crypto';
import { defaultAccount } from '../../lambdas/adapters/postgres/repositories/accounts';
import { ensureUser } from '../../lambdas/adapters/postgres/repositories/users';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { loadKeywordTable } from '../../lambdas/app/keyword-categorisation';
import { uuidV7 } from '../../lambdas/core/import/uuid-v7';
import { recategoriseUntouched } from '../../lambdas/tasks/retrain';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('the scheduled retrain job', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it("re-decides every person's untouched transactions and never a category a person chose", async () => {
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
        ]).execute();
      });
    }
    const lines: string[] = [];

    const summary = await recategoriseUntouched(database.db, loadKeywordTable(), (line) => lines.push(line));

    expect(summary).toEqual({ users: 2, examined: 4, changed: 4 });
    expect(lines).toHaveLength(2);
    const categories = await withUser(database.db, people[0], (trx) => trx.selectFrom('transactions').select(['description', 'category']).orderBy('description').execute());
    expect(categories).toEqual([
      { description: 'NETFLIX.COM', category: 'Subscriptions' },
      { description: 'SAINSBURYS 0042', category: 'Gifts' },
      { description: 'TESCO STORES 3217', category: 'Groceries' },
    ]);
  });
});
