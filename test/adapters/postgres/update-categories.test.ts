import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { defaultAccount } from '../../../lambdas/adapters/postgres/repositories/accounts';
import { insertTransactions, updateCategories } from '../../../lambdas/adapters/postgres/repositories/transactions';
import { ensureUser } from '../../../lambdas/adapters/postgres/repositories/users';
import { withUser, type UserTransaction } from '../../../lambdas/adapters/postgres/user-scope';
import { uuidV7 } from '../../../lambdas/core/import/uuid-v7';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** Rows of `transactions` this transaction has read so far, by index and by scan. */
async function rowsRead(trx: UserTransaction): Promise<number> {
  const { rows } = await sql<{ read: number }>`
    select (coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0))::int as read
    from pg_stat_xact_user_tables where relname = 'transactions'`.execute(trx);
  return rows[0]?.read ?? 0;
}

describe("writing the categoriser's decisions", () => {
  let database: TestDatabase;
  const person = randomUUID();
  let ids: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    // A new person's first statement in a database never analysed: the planner knows nothing of
    // how many rows the person has.
    ids = await withUser(database.db, person, async (trx) => {
      await ensureUser(trx, person);
      const account = await defaultAccount(trx, person, 'USD');
      const all: string[] = [];
      for (let batch = 0; batch < 10; batch += 1) {
        const rows = Array.from({ length: 2000 }, (_, i) => ({
          id: uuidV7(),
          accountId: account.id,
          uploadId: null,
          date: `2024-0${1 + (i % 9)}-1${i % 10}`,
          amount: -100 - i,
          currency: 'USD',
          description: `CORNER SHOP ${i % 300}`,
          balance: null,
          fingerprint: randomUUID(),
        }));
        await insertTransactions(trx, person, rows, { arrays: true });
        all.push(...rows.map((row) => row.id));
      }
      return all;
    });
  });
  afterAll(async () => database.close());

  it.each([
    ['array parameters (the local stack)', true, 0],
    ['a VALUES list (the Data API)', false, 2000],
  ])('reads each decided row, not the whole history, through %s', async (_, arrays, offset) => {
    const batch = ids.slice(offset, offset + 2000);
    const { updated, read } = await withUser(database.db, person, async (trx) => {
      const before = await rowsRead(trx);
      const updated = await updateCategories(
        trx,
        batch.map((id) => ({
          id,
          merchant: 'corner shop',
          category: 'Groceries',
          categorySource: 'model' as const,
          confidence: 0.8,
          decidedBy: 'test',
        })),
        { arrays },
      );
      return { updated, read: (await rowsRead(trx)) - before };
    });
    expect(updated).toBe(2000);
    // Two primary-key probes per decision at most; the person holds ten times as many rows.
    expect(read).toBeLessThanOrEqual(2 * batch.length);
    const stored = await withUser(database.db, person, (trx) =>
      trx.selectFrom('transactions').select('category').where('id', 'in', batch.slice(0, 5)).execute(),
    );
    expect(stored.map((row) => row.category)).toEqual(Array(5).fill('Groceries'));
  });
});
