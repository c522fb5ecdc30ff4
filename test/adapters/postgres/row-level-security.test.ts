import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { defaultAccount } from '../../../lambdas/adapters/postgres/repositories/accounts';
import { insertTransactions, listTransactions } from '../../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../../lambdas/adapters/postgres/user-scope';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

describe('row-level security', () => {
  let database: TestDatabase;
  const alice = randomUUID();
  const bob = randomUUID();
  let aliceAccount: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    aliceAccount = await withUser(database.db, alice, async (trx) => {
      const account = await defaultAccount(trx, alice, 'EUR');
      await insertTransactions(trx, alice, [
        { id: randomUUID(), accountId: account.id, uploadId: null, date: '2024-03-01', amount: -1250, currency: 'EUR', description: 'REWE SAGT DANKE', balance: null, fingerprint: 'a1' },
      ]);
      return account.id;
    });
    await withUser(database.db, bob, (trx) => defaultAccount(trx, bob, 'GBP'));
  });
  afterAll(async () => database.close());

  it('runs the tests as a role that is not a superuser and cannot bypass row-level security', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(database.db);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("shows a person their own transactions and none of another person's", async () => {
    const mine = await withUser(database.db, alice, (trx) => listTransactions(trx, { limit: 10 }));
    const theirs = await withUser(database.db, bob, (trx) => listTransactions(trx, { limit: 10 }));
    expect(mine.map((t) => t.description)).toEqual(['REWE SAGT DANKE']);
    expect(theirs).toEqual([]);
  });

  it('shows nothing at all to a query that forgot to say whose work it is, even on a pooled connection', async () => {
    await withUser(database.db, alice, (trx) => listTransactions(trx, { limit: 1 }));
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from transactions`.execute(database.db);
    expect(rows[0].count).toBe(0);
  });

  it("refuses to write a row into another person's name", async () => {
    await expect(withUser(database.db, bob, (trx) => insertTransactions(trx, alice, [
      { id: randomUUID(), accountId: aliceAccount, uploadId: null, date: '2024-03-02', amount: -1, currency: 'EUR', description: 'x', balance: null, fingerprint: 'b1' },
    ]))).rejects.toThrow(/row-level security/);
  });

  it("cannot change another person's rows: the update finds nothing", async () => {
    const result = await withUser(database.db, bob, (trx) => trx.updateTable('transactions').set({ category: 'Stolen' }).execute());
    expect(Number(result[0].numUpdatedRows)).toBe(0);
    const mine = await withUser(database.db, alice, (trx) => listTransactions(trx, { limit: 10 }));
    expect(mine[0].category).toBeNull();
  });
});
