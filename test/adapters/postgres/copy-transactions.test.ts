import { randomUUID } from 'node:crypto';
import { PostgresImportStore } from '../../../lambdas/adapters/postgres/postgres-import-store';
import { listTransactions } from '../../../lambdas/adapters/postgres/repositories/transactions';
import { findUpload } from '../../../lambdas/adapters/postgres/repositories/uploads';
import { withUser } from '../../../lambdas/adapters/postgres/user-scope';
import { uuidV7 } from '../../../lambdas/core/import/uuid-v7';
import type { NewTransaction } from '../../../lambdas/ports/import-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** The local stack's write path: COPY into a temporary staging table, then one INSERT … SELECT into the RLS table. */
describe('new rows by COPY through a staging table', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  const person = async (store: PostgresImportStore) => {
    const userId = randomUUID();
    const uploadId = randomUUID();
    await store.beginUpload(userId, uploadId, { filename: 's.csv', objectKey: `uploads/${userId}/${uploadId}/s.csv` });
    const { accountId } = await store.chooseAccount(userId, { currency: 'GBP' });
    const row = (description: string, fingerprint: string, balance: number | null): NewTransaction => ({
      id: uuidV7(),
      accountId,
      uploadId,
      date: '2024-03-01',
      amount: -1234,
      currency: 'GBP',
      description,
      balance,
      fingerprint,
    });
    return { userId, uploadId, row };
  };

  it('stores descriptions exactly (tabs, backslashes, line breaks), skips a fingerprint already there, and counts the rows waiting', async () => {
    const store = new PostgresImportStore(database.db, true, database.sql);
    const { userId, uploadId, row } = await person(store);
    const odd = ['CAFE\tNERO', 'C:\\PATH \\N', 'TWO\nLINES\r', 'ÉPICERIE 東京 🍣'];
    const first = await store.insertTransactions(
      userId,
      odd.map((d, i) => row(d, `f${i}`, i === 0 ? null : 100 * i)),
    );
    expect(first.insertedIds).toHaveLength(4);
    const again = await store.insertTransactions(userId, [row('CAFE\tNERO', 'f0', null), row('NEW', 'f9', 5)]);
    expect(again.insertedIds).toHaveLength(1);

    const stored = await withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 10, uploadId }));
    expect(stored.map((r) => r.description).sort()).toEqual([...odd, 'NEW'].sort());
    expect(stored.find((r) => r.description === 'CAFE\tNERO')?.balance).toBeNull();
    expect((await withUser(database.db, userId, (trx) => findUpload(trx, uploadId)))?.undecided).toBe(5);
  });

  it('writes rows for the person in scope only, as the INSERT path does', async () => {
    const store = new PostgresImportStore(database.db, true, database.sql);
    const mine = await person(store);
    const theirs = await person(store);
    await store.insertTransactions(mine.userId, [mine.row('MINE', 'm', null)]);
    expect(
      (await withUser(database.db, mine.userId, (trx) => listTransactions(trx, { limit: 10 }))).map((r) => r.user_id),
    ).toEqual([mine.userId]);
    expect(await withUser(database.db, theirs.userId, (trx) => listTransactions(trx, { limit: 10 }))).toEqual([]);
  });
});
