/**
 * npm run bench:ingest [-- --rows 100000,1000000]
 *
 * Generates bank statements of 100,000 and 1,000,000 rows, imports each through the real
 * parser handler path (S3-shaped event → detect → stream-parse → redact → fingerprint →
 * batched INSERT … ON CONFLICT) into a real embedded PostgreSQL, then COPYs the very same
 * normalised rows into an identical empty table of the same database in the same run, as
 * the physical reference (COPY refuses a table under row-level security), and sends the same
 * rows through the import's own database path (PostgresImportStore, RLS, triggers and all) for
 * another person without any parsing: the ceiling of this design. ingestVsDatabasePath near 1
 * means parsing is hidden behind the database; databasePathVsCopy is what the write path
 * (row-level security, ON CONFLICT, RETURNING, triggers) costs against the bare table.
 * The machine is shared: compare only the ratios of one run. Progress on stderr, one JSON line
 * per size on stdout.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { startEmbeddedDatabase } from '../lambdas/adapters/local/embedded-database';
import { FileBlobStore } from '../lambdas/adapters/local/file-blob-store';
import { loadMigrations } from '../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import type { Db } from '../lambdas/adapters/postgres/schema';
import { emptyColumns } from '../lambdas/core/import/prepare-rows';
import { uploadObjectKey } from '../lambdas/core/import/upload-key';
import { uuidV7 } from '../lambdas/core/import/uuid-v7';
import { cpuSeconds, cpuSince } from './process-cpu';
import { importStore, ingestThroughParser, writeStatement } from './statement-file';
import type postgres from 'postgres';
import { settleDatabase } from './settle-database';

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
      await settleDatabase(database.adminUrl);
      global.gc?.();
      peakRss = process.memoryUsage().rss;
      const cpuBeforeIngest = cpuSeconds();
      const ingestSeconds = await ingestThroughParser({ db, sql }, blobs, key, (counts) =>
        log(`  … ${counts.rowsRead.toLocaleString('en')} rows read, ${counts.imported.toLocaleString('en')} imported`),
      );
      const ingestPeakRssMb = peakRss / 1024 / 1024;
      const ingestCpu = cpuSince(cpuBeforeIngest);
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
          tx`select id, user_id, account_id, upload_id, date::text as date, amount, currency, description, balance, fingerprint, merchant
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
                r.merchant,
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
      await settleDatabase(database.adminUrl);
      const copyStarted = performance.now();
      const into =
        await sql`copy copy_reference (id, user_id, account_id, upload_id, date, amount, currency, description, balance, fingerprint, merchant) from stdin`.writable();
      await pipeline((await import('node:fs')).createReadStream(exported), into);
      const copySeconds = (performance.now() - copyStarted) / 1000;
      await sql`drop table copy_reference`;

      log("bench:ingest: the same normalised rows through the import's database path (no parsing), for another person");
      await settleDatabase(database.adminUrl);
      const cpuBeforeDatabasePath = cpuSeconds();
      const databasePathSeconds = await throughDatabasePath({ db, sql }, exported);
      const databasePathCpu = cpuSince(cpuBeforeDatabasePath);

      // The parser Lambda's way, rows prepared on the import's own thread: the same file for a
      // third person (so none is a duplicate), last, into the fullest table.
      log("bench:ingest: the same statement with the rows prepared on the import's own thread (the Lambda's way)");
      const inThreadKey = uploadObjectKey(randomUUID(), randomUUID(), `statement-${rows}.csv`);
      await import('node:fs/promises').then(async (fs) => {
        await fs.mkdir(join(blobs.pathOf(inThreadKey), '..'), { recursive: true });
        await fs.rename(path, blobs.pathOf(inThreadKey));
      });
      await settleDatabase(database.adminUrl);
      global.gc?.();
      peakRss = process.memoryUsage().rss;
      const cpuBeforeInThread = cpuSeconds();
      const inThreadSeconds = await ingestThroughParser({ db, sql }, blobs, inThreadKey, undefined, 'thread');
      const inThreadCpu = cpuSince(cpuBeforeInThread);
      const inThreadPeakRssMb = peakRss / 1024 / 1024;
      const fileMb = Number((statSync(blobs.pathOf(inThreadKey)).size / 1024 / 1024).toFixed(1));
      rmSync(blobs.pathOf(inThreadKey));

      const result = {
        bench: 'ingest',
        insert: process.env.BENCH_INSERT === 'copy' ? 'copy' : 'unnest',
        rows,
        imported: count,
        ingestRowsPerSecond: Math.round(count / ingestSeconds),
        copyRowsPerSecond: Math.round(count / copySeconds),
        databasePathRowsPerSecond: Math.round(count / databasePathSeconds),
        ingestVsDatabasePath: Number((databasePathSeconds / ingestSeconds).toFixed(3)),
        // The same file with the rows prepared in-thread (the parser Lambda's way), in the same run.
        inThreadRowsPerSecond: Math.round(count / inThreadSeconds),
        inThreadVsDatabasePath: Number((databasePathSeconds / inThreadSeconds).toFixed(3)),
        ingestVsCopy: Number((copySeconds / ingestSeconds).toFixed(3)),
        databasePathVsCopy: Number((copySeconds / databasePathSeconds).toFixed(3)),
        peakRssMb: Math.round(ingestPeakRssMb),
        inThreadPeakRssMb: Math.round(inThreadPeakRssMb),
        fileMb,
        // CPU seconds per 100,000 rows, of this process (parsing, serialising) and of PostgreSQL.
        ingestCpuPer100k: perHundredThousand(ingestCpu, count),
        databasePathCpuPer100k: perHundredThousand(databasePathCpu, count),
        inThreadCpuPer100k: perHundredThousand(inThreadCpu, count),
        loadAverage: Number(loadavg()[0].toFixed(2)),
      };
      process.stdout.write(`${JSON.stringify(result)}\n`);
      rmSync(exported);
    }
    await aggregateOverhead({ rows: aggregateRows, work, blobs, db, sql, log });
  } finally {
    clearInterval(sampler);
    await db.destroy();
    await database.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function perHundredThousand(cpu: { node: number; postgres: number }, rows: number) {
  const scale = 100_000 / Math.max(rows, 1);
  return { node: Number((cpu.node * scale).toFixed(2)), postgres: Number((cpu.postgres * scale).toFixed(2)) };
}

/**
 * The rows of a COPY text file, as the import hands them to its store (new ids, fingerprints kept:
 * another person, so none is a duplicate), inserted as columns by PostgresImportStore batch after
 * batch, 2,000 at a time, exactly as the import inserts them. The next batch is read while one is inserted. Returns seconds.
 */
async function throughDatabasePath(
  database: { db: Db; sql: postgres.Sql<Record<string, unknown>> },
  copyFile: string,
): Promise<number> {
  const store = importStore(database);
  const userId = randomUUID();
  const uploadId = randomUUID();
  await store.beginUpload(userId, uploadId, {
    filename: 'database-path.csv',
    objectKey: `uploads/${userId}/${uploadId}/database-path.csv`,
  });
  const { accountId } = await store.chooseAccount(userId, {});
  const lines = createInterface({ input: createReadStream(copyFile), crlfDelay: Infinity });
  const value = (field: string) => (field === '\\N' ? null : field);
  const started = performance.now();
  let inserting: Promise<unknown> = Promise.resolve();
  let batch = emptyColumns(uploadId);
  for await (const line of lines) {
    const [, , , , date, amount, currency, description, balance, fingerprint, merchant] = line.split('\t');
    batch.ids.push(uuidV7());
    batch.accountIds.push(accountId);
    batch.dates.push(date);
    batch.amounts.push(Number(amount));
    batch.currencies.push(currency);
    batch.descriptions.push(description);
    batch.balances.push(value(balance) === null ? null : Number(balance));
    batch.fingerprints.push(fingerprint);
    batch.merchants.push(value(merchant));
    if (batch.ids.length === 2000) {
      await inserting;
      inserting = store.insertTransactionColumns(userId, batch);
      batch = emptyColumns(uploadId);
    }
  }
  await inserting;
  if (batch.ids.length > 0) await store.insertTransactionColumns(userId, batch);
  return (performance.now() - started) / 1000;
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
  log: (line: string) => void;
}): Promise<void> {
  const { rows, blobs, db, sql, log } = options;
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
    return { seconds: await ingestThroughParser({ db, sql }, blobs, key, undefined, 'thread'), userId };
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
