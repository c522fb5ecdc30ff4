import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../lambdas/adapters/local/embedded-database';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as Record<string, unknown>).__SMART_SPEND_TEST_DB__ as EmbeddedDatabase | undefined;
  if (!database) return;
  await database.stop();
  rmSync(database.dataDir, { recursive: true, force: true });
}
