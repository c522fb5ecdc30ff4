/**
 * npm run bench:ingest [-- --rows 100000,1000000]
 *
 * Generates bank statements of 100,000 and 1,000,000 rows, imports each through the real
 * parser handler path (S3-shaped event → detect → stream-parse → redact → fingerprint →
 * batched INSERT … ON CONFLICT) into a real embedded PostgreSQL, then COPYs the very same
 * normalised rows into an identical empty table of the same database in the same run, as
 * the physical reference. Prints progress to stderr and one JSON line per size on stdout.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startEmbeddedDatabase } from '../lambdas/adapters/local/embedded-database';
import { FileBlobStore } from '../lambdas/adapters/local/file-blob-store';
import { loadMigrations } from '../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import { PostgresImportStore } from '../lambdas/adapters/postgres/postgres-import-store';
import { createParserHandler } from '../lambdas/app/parser';
import { uploadObjectKey } from '../lambdas/core/import/upload-key';
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

async function writeStatement(path: string, rows: number): Promise<void> {
  let date = new Date(Date.UTC(2015, 0, 1));
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

async function main(): Promise<void> {
  const sizes = (process.argv.find((a) => a.startsWith('--rows='))?.slice(7) ?? '100000,1000000')
    .split(',')
    .map(Number);
  const aggregateRows = Number(process.argv.find((a) => a.startsWith('--aggregate-rows='))?.slice(17) ?? 10_000);
  const work = mkdtempSync(join(tmpdir(), 'smart-spend-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`bench:ingest: starting embedded PostgreSQL in ${work}`);
  const database = await startEmbeddedDatabase({ dataDir: join(work, 'pg') });
  const { db, sql } = createPostgresDatabase({ url: database.ownerUrl, max: 4 });
  await runMigrations(db, loadMigrations());
  const logger = new Logger({ serviceName: 'bench', logLevel: 'ERROR' });
  const blobs = new FileBlobStore(join(work, 'objects'), () => {
    throw new Error('not used');
  });
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  try {
    for (const rows of sizes) {
      const userId = randomUUID();
      const uploadId = randomUUID();
      const key = uploadObjectKey(userId, uploadId, `statement-${rows}.csv`);
      const path = blobs.pathOf(key);
      await import('node:fs/promises').then((fs) => fs.mkdir(join(path, '..'), { recursive: true }));
      log(`bench:ingest: writing a ${rows.toLocaleString('en')}-row statement`);
      await writeStatement(path, rows);
      const handler = createParserHandler({
        store: new PostgresImportStore(db),
        blobs,
        categoriseQueue: { send: async () => undefined },
        forecastQueue: { send: async () => undefined },
        openStatement,
        redact,
        limits: { maxBytes: 1024 * 1024 * 1024, maxRows: 5_000_000, insertBatchSize: 2000, progressEvery: 100_000 },
        logger,
        onProgress: (counts) =>
          log(
            `  … ${counts.rowsRead.toLocaleString('en')} rows read, ${counts.imported.toLocaleString('en')} imported`,
          ),
      });
      global.gc?.();
      peakRss = process.memoryUsage().rss;
      const started = performance.now();
      await handler({ Records: [{ s3: { object: { key, size: statSync(path).size } } }] } as unknown as S3Event);
      const ingestSeconds = (performance.now() - started) / 1000;
      const ingestPeakRssMb = peakRss / 1024 / 1024;
      const scoped = <T>(work: (tx: typeof sql) => Promise<T>) =>
        sql.begin(async (tx) => {
          await tx`select set_config('app.user_id', ${userId}, true)`;
          return work(tx as unknown as typeof sql);
        }) as Promise<T>;
      const count = await scoped(
        async (tx) =>
          (
            await tx<{ count: number }[]>`select count(*)::int as count from transactions where upload_id = ${uploadId}`
          )[0].count,
      );

      log('bench:ingest: COPY of the same normalised rows into an identical empty table');
      await sql`drop table if exists copy_reference`;
      // Same columns, defaults, indexes and foreign key as transactions; only row-level
      // security is missing, because COPY FROM refuses a table that has it.
      await sql`create table copy_reference (like transactions including defaults including indexes)`;
      await sql`alter table copy_reference add foreign key (account_id) references accounts (id) on delete cascade`;
      const exported = join(work, `rows-${rows}.copy`);
      // The normalised rows as the import stored them, in COPY's text format.
      await scoped(async (tx) => {
        const file = createWriteStream(exported);
        const escape = (value: unknown) =>
          value === null
            ? '\\N'
            : String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
        const rowsCursor =
          tx`select id, user_id, account_id, upload_id, date::text as date, amount, currency, description, balance, fingerprint
          from transactions where upload_id = ${uploadId}`.cursor(20_000);
        for await (const chunk of rowsCursor) {
          const text = chunk
            .map((r) =>
              [
                r.id,
                r.user_id,
                r.account_id,
                r.upload_id,
                r.date,
                r.amount,
                r.currency,
                r.description,
                r.balance,
                r.fingerprint,
              ]
                .map(escape)
                .join('\t'),
            )
            .join('\n');
          if (!file.write(`${text}\n`)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
        }
        await new Promise<void>((resolve, reject) =>
          file.end((error?: Error | null) => (error ? reject(error) : resolve())),
        );
      });
      const copyStarted = performance.now();
      const into =
        await sql`copy copy_reference (id, user_id, account_id, upload_id, date, amount, currency, description, balance, fingerprint) from stdin`.writable();
      await pipeline((await import('node:fs')).createReadStream(exported), into);
      const copySeconds = (performance.now() - copyStarted) / 1000;
      await sql`drop table copy_reference`;

      const result = {
        bench: 'ingest',
        rows,
        imported: count,
        ingestRowsPerSecond: Math.round(count / ingestSeconds),
        copyRowsPerSecond: Math.round(count / copySeconds),
        ingestToCopyRatio: Number((copySeconds / ingestSeconds).toFixed(3)),
        peakRssMb: Math.round(ingestPeakRssMb),
        fileMb: Number((statSync(path).size / 1024 / 1024).toFixed(1)),
      };
      process.stdout.write(`${JSON.stringify(result)}\n`);
      rmSync(path);
      rmSync(exported);
    }
    await aggregateOverhead({ rows: aggregateRows, work, blobs, db, sql, logger, log });
  } finally {
    clearInterval(sampler);
    await db.destroy();
    await database.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * What the maintained aggregates (migration 200's statement-level triggers) cost an import:
 * the same 10,000-row statement imported by fresh people with the triggers on and off,
 * alternately, 3 times each (medians), and whether the aggregates equal a full
 * recomputation afterwards. One JSON line.
 */
async function aggregateOverhead(options: {
  rows: number;
  work: string;
  blobs: FileBlobStore;
  db: ReturnType<typeof createPostgresDatabase>['db'];
  sql: ReturnType<typeof createPostgresDatabase>['sql'];
  logger: Logger;
  log: (line: string) => void;
}): Promise<void> {
  const { rows, blobs, db, sql, logger, log } = options;
  const { recomputedAggregates, storedAggregates } =
    await import('../lambdas/adapters/postgres/repositories/aggregates');
  const { withUser } = await import('../lambdas/adapters/postgres/user-scope');
  const source = join(options.work, `aggregates-${rows}.csv`);
  await writeStatement(source, rows);
  const importOnce = async (): Promise<{ seconds: number; userId: string }> => {
    const userId = randomUUID();
    const key = uploadObjectKey(userId, randomUUID(), 'statement.csv');
    const path = blobs.pathOf(key);
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(join(path, '..'), { recursive: true });
      await fs.copyFile(source, path);
    });
    const handler = createParserHandler({
      store: new PostgresImportStore(db),
      blobs,
      categoriseQueue: { send: async () => undefined },
      forecastQueue: { send: async () => undefined },
      openStatement,
      redact,
      logger,
      limits: { maxBytes: 1024 * 1024 * 1024, maxRows: 5_000_000, insertBatchSize: 2000, progressEvery: 1_000_000 },
    });
    const started = performance.now();
    await handler({ Records: [{ s3: { object: { key, size: statSync(path).size } } }] } as unknown as S3Event);
    return { seconds: (performance.now() - started) / 1000, userId };
  };
  const setTriggers = (on: boolean) =>
    sql.unsafe(`alter table transactions ${on ? 'enable' : 'disable'} trigger monthly_aggregates_insert`);
  const withTriggers: number[] = [];
  const without: number[] = [];
  let exact = true;
  await importOnce(); // warm-up: plans, caches
  try {
    for (let round = 0; round < 3; round += 1) {
      log(
        `bench:ingest: aggregates round ${round + 1}/3 (${rows.toLocaleString('en')} rows with and without the triggers)`,
      );
      await setTriggers(false);
      without.push((await importOnce()).seconds);
      await setTriggers(true);
      const run = await importOnce();
      withTriggers.push(run.seconds);
      const [stored, recomputed] = await withUser(db, run.userId, async (trx) => [
        await storedAggregates(trx),
        await recomputedAggregates(trx),
      ]);
      exact &&= stored.length > 0 && JSON.stringify(stored) === JSON.stringify(recomputed);
    }
  } finally {
    await setTriggers(true);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const on = median(withTriggers);
  const off = median(without);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'ingest-aggregates',
      rows,
      secondsWithAggregates: Number(on.toFixed(3)),
      secondsWithout: Number(off.toFixed(3)),
      aggregateOverheadRatio: Number((on / off - 1).toFixed(3)),
      aggregatesExact: exact,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
