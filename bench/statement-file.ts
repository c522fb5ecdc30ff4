/** Generated bank statements and the import path the benches share (parse → redact → fingerprint → insert). */
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import type postgres from 'postgres';
import { createWriteStream, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileBlobStore } from '../lambdas/adapters/local/file-blob-store';
import { preparingOnWorker } from '../lambdas/adapters/local/statement-worker';
import { PostgresImportStore } from '../lambdas/adapters/postgres/postgres-import-store';
import type { Db } from '../lambdas/adapters/postgres/schema';
import { createParserHandler } from '../lambdas/app/parser';
import type { UploadCounts } from '../lambdas/ports/import-store';
import { redact } from '../lambdas/core/redact/redact';
import { openStatement } from '../lambdas/core/statement/open-statement';

const MERCHANTS = [
  'TESCO STORES 3217',
  'AMAZON MKTPLACE PMTS AMZN.COM/BILL WA',
  'SHELL 0456 FUEL',
  'NETFLIX.COM',
  'UBER *TRIP HELP.UBER.COM',
  'CARD 4111 1111 1111 1111 CAFE NERO',
  'SALARY ACME LTD',
  'TRANSFER TO SAVINGS',
  'PRET A MANGER 112',
  'TFL TRAVEL CH',
];

/** 40 rows a day from `firstYear` on: statements starting in different years never share a row. */
export async function writeStatement(path: string, rows: number, firstYear = 2015): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  let date = new Date(Date.UTC(firstYear, 0, 1));
  let balance = 100_000_00;
  function* lines(): Generator<string> {
    yield 'Date,Description,Amount,Balance\n';
    for (let i = 0; i < rows; i += 1) {
      if (i % 40 === 0) date = new Date(date.getTime() + 86_400_000);
      const amount = i % 25 === 0 ? 250_000 : -((i * 7919) % 20_000) - 1;
      balance += amount;
      const day = `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
      yield `${day},"${MERCHANTS[i % MERCHANTS.length]} ${i % 997}",${(amount / 100).toFixed(2)},${(balance / 100).toFixed(2)}\n`;
    }
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

/**
 * The local stack's store (INSERT … SELECT FROM unnest(arrays)), or with BENCH_INSERT=copy new rows
 * by COPY through a temporary staging table, to compare the two. Measured here, four runs side by
 * side, COPY was no faster (see README), so the local stack keeps unnest.
 */
export function importStore(database: { db: Db; sql: postgres.Sql<Record<string, unknown>> }): PostgresImportStore {
  return new PostgresImportStore(database.db, true, process.env.BENCH_INSERT === 'copy' ? database.sql : undefined);
}

/**
 * The parser's path with categorising stubbed (the messages go nowhere): returns the seconds it took.
 * `on: 'worker'` prepares the rows on a worker thread as the local stack does; 'thread' on the
 * import's own thread, as the parser Lambda does.
 */
export async function ingestThroughParser(
  database: { db: Db; sql: postgres.Sql<Record<string, unknown>> },
  blobs: FileBlobStore,
  objectKey: string,
  onProgress?: (counts: UploadCounts) => void,
  on: 'worker' | 'thread' = 'worker',
): Promise<number> {
  const handler = createParserHandler({
    store: importStore(database),
    ...(on === 'worker' ? { prepareStatement: preparingOnWorker() } : {}),
    blobs,
    categoriseQueue: { send: async () => undefined },
    forecastQueue: { send: async () => undefined },
    openStatement,
    redact,
    limits: { maxBytes: 1024 * 1024 * 1024, maxRows: 5_000_000, insertBatchSize: 2000, progressEvery: 100_000 },
    logger: new Logger({ serviceName: 'bench', logLevel: 'ERROR' }),
    onProgress,
  });
  const started = performance.now();
  await handler({
    Records: [{ s3: { object: { key: objectKey, size: statSync(blobs.pathOf(objectKey)).size } } }],
  } as unknown as S3Event);
  return (performance.now() - started) / 1000;
}
