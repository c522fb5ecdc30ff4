import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { defaultAccount } from '../../../lambdas/adapters/postgres/repositories/accounts';
import { accountDailyBalances } from '../../../lambdas/adapters/postgres/repositories/cashflow';
import { insertTransactions } from '../../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../../lambdas/adapters/postgres/user-scope';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

describe('daily balances per account, summed in PostgreSQL', () => {
  let database: TestDatabase;
  const alice = randomUUID();
  const bob = randomUUID();
  let current = '';
  let savings = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const row = (accountId: string, date: string, amount: number, description: string) => ({
      id: randomUUID(),
      accountId,
      uploadId: null,
      date,
      amount,
      currency: 'EUR',
      description,
      balance: null,
      fingerprint: randomUUID(),
    });
    await withUser(database.db, alice, async (trx) => {
      current = (await defaultAccount(trx, alice, 'EUR')).id;
      await sql`update accounts set opening_balance = 100000 where id = ${current}`.execute(trx);
      savings = (
        await trx
          .insertInto('accounts')
          .values({ user_id: alice, name: 'Savings', currency: 'EUR', kind: 'savings' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await insertTransactions(trx, alice, [
        row(current, '2024-02-20', -30000, 'BEFORE THE WINDOW'),
        row(current, '2024-03-02', -1250, 'REWE'),
        row(current, '2024-03-02', -750, 'BAKERY'),
        row(current, '2024-03-04', 250000, 'ACME PAYROLL'),
        row(current, '2024-03-05', -99999, 'DELETED LATER'),
        row(current, '2024-03-09', -5000, 'AFTER THE WINDOW'),
        row(savings, '2024-03-03', 20000, 'STANDING ORDER'),
      ]);
      await sql`update transactions set deleted_at = now() where description = 'DELETED LATER'`.execute(trx);
    });
    await withUser(database.db, bob, async (trx) => {
      const account = await defaultAccount(trx, bob, 'EUR');
      await insertTransactions(trx, bob, [row(account.id, '2024-03-02', -777, 'BOB')]);
    });
  });
  afterAll(async () => database.close());

  it("gives each of a person's accounts one end-of-day balance per day, days without rows carrying the day before", async () => {
    const days = await withUser(database.db, alice, (trx) => accountDailyBalances(trx, '2024-03-01', '2024-03-06'));
    const of = (accountId: string) =>
      days.filter((d) => d.accountId === accountId).map(({ date, balance }) => [date, balance]);
    // Opening 100,000 less the February row; two rows on the 2nd summed; the deleted row and the row after the window left out.
    expect(of(current)).toEqual([
      ['2024-03-01', 70000],
      ['2024-03-02', 68000],
      ['2024-03-03', 68000],
      ['2024-03-04', 318000],
      ['2024-03-05', 318000],
      ['2024-03-06', 318000],
    ]);
    expect(of(savings)).toEqual([
      ['2024-03-01', 0],
      ['2024-03-02', 0],
      ['2024-03-03', 20000],
      ['2024-03-04', 20000],
      ['2024-03-05', 20000],
      ['2024-03-06', 20000],
    ]);
    expect(days).toHaveLength(12);
  });

  it("never shows another person's accounts, and refuses a window longer than a year", async () => {
    const bobs = await withUser(database.db, bob, (trx) => accountDailyBalances(trx, '2024-03-01', '2024-03-02'));
    expect(bobs.map((d) => d.balance)).toEqual([0, -777]);
    await expect(
      withUser(database.db, alice, (trx) => accountDailyBalances(trx, '2023-01-01', '2024-03-01')),
    ).rejects.toThrow(/1–366 days/);
  });
});
