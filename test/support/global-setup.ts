import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../../lambdas/adapters/local/embedded-database';

/** Test folders that never touch PostgreSQL: a run limited to them starts no database. */
const DATABASE_FREE = /^(\.\/)?test\/(unit|cdk|adapters\/aws)(\/|$)/;

/**
 * One PostgreSQL cluster for the whole jest run: embedded, unless DATABASE_ADMIN_URL names
 * another server. Each test file makes its own database in it (test/support/test-database.ts).
 */
export default async function globalSetup(globalConfig: { testPathPattern?: string }): Promise<void> {
  if (process.env.DATABASE_ADMIN_URL) return;
  const patterns = (globalConfig.testPathPattern ?? '').split('|').filter(Boolean);
  if (patterns.length > 0 && patterns.every((pattern) => DATABASE_FREE.test(pattern))) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'smart-spend-test-pg-'));
  const database = await startEmbeddedDatabase({ dataDir });
  process.env.DATABASE_ADMIN_URL = database.adminUrl;
  (globalThis as Record<string, unknown>).__SMART_SPEND_TEST_DB__ = database;
}
