/**
 * npm run bench:e2e [-- --rows=100000 --stored=300000 --file=STATEMENT.csv]
 *
 * What a person waits for: a generated statement PUT to `npm start`'s upload URL, timed until
 * GET /uploads/{id} says `complete` (parsed, stored and categorised). In the same run and on the
 * same PostgreSQL, the same statement goes through bench:ingest's path (the parser with
 * categorising stubbed) for another person, as the reference: e2eVsIngest is their ratio. Then
 * both again for two people who already have `--stored` rows (older years) in the database.
 * With --file, a real statement instead of the generated one (whose every row is decided on insert):
 * the rows tiers 1–2 are unsure of then go through the categoriser, as a real first import's do.
 * The machine is shared: only the ratios measured in one run mean anything. Progress on
 * stderr, one JSON line on stdout.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { sql } from 'kysely';
import type postgres from 'postgres';
import { ADMIN_PASSWORD, ownerUrlFor } from '../lambdas/adapters/local/database-roles';
import { FileBlobStore } from '../lambdas/adapters/local/file-blob-store';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import type { Db } from '../lambdas/adapters/postgres/schema';
import { withUser } from '../lambdas/adapters/postgres/user-scope';
import { uploadObjectKey } from '../lambdas/core/import/upload-key';
import { ingestThroughParser, writeStatement } from './statement-file';
import { settleDatabase } from './settle-database';
import { cpuSeconds, cpuSince, type CpuSeconds } from './process-cpu';

const ROOT = resolve(__dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);
const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

/**
 * `npm start`'s entry in its own process, exactly as a person runs it (its own embedded
 * PostgreSQL under `home`, the app, owner and jobs roles); resolves with its API URL and the
 * owner's URL of that database, which the reference ingest shares.
 */
async function startLocalStack(home: string) {
  const child = spawn(
    process.execPath,
    // BENCH_PROFILE_DIR=dir: a CPU profile of npm start's process is written there when it stops.
    [
      ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
      '--import',
      'tsx',
      join(ROOT, 'lambdas/local/start.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        SMART_SPEND_HOME: home,
        DATABASE_URL: '',
        MAX_UPLOAD_ROWS: '5000000',
        MAX_UPLOAD_BYTES: String(1024 ** 3),
        LOG_LEVEL: 'ERROR',
        // One person polling 10 times a second with a million rows a month: not what the limits are for.
        LIMIT_ROWS_PER_MONTH: '100000000',
        LIMIT_REQUESTS_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const match = /API:\s+(http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  // The embedded server's port is the fourth line of its postmaster.pid.
  const port = readFileSync(join(home, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    .trim();
  const adminUrl = `postgres://postgres:${ADMIN_PASSWORD}@127.0.0.1:${port}/postgres`;
  const ownerUrl = ownerUrlFor(adminUrl, 'smart_spend');
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGINT');
    });
  return { url, ownerUrl, adminUrl, stop };
}

async function call(
  url: string,
  init: { method: string; token?: string; body?: unknown; headers?: Record<string, string> },
) {
  const response = await fetch(url, {
    method: init.method,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body && !(init.body instanceof Buffer) ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : init.body instanceof Buffer ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method} ${url}: ${response.status} ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Upload → complete through the local API, as a person (or the web app) would; returns seconds and rows imported. */
async function uploadAndWait(
  api: string,
  userId: string,
  file: Buffer,
): Promise<{ seconds: number; putSeconds: number; readSeconds: number; imported: number }> {
  const { token } = (await call(`${api}/local/token`, { method: 'POST', body: { userId } })) as { token: string };
  const upload = (await call(`${api}/uploads`, { method: 'POST', token, body: { filename: 'statement.csv' } })) as {
    uploadId: string;
    uploadUrl: string;
    headers: Record<string, string>;
  };
  const started = performance.now();
  await call(upload.uploadUrl, { method: 'PUT', body: file, headers: upload.headers });
  const putSeconds = (performance.now() - started) / 1000;
  let readSeconds: number | null = null;
  for (;;) {
    const state = (await call(`${api}/uploads/${upload.uploadId}`, { method: 'GET', token })) as {
      status: string;
      imported: number;
      failureReason: string | null;
    };
    const seconds = (performance.now() - started) / 1000;
    // The file is read (every row stored) once the upload leaves 'parsing': the rest is categorising.
    if (readSeconds === null && (state.status === 'categorising' || state.status === 'complete')) readSeconds = seconds;
    if (state.status === 'complete')
      return { seconds, putSeconds, readSeconds: readSeconds ?? seconds, imported: state.imported };
    if (state.status === 'failed') throw new Error(`the upload failed: ${state.failureReason}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

/** Gives a person `rows` categorised rows from years before the benchmark's statement. */
async function storeHistory(
  database: { db: Db; sql: postgres.Sql<Record<string, unknown>> },
  blobs: FileBlobStore,
  userId: string,
  rows: number,
): Promise<void> {
  const key = uploadObjectKey(userId, randomUUID(), 'history.csv');
  await writeStatement(blobs.pathOf(key), rows, 1980);
  await ingestThroughParser(database, blobs, key);
  await withUser(database.db, userId, (trx) =>
    sql`update transactions set category = 'Groceries', category_source = 'model' where category is null`.execute(trx),
  );
  rmSync(blobs.pathOf(key));
}

/**
 * With --activity: samples pg_stat_activity every 100 ms while an upload runs and prints, on
 * stderr, how many backends were busy on average and what they were doing (the statement's
 * first words, or the lock they waited for): where the database's time goes.
 */
function sampleActivity(adminUrl: string): { stop: () => Promise<void> } {
  if (!process.argv.includes('--activity')) return { stop: async () => undefined };
  // The superuser: other roles' sessions show no state or query to a plain role.
  const { sql, db } = createPostgresDatabase({ url: adminUrl.replace(/\/postgres$/, '/smart_spend'), max: 1 });
  const seen = new Map<string, number>();
  let samples = 0;
  let busy = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sql<{ what: string }[]>`
        select coalesce(wait_event_type || ':' || wait_event || ' ', '') || left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 50) as what
        from pg_stat_activity
        where datname = 'smart_spend' and pid <> pg_backend_pid() and state = 'active'`;
      samples += 1;
      busy += rows.length;
      for (const row of rows) seen.set(row.what, (seen.get(row.what) ?? 0) + 1);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop.then(async () => {
        const [table] = await sql<{ updates: number; hot: number; pages: number }[]>`
          select n_tup_upd::int as updates, n_tup_hot_upd::int as hot, pg_relation_size('public.transactions')::bigint / 8192 as pages
          from pg_stat_user_tables where relname = 'transactions'`;
        await db.destroy();
        log(
          `  transactions: ${table.updates} rows updated so far, ${table.hot} of them in place (HOT), ${table.pages} pages`,
        );
        log(
          `  pg_stat_activity: ${samples} samples, ${(busy / Math.max(samples, 1)).toFixed(2)} busy backends on average`,
        );
        for (const [what, n] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
          log(`    ${(n / Math.max(samples, 1)).toFixed(2)}  ${what}`);
        }
      });
    },
  };
}

/**
 * Waits until `npm start` has no message left in its queues: the forecast and insights job an
 * upload queues once complete runs in that process, and a reference ingest timed beside it would
 * share the cores with it (and read slower than it is). Returns the seconds waited.
 */
async function queuesDrained(adminUrl: string): Promise<number> {
  const { sql, db } = createPostgresDatabase({ url: adminUrl.replace(/\/postgres$/, '/smart_spend'), max: 1 });
  const started = performance.now();
  try {
    for (;;) {
      const [{ waiting }] = await sql<{ waiting: number }[]>`
        select count(*)::int as waiting from queue_messages where dead_at is null`;
      if (waiting === 0) return (performance.now() - started) / 1000;
      await new Promise((wait) => setTimeout(wait, 100));
    }
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const rows = arg('rows', 100_000);
  const stored = arg('stored', 300_000);
  const work = mkdtempSync(join(tmpdir(), 'smart-spend-bench-e2e-'));
  // As root, the embedded server runs as the 'postgres' user, which must pass through this folder.
  chmodSync(work, 0o755);
  const stack = await startLocalStack(join(work, 'home'));
  log(`bench:e2e: npm start answers at ${stack.url}`);
  // The tables' owner, under the same forced row-level security as the app role.
  const connection = createPostgresDatabase({ url: stack.ownerUrl, max: 4 });
  const { db } = connection;
  const blobs = new FileBlobStore(join(work, 'objects'), () => {
    throw new Error('not used');
  });
  const realFile = process.argv.find((a) => a.startsWith('--file='))?.slice('--file='.length);
  const statementPath = realFile ?? join(work, 'statement.csv');
  if (!realFile) await writeStatement(statementPath, rows);
  const file = readFileSync(statementPath);

  const measure = async (history: number) => {
    // A real file is the same rows both times: its second reference ingest is another person's.
    const [ingestPerson, e2ePerson, secondIngestPerson] = [randomUUID(), randomUUID(), randomUUID()];
    const people = realFile ? [ingestPerson, e2ePerson, secondIngestPerson] : [ingestPerson, e2ePerson];
    if (history > 0) {
      log(`bench:e2e: storing ${history.toLocaleString('en')} rows for each of ${people.length} people`);
      for (const person of people) await storeHistory(connection, blobs, person, history);
      // A person's history was stored long before their next upload: at rest, vacuumed and flushed.
      await settleDatabase(stack.adminUrl);
    }
    // The reference ingest runs just before and just after the upload (a statement of later years
    // the second time) and their mean is taken: the shared machine's load drifts within minutes.
    // CPU seconds of each phase, by part: this process (the reference ingest), npm start's
    // process (the upload) and PostgreSQL (both): where a slower upload spends its extra seconds.
    const ingestCpu: CpuSeconds[] = [];
    const ingestOnce = async (person: string, firstYear: number) => {
      log(`bench:e2e: the statement through bench:ingest's path (categorising stubbed)`);
      const key = uploadObjectKey(person, randomUUID(), 'statement.csv');
      if (realFile) {
        mkdirSync(dirname(blobs.pathOf(key)), { recursive: true });
        copyFileSync(realFile, blobs.pathOf(key));
      } else await writeStatement(blobs.pathOf(key), rows, firstYear);
      const cpuBefore = cpuSeconds();
      const seconds = await ingestThroughParser(connection, blobs, key);
      ingestCpu.push(cpuSince(cpuBefore));
      return seconds;
    };
    const before = await ingestOnce(ingestPerson, 2015);
    log(`bench:e2e: the same statement PUT to npm start, until complete`);
    const sampling = sampleActivity(stack.adminUrl);
    const cpuBeforeUpload = cpuSeconds();
    const e2e = await uploadAndWait(stack.url, e2ePerson, file).finally(sampling.stop);
    const uploadCpu = cpuSince(cpuBeforeUpload);
    const forecastSeconds = await queuesDrained(stack.adminUrl);
    log(`bench:e2e: the forecast and insights job queued on completion ran ${forecastSeconds.toFixed(1)} s more`);
    const ingestSeconds = (before + (await ingestOnce(realFile ? secondIngestPerson : ingestPerson, 2030))) / 2;
    const round = (seconds: number) => Number(seconds.toFixed(2));
    return {
      ingestRowsPerSecond: Math.round((realFile ? e2e.imported : rows) / ingestSeconds),
      uploadToCompleteRowsPerSecond: Math.round(e2e.imported / e2e.seconds),
      seconds: {
        ingest: round(ingestSeconds),
        // The PUT answers once the file is stored, before it is read: the rest of uploadToRead is the import.
        uploadPut: round(e2e.putSeconds),
        uploadToRead: round(e2e.readSeconds),
        uploadToComplete: round(e2e.seconds),
        // After complete: the job npm start ran before the second reference ingest could start.
        forecastAfterComplete: round(forecastSeconds),
      },
      cpuSeconds: {
        ingest: {
          node: round((ingestCpu[0].node + ingestCpu[1].node) / 2),
          postgres: round((ingestCpu[0].postgres + ingestCpu[1].postgres) / 2),
        },
        upload: { npmStart: round(uploadCpu.children), postgres: round(uploadCpu.postgres) },
      },
    };
  };

  try {
    const fresh = await measure(0);
    const withHistory = await measure(stored);
    const result = {
      bench: 'e2e',
      ...(realFile ? { file: basename(realFile) } : { rows }),
      uploadToCompleteRowsPerSecond: fresh.uploadToCompleteRowsPerSecond,
      ingestRowsPerSecond: fresh.ingestRowsPerSecond,
      e2eVsIngest: Number((fresh.uploadToCompleteRowsPerSecond / fresh.ingestRowsPerSecond).toFixed(3)),
      stored,
      uploadToCompleteRowsPerSecondWithStored: withHistory.uploadToCompleteRowsPerSecond,
      ingestRowsPerSecondWithStored: withHistory.ingestRowsPerSecond,
      e2eVsIngestWith300kStored: Number(
        (withHistory.uploadToCompleteRowsPerSecond / withHistory.ingestRowsPerSecond).toFixed(3),
      ),
      // Where the time went: seconds to read the file and to complete, and the reference ingest's;
      // the CPU seconds each part spent (two cores: a phase takes at least half their sum).
      seconds: { fresh: fresh.seconds, withStored: withHistory.seconds },
      cpuSeconds: { fresh: fresh.cpuSeconds, withStored: withHistory.cpuSeconds },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.destroy();
    await stack.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:e2e failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
