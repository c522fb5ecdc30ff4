import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';

/**
 * Brings the embedded database to rest before a timed phase: dead rows vacuumed, statistics
 * current, dirty pages flushed. A phase that follows a million-row write otherwise shares the
 * 2 cores with autovacuum and a checkpoint of its predecessor's rows, at a moment that varies
 * run to run, and the later phases of one run read slower than the earlier ones for that alone.
 */
export async function settleDatabase(adminUrl: string, database = 'smart_spend'): Promise<void> {
  const { sql, db } = createPostgresDatabase({ url: adminUrl.replace(/\/postgres$/, `/${database}`), max: 1 });
  try {
    await sql`vacuum (analyze)`;
    await sql`checkpoint`;
  } finally {
    await db.destroy();
  }
}
