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
 * A fresh, migrated database of its own for one test file, in the run's real PostgreSQL,
 * reached as the application role (no superuser: row-level security applies).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error('DATABASE_ADMIN_URL is not set: jest globalSetup starts the database');
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await ensureRoleAndDatabase(adminUrl, name);
  const url = appUrlFor(adminUrl, name);
  const { db, sql } = createPostgresDatabase({ url, max: 5 });
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
