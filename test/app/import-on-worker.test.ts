import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { preparingOnWorker } from '../../lambdas/adapters/local/statement-worker';
import { PostgresImportStore } from '../../lambdas/adapters/postgres/postgres-import-store';
import { listTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { findUpload } from '../../lambdas/adapters/postgres/repositories/uploads';
import { fromJson } from '../../lambdas/adapters/postgres/schema';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import type { CategoriseMessage, ForecastMessage } from '../../lambdas/core/messages';
import { redact } from '../../lambdas/core/redact/redact';
import { openStatement } from '../../lambdas/core/statement/open-statement';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The local stack parses statements on a worker thread; the parser Lambda on its own thread.
 * The same file must come out the same either way: rows, row errors and their numbers, the
 * format learned while reading, duplicates on a second upload.
 */
describe('importing with the rows prepared on a worker thread', () => {
  let database: TestDatabase;
  let blobs: MemoryBlobStore;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());
  beforeEach(() => {
    blobs = new MemoryBlobStore();
  });

  const depsFor = (on: 'worker' | 'thread', maxRows = 100_000): ImportDependencies => ({
    store: new PostgresImportStore(database.db),
    blobs,
    categoriseQueue: new RecordingQueue<CategoriseMessage>(),
    forecastQueue: new RecordingQueue<ForecastMessage>(),
    openStatement,
    redact,
    // Small batches, so a file of a few hundred rows crosses between the threads many times.
    limits: { maxBytes: 5 * 1024 * 1024, maxRows, insertBatchSize: 37, progressEvery: 100 },
    ...(on === 'worker' ? { prepareStatement: preparingOnWorker() } : {}),
  });

  const importAs = async (
    on: 'worker' | 'thread',
    filename: string,
    content: string | Uint8Array,
    options: { userId?: string; maxRows?: number } = {},
  ) => {
    const userId = options.userId ?? randomUUID();
    const uploadId = randomUUID();
    const objectKey = uploadObjectKey(userId, uploadId, filename);
    blobs.put(objectKey, content);
    const result = await importStatement(depsFor(on, options.maxRows), { userId, uploadId, objectKey, filename });
    const upload = await withUser(database.db, userId, (trx) => findUpload(trx, uploadId));
    const rows = await withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 2000 }));
    return {
      userId,
      result,
      errors: fromJson(upload!.errors),
      warnings: fromJson(upload!.warnings),
      format: upload!.format,
      status: upload!.status,
      failureReason: upload!.failure_reason,
      // What a person sees of each row (ids, accounts and fingerprints are per person).
      rows: rows
        .map((row) => ({
          date: row.date,
          amount: row.amount,
          currency: row.currency,
          description: row.description,
          merchant: row.merchant,
          balance: row.balance,
        }))
        .sort((a, b) => `${a.date}${a.description}${a.amount}`.localeCompare(`${b.date}${b.description}${b.amount}`)),
    };
  };

  it('stores a real bank history with malformed rows exactly as the in-thread import does, row errors numbered alike', async () => {
    const lines = readFileSync(join(__dirname, '../fixtures/categorised/za-bank-assessment.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    // Two unreadable rows in the middle: their amounts are not numbers.
    lines.splice(120, 0, '2021-09-14,Card purchase CAFE,not-money,Food');
    lines.splice(300, 0, '2021-10-02,Card purchase SHOP,twelve,Shopping');
    const csv = `${lines.join('\n')}\n`;
    const inThread = await importAs('thread', 'za.csv', csv);
    const onWorker = await importAs('worker', 'za.csv', csv);

    expect(inThread.result).toMatchObject({ outcome: 'imported', counts: { rejected: 2 } });
    expect(onWorker.result).toEqual({ ...inThread.result, accountId: expect.any(String) });
    expect((onWorker.errors ?? []).map((e: { row: number }) => e.row)).toEqual([121, 301]);
    expect(onWorker.errors).toEqual(inThread.errors);
    expect(onWorker.warnings).toEqual(inThread.warnings);
    expect(onWorker.format).toEqual(inThread.format);
    expect(onWorker.rows).toHaveLength(lines.length - 3);
    expect(onWorker.rows).toEqual(inThread.rows);

    // The same file again for the same person: every row is already there.
    const again = await importAs('worker', 'za-again.csv', csv, { userId: onWorker.userId });
    expect(again.result).toMatchObject({ outcome: 'imported', counts: { imported: 0, duplicates: lines.length - 3 } });
  });

  it('learns the day/month order from a row far down the file and sends the format back with it', async () => {
    const ambiguous = Array.from(
      { length: 80 },
      (_, i) => `0${1 + (i % 9)}/0${1 + (i % 9)}/2024,TESCO STORES ${i},-${i + 1}.00`,
    );
    const csv = `Date,Description,Amount\n${ambiguous.join('\n')}\n25/03/2024,SALARY ACME LTD,2500.00\n`;
    const inThread = await importAs('thread', 'uk.csv', csv);
    const onWorker = await importAs('worker', 'uk.csv', csv);
    expect(onWorker.format).toMatchObject({ dateOrder: 'DMY', dateOrderSource: 'file' });
    expect(onWorker.format).toEqual(inThread.format);
    expect(onWorker.rows).toEqual(inThread.rows);
    expect(onWorker.rows.find((row) => row.amount === 250000)?.date).toBe('2024-03-25');
  });

  it('fails a file that is not a statement, and one over the row limit, as the in-thread import does', async () => {
    const notAStatement = 'Dear customer,\nyour statement is attached.\nKind regards\n';
    const [a, b] = [
      await importAs('thread', 'letter.csv', notAStatement),
      await importAs('worker', 'letter.csv', notAStatement),
    ];
    expect(b.result).toMatchObject({ outcome: 'failed' });
    expect(b.result).toEqual(a.result);

    const long = `Date,Description,Amount\n${Array.from({ length: 150 }, (_, i) => `2024-03-${10 + (i % 18)},SHOP ${i},-1.00`).join('\n')}\n`;
    const [c, d] = [
      await importAs('thread', 'long.csv', long, { maxRows: 100 }),
      await importAs('worker', 'long.csv', long, { maxRows: 100 }),
    ];
    expect(d.result).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('more than 100 rows') });
    expect(d.result).toEqual(c.result);
    expect(d.status).toBe('failed');
    expect(d.rows).toHaveLength(c.rows.length);
  });

  it('reads a whole-file format (OFX) on the worker as on the import thread', async () => {
    const ofx = readFileSync(join(__dirname, '../fixtures/statements/ofxparse-checking.ofx'));
    const inThread = await importAs('thread', 'checking.ofx', ofx);
    const onWorker = await importAs('worker', 'checking.ofx', ofx);
    expect(inThread.result).toMatchObject({ outcome: 'imported' });
    expect(onWorker.rows.length).toBeGreaterThan(0);
    expect(onWorker.result).toEqual({ ...inThread.result, accountId: expect.any(String) });
    expect(onWorker.format).toEqual(inThread.format);
    expect(onWorker.rows).toEqual(inThread.rows);
  });
});
