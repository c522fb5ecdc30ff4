import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { appUrlFor, ensureRoleAndDatabase } from '../../lambdas/adapters/local/database-roles';
import { loadMigrations } from '../../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../../lambdas/adapters/postgres/postgres-database';
import type { Db } from '../../lambdas/adapters/postgres/schema';

export interface TestDatabase {
  db: Db;
  url: string;
  sql: ReturnType<typeof createPostgresDatabase>['sql'];
  close(): Promise<void>;
}

/**
 * Engineers whose rewrite of an unbounded read is under way (issue 22, item 4): only they may be
 * named in an exemption, and the lead removes each exemption when that work lands.
 */
export type DataApiLimitOwner = 'forecast' | 'categorise' | 'harden';

export interface TestDatabaseOptions {
  /**
   * Lets this database answer over the Data API's 1 MiB, for a test that fails only because of a
   * read someone else is rewriting. Say at the call site, in a comment, whose and which read.
   */
  exemptFromDataApiLimit?: { owner: DataApiLimitOwner; read: string };
}

/**
 * A fresh, migrated database of its own for one test file, in the run's real PostgreSQL,
 * reached as the application role (no superuser: row-level security applies). Every query
 * through `db` is refused when its answer would exceed what the RDS Data API sends (1 MiB),
 * so a read that would fail on Aurora fails here.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error('DATABASE_ADMIN_URL is not set: jest globalSetup starts the database');
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await ensureRoleAndDatabase(adminUrl, name);
  const url = appUrlFor(adminUrl, name);
  const { db, sql } = createPostgresDatabase({ url, max: 5, refuseOverDataApiLimit: !options.exemptFromDataApiLimit });
  await runMigrations(db, loadMigrations());
  return {
    db,
    url,
    sql,
    close: async () => {
      await db.destroy();
      const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
