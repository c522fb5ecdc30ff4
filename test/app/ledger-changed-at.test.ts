import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'kysely';
import { appUrlFor, ensureRoleAndDatabase, ownerUrlFor } from '../../lambdas/adapters/local/database-roles';
import { loadMigrations } from '../../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../../lambdas/adapters/postgres/postgres-database';
import { ledgerChangedAt, readForecastState } from '../../lambdas/adapters/postgres/repositories/forecasts';
import { listTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter } from '../../lambdas/app/api/router';
import { linkTransfersAfterImport } from '../../lambdas/app/link-transfers-after-import';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { apiClient } from '../support/api-client';
import { apiRouter, importDependencies } from '../support/app-harness';
import { MemoryBlobStore } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A current account paying a credit card, in the shapes real exports have. */
const CURRENT = [
  'Date,Description,Amount,Balance',
  '2024-03-01,SALARY ACME LTD,3000.00,3500.00',
  '2024-03-05,CREDIT CARD PAYMENT BARCLAYCARD,-420.50,3079.50',
  '2024-03-09,TESCO STORES 3217,-60.00,3019.50',
].join('\n');
const CARD = [
  'Transaction Date,Posted Date,Description,Debit,Credit',
  '2024-02-20,2024-02-21,AMAZON MKTPLACE PMTS,400.50,',
  '2024-03-07,2024-03-07,PAYMENT THANK YOU,,420.50',
  '2024-03-10,2024-03-11,SHELL 0456,55.00,',
].join('\n');

describe("the ledger's last change, kept by the database on every write to a person's transactions", () => {
  let database: TestDatabase;
  let deps: ImportDependencies;
  let blobs: MemoryBlobStore;
  let call: ReturnType<typeof createRouter>;
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });
  const dana = randomUUID();
  const erin = randomUUID();
  let current = '';
  let card = '';

  const request = (userId: string, method: string, path: string, body?: unknown) =>
    apiClient(call)(userId, method, path, body);
  const stampOf = (userId: string) => withUser(database.db, userId, (trx) => ledgerChangedAt(trx, userId));
  const rowsOf = (userId: string) => withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 50 }));
  const byDescription = async (userId: string, description: string) => {
    const row = (await rowsOf(userId)).find((r) => r.description === description);
    if (!row) throw new Error(`no ${description}`);
    return row;
  };
  const importInto = async (userId: string, accountId: string, filename: string, content: string) => {
    const uploadId = randomUUID();
    const objectKey = uploadObjectKey(userId, uploadId, filename);
    blobs.put(objectKey, content);
    await importStatement(deps, { userId, uploadId, objectKey, filename, accountHint: accountId });
    return uploadId;
  };
  /** Runs a write and says whether Dana's stamp moved forward because of it. */
  const moves = async (write: () => Promise<unknown>) => {
    const before = await stampOf(dana);
    await write();
    const after = await stampOf(dana);
    return after !== null && (before === null || Date.parse(after) > Date.parse(before));
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    blobs = new MemoryBlobStore();
    deps = importDependencies(database, blobs);
    call = apiRouter(database, blobs, { logger });
    current = (await request(dana, 'POST', '/accounts', { name: 'Current', kind: 'current', currency: 'GBP' })).body.id;
    card = (await request(dana, 'POST', '/accounts', { name: 'Card', kind: 'credit_card', currency: 'GBP' })).body.id;
  });
  afterAll(async () => database.close());

  it('is null before the first transaction, and moves with an import and with the transfers linked after it', async () => {
    expect(await stampOf(dana)).toBeNull();
    expect(await moves(() => importInto(dana, current, 'current.csv', CURRENT))).toBe(true);
    const cardUpload = await importInto(dana, card, 'card.csv', CARD);
    expect(await moves(() => linkTransfersAfterImport(database.db, logger)(dana, cardUpload))).toBe(true);
    const payment = await byDescription(dana, 'PAYMENT THANK YOU');
    expect(payment.transfer_id).not.toBeNull();
  });

  it('moves with a manual entry, a correction, notes, splits and each kind of deletion', async () => {
    expect(
      await moves(() =>
        request(dana, 'POST', '/transactions', {
          accountId: current,
          date: '2024-03-12',
          amount: -2500,
          description: 'CORNER CAFE',
          category: 'Dining',
        }),
      ),
    ).toBe(true);
    const tesco = await byDescription(dana, 'TESCO STORES 3217');
    expect(await moves(() => request(dana, 'PATCH', `/transactions/${tesco.id}`, { category: 'Shopping' }))).toBe(true);
    expect(await moves(() => request(dana, 'PATCH', `/transactions/${tesco.id}`, { notes: 'for the party' }))).toBe(
      true,
    );
    const split = [
      { category: 'Groceries', amount: -4000 },
      { category: 'Shopping', amount: -2000 },
    ];
    expect(await moves(() => request(dana, 'PATCH', `/transactions/${tesco.id}`, { splits: split }))).toBe(true);
    // An imported row leaves a tombstone (no updated_at of its own), a manual entry goes outright.
    const shell = await byDescription(dana, 'SHELL 0456');
    expect(await moves(() => request(dana, 'DELETE', `/transactions/${shell.id}`))).toBe(true);
    const cafe = await byDescription(dana, 'CORNER CAFE');
    expect(await moves(() => request(dana, 'DELETE', `/transactions/${cafe.id}`))).toBe(true);
  });

  it('moves when a transfer is unlinked or linked by hand, and when a category is renamed or merged', async () => {
    const payment = await byDescription(dana, 'PAYMENT THANK YOU');
    expect(await moves(() => request(dana, 'PATCH', `/transactions/${payment.id}`, { transferId: null }))).toBe(true);
    const paid = await byDescription(dana, 'CREDIT CARD PAYMENT BARCLAYCARD');
    expect(await moves(() => request(dana, 'POST', '/transfers', { transactionIds: [paid.id, payment.id] }))).toBe(
      true,
    );
    // Only a split names Groceries now: a rename that moves no whole row still moves the stamp.
    expect(await moves(() => request(dana, 'PATCH', '/categories/default:Groceries', { name: 'Food shopping' }))).toBe(
      true,
    );
    const treats = await request(dana, 'POST', '/categories', { name: 'Treats', group: 'wants' });
    const tesco = await byDescription(dana, 'TESCO STORES 3217');
    await request(dana, 'PATCH', `/transactions/${tesco.id}`, { category: 'Treats' });
    expect(await moves(() => request(dana, 'PATCH', `/categories/${treats.body.id}`, { mergeInto: 'Shopping' }))).toBe(
      true,
    );
    // A category no transaction is filed under, merged: no figure changes, nor does the stamp.
    const unused = await request(dana, 'POST', '/categories', { name: 'Gifts', group: 'wants' });
    expect(await moves(() => request(dana, 'PATCH', `/categories/${unused.body.id}`, { mergeInto: 'Shopping' }))).toBe(
      false,
    );
  });

  it('stays put for a write that changes no figure, and for another person’s writes', async () => {
    // A merchant key recomputed, a transfer's search status: what no figure is built from.
    expect(
      await moves(() =>
        withUser(database.db, dana, (trx) =>
          trx.updateTable('transactions').set({ merchant: 'recomputed key', transfer_status: null }).execute(),
        ),
      ),
    ).toBe(false);
    // A statement that matches no row.
    expect(
      await moves(() =>
        withUser(database.db, dana, (trx) =>
          trx.updateTable('transactions').set({ category: 'Dining' }).where('id', '=', randomUUID()).execute(),
        ),
      ),
    ).toBe(false);
    const erinsAccount = (await request(erin, 'POST', '/accounts', { name: 'Main', currency: 'GBP' })).body.id;
    expect(
      await moves(() =>
        request(erin, 'POST', '/transactions', {
          accountId: erinsAccount,
          date: '2024-03-12',
          amount: -900,
          description: 'BAKERY',
          category: 'Dining',
        }),
      ),
    ).toBe(false);
    expect(await stampOf(erin)).not.toBeNull();
  });

  it('keeps a fresh forecast fresh on read, and has it refitted on read after a change', async () => {
    await request(dana, 'GET', '/forecast?currency=GBP');
    const fitted = await withUser(database.db, dana, readForecastState);
    expect(await moves(() => request(dana, 'GET', '/forecast?currency=GBP'))).toBe(false);
    await request(dana, 'GET', '/forecast/savings?currency=GBP');
    expect(await withUser(database.db, dana, readForecastState)).toEqual(fitted);
    const tesco = await byDescription(dana, 'TESCO STORES 3217');
    await request(dana, 'PATCH', `/transactions/${tesco.id}`, { splits: null });
    await request(dana, 'GET', '/forecast?currency=GBP');
    const refitted = await withUser(database.db, dana, readForecastState);
    expect(Date.parse(refitted!.computedAt)).toBeGreaterThan(Date.parse(fitted!.computedAt));
  });

  it('moves when an account and its transactions are deleted', async () => {
    expect(await moves(() => request(dana, 'DELETE', `/accounts/${card}`))).toBe(true);
    expect((await rowsOf(dana)).some((r) => r.account_id === card)).toBe(false);
  });
});

describe('the migration that adds the stamp', () => {
  it('stamps people who already have transactions with their last change, and nobody else', async () => {
    const adminUrl = process.env.DATABASE_ADMIN_URL!;
    const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await ensureRoleAndDatabase(adminUrl, name);
    const owner = createPostgresDatabase({ url: ownerUrlFor(adminUrl, name), max: 1 });
    const app = createPostgresDatabase({ url: appUrlFor(adminUrl, name), max: 1 });
    try {
      const migrations = loadMigrations();
      const stampAt = migrations.findIndex((m) => m.name === '1002_ledger_changed_at.sql');
      await runMigrations(owner.db, migrations.slice(0, stampAt));
      const [withHistory, without] = [randomUUID(), randomUUID()];
      const last = new Date('2026-01-02T03:04:05.678Z');
      for (const userId of [withHistory, without])
        await withUser(app.db, userId, (trx) => trx.insertInto('users').values({ id: userId, email: null }).execute());
      await withUser(app.db, withHistory, async (trx) => {
        const account = await trx
          .insertInto('accounts')
          .values({ user_id: withHistory, name: 'Main', kind: 'current', currency: 'EUR' } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const [index, updated] of [new Date('2025-05-01T00:00:00Z'), last].entries())
          await trx
            .insertInto('transactions')
            .values({
              user_id: withHistory,
              account_id: account.id,
              date: '2025-05-01',
              amount: -100,
              currency: 'EUR',
              description: 'SHOP',
              fingerprint: `f${index}`,
              created_at: new Date('2025-05-01T00:00:00Z'),
              updated_at: updated,
            } as never)
            .execute();
      });
      await runMigrations(owner.db, migrations);
      const stamps = await Promise.all(
        [withHistory, without].map((userId) => withUser(app.db, userId, (trx) => ledgerChangedAt(trx, userId))),
      );
      expect(stamps).toEqual([last.toISOString(), null]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from users`.execute(owner.db);
      // The owner is under FORCEd row-level security again once the migration is done.
      expect(rows[0].n).toBe(0);
    } finally {
      await app.db.destroy();
      await owner.db.destroy();
      const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
