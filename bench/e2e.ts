/**
 * npm run bench:e2e [-- --rows=100000 --stored=300000]
 *
 * What a person waits for: a generated statement PUT to `npm start`'s upload URL, timed until
 * GET /uploads/{id} says `complete` (parsed, stored and categorised). In the same run and on the
 * same PostgreSQL, the same statement goes through bench:ingest's path (the parser with
 * categorising stubbed) for another person, as the reference: e2eVsIngest is their ratio. Then
 * both again for two people who already have `--stored` rows (older years) in the database.
 * The machine is shared: only the ratios measured in one run mean anything. Progress on
 * stderr, one JSON line on stdout.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import type postgres from 'postgres';
import { startEmbeddedDatabase } from '../lambdas/adapters/local/embedded-database';
import { FileBlobStore } from '../lambdas/adapters/local/file-blob-store';
import { loadMigrations } from '../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import type { Db } from '../lambdas/adapters/postgres/schema';
import { withUser } from '../lambdas/adapters/postgres/user-scope';
import { uploadObjectKey } from '../lambdas/core/import/upload-key';
import { ingestThroughParser, writeStatement } from './statement-file';

const ROOT = resolve(__dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);
const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

/** `npm start`'s entry in its own process, on the given database; resolves with its API URL. */
async function startLocalStack(databaseUrl: string, home: string) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'lambdas/local/start.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        SMART_SPEND_HOME: home,
        DATABASE_URL: databaseUrl,
        MAX_UPLOAD_ROWS: '5000000',
        MAX_UPLOAD_BYTES: String(1024 ** 3),
        LOG_LEVEL: 'ERROR',
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
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGINT');
    });
  return { url, stop };
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
): Promise<{ seconds: number; imported: number }> {
  const { token } = (await call(`${api}/local/token`, { method: 'POST', body: { userId } })) as { token: string };
  const upload = (await call(`${api}/uploads`, { method: 'POST', token, body: { filename: 'statement.csv' } })) as {
    uploadId: string;
    uploadUrl: string;
    headers: Record<string, string>;
  };
  const started = performance.now();
  await call(upload.uploadUrl, { method: 'PUT', body: file, headers: upload.headers });
  for (;;) {
    const state = (await call(`${api}/uploads/${upload.uploadId}`, { method: 'GET', token })) as {
      status: string;
      imported: number;
      failureReason: string | null;
    };
    if (state.status === 'complete') return { seconds: (performance.now() - started) / 1000, imported: state.imported };
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

async function main(): Promise<void> {
  const rows = arg('rows', 100_000);
  const stored = arg('stored', 300_000);
  const work = mkdtempSync(join(tmpdir(), 'smart-spend-bench-e2e-'));
  log(`bench:e2e: starting embedded PostgreSQL in ${work}`);
  const database = await startEmbeddedDatabase({ dataDir: join(work, 'pg') });
  // One DATABASE_URL plays every part (the local stack's rule): the tables' owner, under the
  // same forced row-level security as the app role.
  const connection = createPostgresDatabase({ url: database.ownerUrl, max: 4 });
  const { db } = connection;
  await runMigrations(db, loadMigrations());
  const blobs = new FileBlobStore(join(work, 'objects'), () => {
    throw new Error('not used');
  });
  const statementPath = join(work, 'statement.csv');
  await writeStatement(statementPath, rows);
  const file = readFileSync(statementPath);
  const stack = await startLocalStack(database.ownerUrl, join(work, 'home'));
  log(`bench:e2e: npm start answers at ${stack.url}`);

  const measure = async (history: number) => {
    const [ingestPerson, e2ePerson] = [randomUUID(), randomUUID()];
    if (history > 0) {
      log(`bench:e2e: storing ${history.toLocaleString('en')} rows for each of two people`);
      await storeHistory(connection, blobs, ingestPerson, history);
      await storeHistory(connection, blobs, e2ePerson, history);
    }
    log(`bench:e2e: ${rows.toLocaleString('en')} rows through bench:ingest's path (categorising stubbed)`);
    const key = uploadObjectKey(ingestPerson, randomUUID(), 'statement.csv');
    await writeStatement(blobs.pathOf(key), rows);
    const ingestSeconds = await ingestThroughParser(connection, blobs, key);
    log(`bench:e2e: the same statement PUT to npm start, until complete`);
    const e2e = await uploadAndWait(stack.url, e2ePerson, file);
    return {
      ingestRowsPerSecond: Math.round(rows / ingestSeconds),
      uploadToCompleteRowsPerSecond: Math.round(e2e.imported / e2e.seconds),
      e2eSeconds: e2e.seconds,
    };
  };

  try {
    const fresh = await measure(0);
    const withHistory = await measure(stored);
    const result = {
      bench: 'e2e',
      rows,
      uploadToCompleteRowsPerSecond: fresh.uploadToCompleteRowsPerSecond,
      ingestRowsPerSecond: fresh.ingestRowsPerSecond,
      e2eVsIngest: Number((fresh.uploadToCompleteRowsPerSecond / fresh.ingestRowsPerSecond).toFixed(3)),
      stored,
      uploadToCompleteRowsPerSecondWithStored: withHistory.uploadToCompleteRowsPerSecond,
      ingestRowsPerSecondWithStored: withHistory.ingestRowsPerSecond,
      e2eVsIngestWith300kStored: Number(
        (withHistory.uploadToCompleteRowsPerSecond / withHistory.ingestRowsPerSecond).toFixed(3),
      ),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await stack.stop();
    await db.destroy();
    await database.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:e2e failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
