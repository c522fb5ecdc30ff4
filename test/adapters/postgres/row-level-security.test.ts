import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { defaultAccount } from '../../../lambdas/adapters/postgres/repositories/accounts';
import { insertTransactions, listTransactions } from '../../../lambdas/adapters/postgres/repositories/transactions';
import { listUserIds, withUser } from '../../../lambdas/adapters/postgres/user-scope';
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
        {
          id: randomUUID(),
          accountId: account.id,
          uploadId: null,
          date: '2024-03-01',
          amount: -1250,
          currency: 'EUR',
          description: 'REWE SAGT DANKE',
          balance: null,
          fingerprint: 'a1',
        },
      ]);
      return account.id;
    });
    await withUser(database.db, bob, (trx) => defaultAccount(trx, bob, 'GBP'));
  });
  afterAll(async () => database.close());

  it('runs the tests as a role that is not a superuser and cannot bypass row-level security', async () => {
    const { rows } = await sql<{
      rolsuper: boolean;
      rolbypassrls: boolean;
    }>`select rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(database.db);
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
    await expect(
      withUser(database.db, bob, (trx) =>
        insertTransactions(trx, alice, [
          {
            id: randomUUID(),
            accountId: aliceAccount,
            uploadId: null,
            date: '2024-03-02',
            amount: -1,
            currency: 'EUR',
            description: 'x',
            balance: null,
            fingerprint: 'b1',
          },
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot change another person's rows: the update finds nothing", async () => {
    const result = await withUser(database.db, bob, (trx) =>
      trx.updateTable('transactions').set({ category: 'Stolen' }).execute(),
    );
    expect(Number(result[0].numUpdatedRows)).toBe(0);
    const mine = await withUser(database.db, alice, (trx) => listTransactions(trx, { limit: 10 }));
    expect(mine[0].category).toBeNull();
  });
  describe('least privilege: the app role owns nothing', () => {
    it.each([
      ['switch row-level security off', 'alter table transactions disable row level security'],
      ['stop forcing it', 'alter table transactions no force row level security'],
      ['drop a policy', 'drop policy owner_only on transactions'],
      ['alter a column', 'alter table transactions add column stolen text'],
      ['take the jobs role', 'set role smart_spend_jobs_group'],
      ['take the owner role', 'set role smart_spend_owner'],
      ['read the migrations table', 'select * from schema_migrations'],
    ])('cannot %s', async (_what, statement) => {
      await expect(sql.raw(statement).execute(database.db)).rejects.toThrow(/must be owner|permission denied/);
    });

    it("reads no other person's rows whatever it sets in its session", async () => {
      const attempts = [
        sql`select set_config('app.scope', 'jobs', true)`,
        sql`select set_config('row_security', 'off', true)`,
        sql`select set_config('app.user_id', '', true)`,
      ];
      for (const attempt of attempts) {
        const seen = await withUser(database.db, bob, async (trx) => {
          await attempt.execute(trx).catch(() => undefined);
          const users = await sql<{ id: string }>`select id from users`.execute(trx).catch(() => ({ rows: [] }));
          const transactions = await sql<{ id: string }>`select id from transactions`
            .execute(trx)
            .catch(() => ({ rows: [] }));
          return { users: users.rows.map((r) => r.id), transactions: transactions.rows.length };
        }).catch(() => ({ users: [] as string[], transactions: 0 }));
        expect(seen.users.filter((id) => id !== bob)).toEqual([]);
        expect(seen.transactions).toBe(0);
      }
    });

    it('cannot list people; the jobs role can', async () => {
      await expect(listUserIds(database.db)).rejects.toThrow(/permission denied/);
      expect((await listUserIds(database.jobsDb)).sort()).toEqual([alice, bob].sort());
    });

    it('leaves the jobs role under the per-person policies for everything but the list of people', async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from transactions`.execute(database.jobsDb);
      expect(rows[0].n).toBe(0);
    });
  });
});
