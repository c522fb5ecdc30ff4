import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresImportStore } from '../../lambdas/adapters/postgres/postgres-import-store';
import { listTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { findUpload } from '../../lambdas/adapters/postgres/repositories/uploads';
import { fromJson } from '../../lambdas/adapters/postgres/schema';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { merchantKey } from '../../lambdas/core/categorise/merchant-key';
import type { CategoriseMessage, ForecastMessage } from '../../lambdas/core/messages';
import { containsCardOrIban, redact } from '../../lambdas/core/redact/redact';
import { openStatement } from '../../lambdas/core/statement/open-statement';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('importing a statement into PostgreSQL', () => {
  let database: TestDatabase;
  let blobs: MemoryBlobStore;
  let categorise: RecordingQueue<CategoriseMessage>;
  let forecast: RecordingQueue<ForecastMessage>;
  let deps: ImportDependencies;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());
  beforeEach(() => {
    blobs = new MemoryBlobStore();
    categorise = new RecordingQueue();
    forecast = new RecordingQueue();
    deps = {
      store: new PostgresImportStore(database.db),
      blobs,
      categoriseQueue: categorise,
      forecastQueue: forecast,
      openStatement,
      redact,
      limits: { maxBytes: 5 * 1024 * 1024, maxRows: 100_000, insertBatchSize: 50, progressEvery: 100 },
    };
  });

  const upload = (userId: string, filename: string, content: string | Uint8Array) => {
    const uploadId = randomUUID();
    const objectKey = uploadObjectKey(userId, uploadId, filename);
    blobs.put(objectKey, content);
    return { userId, uploadId, objectKey, filename };
  };
  const transactionsOf = (userId: string) =>
    withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 500 }));
  const uploadRow = (userId: string, uploadId: string) =>
    withUser(database.db, userId, (trx) => findUpload(trx, uploadId));

  it('imports every row of a real bank export with its dates and amounts', async () => {
    const userId = randomUUID();
    const file = readFileSync(join(__dirname, '../fixtures/bank-csv/us-schwab-1.csv'));
    const result = await importStatement(deps, upload(userId, 'schwab.csv', file));
    expect(result).toMatchObject({ outcome: 'imported', counts: { imported: 4, duplicates: 0, rejected: 0 } });
    const rows = await transactionsOf(userId);
    expect(rows.reduce((sum, row) => sum + row.amount, 0)).toBe(-21527);
  });

  it('stores each row with the merchant key of its redacted description, before any category is decided', async () => {
    const userId = randomUUID();
    const csv =
      'Date,Description,Amount\n2024-03-01,TESCO STORES 3217,-12.50\n2024-03-02,CARD 4111 1111 1111 1111 CAFE NERO,-3.20\n';
    await importStatement(deps, upload(userId, 'statement.csv', csv));
    const rows = await transactionsOf(userId);
    expect(
      rows
        .map((row) => ({ description: row.description, merchant: row.merchant, category: row.category }))
        .sort((a, b) => a.description.localeCompare(b.description)),
    ).toEqual(
      rows
        .map((row) => ({
          description: row.description,
          merchant: merchantKey(row.description) || null,
          category: null,
        }))
        .sort((a, b) => a.description.localeCompare(b.description)),
    );
    expect(rows.every((row) => row.merchant && !row.merchant.includes('4111'))).toBe(true);
  });

  it('puts a statement with no account given into a new account named after the bank its file name or preamble names', async () => {
    const userId = randomUUID();
    const fromName = upload(
      userId,
      'Chase1234_Activity_20240101.CSV',
      'Date,Description,Amount\n2024-01-02,CORNER DELI 12,-8.00\n',
    );
    await importStatement(deps, fromName);
    const fromPreamble = upload(
      userId,
      'export.csv',
      readFileSync(join(__dirname, '../fixtures/bank-csv/de-ing-1.csv')),
    );
    await importStatement(deps, fromPreamble);
    const accounts = await withUser(database.db, userId, (trx) =>
      trx.selectFrom('accounts').select(['name', 'institution']).orderBy('created_at').execute(),
    );
    expect(accounts.map((a) => a.institution)).toEqual(['Chase', 'ING']);
    expect((await uploadRow(userId, fromName.uploadId))?.account_reason).toMatch(/Chase/);
  });

  it('adds nothing when the same S3 event arrives twice, or the same statement is uploaded again', async () => {
    const userId = randomUUID();
    const csv = 'Date,Description,Amount\n2024-01-02,COFFEE HOUSE,-3.20\n2024-01-03,BOOK SHOP,-12.00\n';
    const first = upload(userId, 'jan.csv', csv);
    await importStatement(deps, first);
    expect(await importStatement(deps, first)).toEqual({ outcome: 'already-imported' });
    const second = await importStatement(deps, upload(userId, 'jan-again.csv', csv));
    expect(second).toMatchObject({ counts: { imported: 0, duplicates: 2 } });
    expect(await transactionsOf(userId)).toHaveLength(2);
  });

  it('keeps two genuinely identical purchases on one day in one file, and adds only the new rows of an overlapping statement', async () => {
    const userId = randomUUID();
    await importStatement(
      deps,
      upload(userId, 'a.csv', 'Date,Description,Amount\n2024-02-01,BUS FARE,-2.50\n2024-02-01,BUS FARE,-2.50\n'),
    );
    const overlap = await importStatement(
      deps,
      upload(
        userId,
        'b.csv',
        'Date,Description,Amount\n2024-02-01,BUS FARE,-2.50\n2024-02-01,BUS FARE,-2.50\n2024-02-02,BUS FARE,-2.50\n',
      ),
    );
    expect(overlap).toMatchObject({ counts: { imported: 1, duplicates: 2 } });
    expect(await transactionsOf(userId)).toHaveLength(3);
  });

  it('imports every row of a statement whose running balance breaks, and warns at the row where a transaction is missing', async () => {
    const userId = randomUUID();
    const csv =
      'Date,Description,Amount,Balance\n2024-07-01,A,-10.00,90.00\n2024-07-02,B,-20.00,70.00\n2024-07-04,D,-5.00,25.00\n2024-07-05,E,-5.00,20.00\n';
    const { uploadId, ...rest } = upload(userId, 'gap.csv', csv);
    expect(await importStatement(deps, { uploadId, ...rest })).toMatchObject({ counts: { imported: 4 } });
    const warnings = fromJson((await uploadRow(userId, uploadId))?.warnings ?? null);
    // The file names no currency and the person said none: that guess is warned of first.
    expect(warnings).toEqual([
      { message: expect.stringMatching(/the currency USD was guessed/) },
      {
        row: 4,
        message: expect.stringMatching(
          /running balance breaks at row 4: expected 65\.00 USD, the statement says 25\.00 USD; a transaction of -40\.00 USD seems to be missing/,
        ),
      },
    ]);
  });

  it('does not bring back a deleted imported transaction when the statement is imported again', async () => {
    const userId = randomUUID();
    const csv = 'Date,Description,Amount\n2024-06-01,GYM MEMBERSHIP,-30.00\n2024-06-02,BOOKSHOP,-12.00\n';
    await importStatement(deps, upload(userId, 'june.csv', csv));
    const [gym] = (await transactionsOf(userId)).filter((row) => row.description === 'GYM MEMBERSHIP');
    await withUser(database.db, userId, (trx) =>
      trx.updateTable('transactions').set({ deleted_at: new Date() }).where('id', '=', gym.id).execute(),
    );
    const again = await importStatement(deps, upload(userId, 'june-again.csv', csv));
    expect(again).toMatchObject({ counts: { imported: 0, duplicates: 2 } });
    expect((await transactionsOf(userId)).map((row) => row.description)).toEqual(['BOOKSHOP']);
  });

  it('keeps every good row when one row is malformed, and names the bad row', async () => {
    const userId = randomUUID();
    const { uploadId, ...rest } = upload(
      userId,
      'bad-row.csv',
      'Date,Description,Amount\n2024-01-02,GOOD ONE,-1.00\n2024-01-03,BROKEN,twelve euros\n2024-01-04,GOOD TWO,-2.00\n',
    );
    const result = await importStatement(deps, { uploadId, ...rest });
    expect(result).toMatchObject({ counts: { imported: 2, rejected: 1 } });
    const stored = await uploadRow(userId, uploadId);
    expect(fromJson(stored?.errors ?? null)).toEqual([expect.objectContaining({ row: 3 })]);
  });

  it('fails a file that is not a statement with a reason a person understands, and imports nothing', async () => {
    const userId = randomUUID();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const { uploadId, ...rest } = upload(userId, 'photo.png', png);
    const result = await importStatement(deps, { uploadId, ...rest });
    expect(result.outcome).toBe('failed');
    const stored = await uploadRow(userId, uploadId);
    expect(stored?.status).toBe('failed');
    expect(stored?.failure_reason).toMatch(/image|not a statement|cannot read/i);
    expect(await transactionsOf(userId)).toHaveLength(0);
  });

  it('refuses a file over the size limit before reading any of it', async () => {
    const userId = randomUUID();
    const { uploadId, ...rest } = upload(
      userId,
      'huge.csv',
      `Date,Description,Amount\n${'2024-01-01,X,-1.00\n'.repeat(20)}`,
    );
    const result = await importStatement({ ...deps, limits: { ...deps.limits, maxBytes: 100 } }, { uploadId, ...rest });
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/the most one upload may be is 100 bytes/),
    });
    expect(categorise.sent).toHaveLength(0);
  });

  it('sends the new ids to the categoriser in batches of at most 200, and no forecast while they wait for a category', async () => {
    const userId = randomUUID();
    const lines = Array.from(
      { length: 450 },
      (_, i) => `2024-03-${String((i % 28) + 1).padStart(2, '0')},SHOP ${i},-${i + 1}.00`,
    );
    const progress: number[] = [];
    const result = await importStatement(
      { ...deps, onProgress: (c) => progress.push(c.rowsRead) },
      upload(userId, 'many.csv', `Date,Description,Amount\n${lines.join('\n')}\n`),
    );
    expect(result).toMatchObject({ counts: { imported: 450 } });
    expect(categorise.sent.map((m) => m.transactionIds.length)).toEqual([200, 200, 50]);
    expect(new Set(categorise.sent.flatMap((m) => m.transactionIds)).size).toBe(450);
    // The categoriser batch that decides the last row queues it (test/app/upload-completion.test.ts).
    expect(forecast.sent).toEqual([]);
    expect(progress.length).toBeGreaterThan(2);
  });

  it('stores no card number or IBAN in any description', async () => {
    const userId = randomUUID();
    const csv = [
      'Date,Description,Amount',
      '2024-04-01,CARD 4111 1111 1111 1111 GROCER,-10.00',
      '2024-04-02,TRANSFER TO DE89370400440532013000,-100.00',
      '2024-04-03,POS 5500005555555559 FUEL,-40.00',
    ].join('\n');
    await importStatement(deps, upload(userId, 'pii.csv', csv));
    const rows = await transactionsOf(userId);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(containsCardOrIban(row.description)).toBe(false);
    expect(rows.map((r) => r.description).join(' ')).toMatch(/••1111/);
  });
});
