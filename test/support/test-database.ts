import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { appUrlFor, ensureRoleAndDatabase, jobsUrlFor, ownerUrlFor } from '../../lambdas/adapters/local/database-roles';
import { loadMigrations } from '../../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../../lambdas/adapters/postgres/postgres-database';
import type { Db } from '../../lambdas/adapters/postgres/schema';

export interface TestDatabase {
  db: Db;
  url: string;
  sql: ReturnType<typeof createPostgresDatabase>['sql'];
  /** The tables' owner: what migrations run as. */
  ownerDb: Db;
  /** The jobs role: work across people (listUserIds). */
  jobsDb: Db;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file, in the run's real PostgreSQL,
 * reached as the application role (owns nothing, no superuser: row-level security applies;
 * migrations run as the owner, jobs across people as the jobs role). Every query
 * through `db` is refused when its answer would exceed what the RDS Data API sends (1 MiB),
 * so a read that would fail on Aurora fails here.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error('DATABASE_ADMIN_URL is not set: jest globalSetup starts the database');
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await ensureRoleAndDatabase(adminUrl, name);
  const url = appUrlFor(adminUrl, name);
  const owner = createPostgresDatabase({ url: ownerUrlFor(adminUrl, name), max: 1 });
  await runMigrations(owner.db, loadMigrations());
  const { db, sql } = createPostgresDatabase({ url, max: 5, refuseOverDataApiLimit: true });
  const jobs = createPostgresDatabase({ url: jobsUrlFor(adminUrl, name), max: 2, refuseOverDataApiLimit: true });
  return {
    db,
    url,
    sql,
    ownerDb: owner.db,
    jobsDb: jobs.db,
    close: async () => {
      await db.destroy();
      await owner.db.destroy();
      await jobs.db.destroy();
      const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
