import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { findUpload } from '../../lambdas/adapters/postgres/repositories/uploads';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { importDependencies } from '../support/app-harness';
import { MemoryBlobStore } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('importing OFX, QIF and CAMT statements through the same path as CSV', () => {
  let database: TestDatabase;
  const blobs = new MemoryBlobStore();
  let deps: ImportDependencies;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = importDependencies(database, blobs, {
      maxBytes: 5 * 1024 * 1024,
      maxRows: 100_000,
      insertBatchSize: 50,
      progressEvery: 100,
    });
  });
  afterAll(async () => database.close());

  const importFixture = async (userId: string, name: string, filename = name) => {
    const uploadId = randomUUID();
    const objectKey = uploadObjectKey(userId, uploadId, filename);
    blobs.put(objectKey, readFileSync(join(__dirname, '../fixtures/statements', name)));
    const result = await importStatement(deps, { userId, uploadId, objectKey, filename });
    return { result, upload: await withUser(database.db, userId, (trx) => findUpload(trx, uploadId)) };
  };
  const rowsOf = (userId: string) => withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 500 }));

  it('imports each format into the account its number names, with its balance, and adds nothing when the same file comes again', async () => {
    const userId = randomUUID();
    const ofx = await importFixture(userId, 'ofxparse-checking.ofx');
    expect(ofx.result).toMatchObject({
      outcome: 'imported',
      counts: { rowsRead: 3, imported: 3, duplicates: 0, rejected: 0 },
    });
    expect(ofx.upload?.account_reason).toMatch(/6877/);
    const qif = await importFixture(userId, 'quiffen-test.qif');
    expect(qif.result).toMatchObject({ outcome: 'imported', counts: { imported: 5, rejected: 0 } });
    const camt = await importFixture(userId, 'genkgo-camt053.v2.multi.statement.xml');
    expect(camt.result).toMatchObject({ outcome: 'imported', counts: { imported: 2 } });

    const accounts = await withUser(database.db, userId, (trx) =>
      trx.selectFrom('accounts').select(['last4', 'currency', 'stated_balance']).orderBy('created_at').execute(),
    );
    expect(accounts).toEqual(
      expect.arrayContaining([
        { last4: '6877', currency: 'USD', stated_balance: 10099 },
        { last4: '6890', currency: 'EUR', stated_balance: 2000 },
      ]),
    );
    const rows = await rowsOf(userId);
    expect(rows).toHaveLength(10);
    expect(rows.find((r) => r.amount === -3451)).toMatchObject({
      date: '2011-04-05',
      currency: 'USD',
      description: 'AUTOMATIC WITHDRAWAL, ELECTRIC BILL WEB(S )',
    });
    expect(rows.find((r) => r.amount === -700)).toMatchObject({ date: '2014-12-31', currency: 'EUR' });

    for (const name of ['ofxparse-checking.ofx', 'quiffen-test.qif', 'genkgo-camt053.v2.multi.statement.xml']) {
      expect((await importFixture(userId, name, `again-${name}`)).result).toMatchObject({
        outcome: 'imported',
        counts: { imported: 0 },
      });
    }
    expect(await rowsOf(userId)).toHaveLength(10);
  });
});
