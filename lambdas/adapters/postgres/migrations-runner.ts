import { sql } from 'kysely';
import type { Db } from './schema';
import { splitSqlStatements } from './split-sql';

export interface Migration {
  /** File name; migrations apply in name order, each once. */
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Any fixed number: the advisory lock that keeps two deploys (or starts) from racing. */
const MIGRATION_LOCK_KEY = 727_274_001;

/**
 * Name order with numbers compared as numbers, so that 1000_x runs after 999_y (a plain string
 * comparison would put it between 100_ and 150_). Three-digit names keep their order.
 */
export function byMigrationNumber(a: Migration, b: Migration): number {
  return a.name.localeCompare(b.name, 'en', { numeric: true });
}

/**
 * Applies every migration not applied yet, each in its own transaction, one statement per
 * call so that the same runner works through postgres.js locally and the Data API on AWS.
 * Returns the names applied by this run.
 */
export async function runMigrations(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`.execute(db);
  const ordered = [...migrations].sort(byMigrationNumber);
  const applied: string[] = [];
  for (const migration of ordered) {
    const ran = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const done = await trx
        .selectFrom('schema_migrations')
        .select('name')
        .where('name', '=', migration.name)
        .executeTakeFirst();
      if (done) return false;
      const statements = splitSqlStatements(migration.sql);
      for (const [index, statement] of statements.entries()) {
        try {
          await sql.raw(statement).execute(trx);
        } catch (error) {
          throw new MigrationError(`migration ${migration.name}, statement ${index + 1}: ${(error as Error).message}`, {
            cause: error,
          });
        }
      }
      await trx.insertInto('schema_migrations').values({ name: migration.name }).execute();
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
