/**
 * `npm run job:digest`: writes this week's digest into every person's outbox (locally the outbox
 * is where notifications are read: `GET /notifications`) and prints each digest written. On AWS
 * the same function runs weekly from EventBridge Scheduler in the mail Lambda, which e-mails it.
 * Uses DATABASE_URL, or the local stack's embedded database under SMART_SPEND_HOME (default ./.smart-spend) as its jobs role: the digest is work across people.
 */
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../adapters/local/embedded-database';
import { loadMigrations } from '../adapters/postgres/load-migrations';
import { runMigrations } from '../adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../adapters/postgres/postgres-database';
import { writeWeeklyDigests } from '../app/mail-outbox';

async function main(): Promise<void> {
  // The local stack's own database when no other is named (stop `npm start` first: one server per folder).
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedDatabase({ dataDir: join(process.env.SMART_SPEND_HOME || '.smart-spend', 'postgres') });
  const { db } = createPostgresDatabase({ url: process.env.DATABASE_URL || embedded!.jobsUrl, max: 2 });
  try {
    await runMigrations(db, loadMigrations());
    const today = process.argv.find((arg) => /^\d{4}-\d{2}-\d{2}$/.test(arg)) ?? new Date().toISOString().slice(0, 10);
    const digests = await writeWeeklyDigests(db, today);
    for (const digest of digests) process.stderr.write(`\n== ${digest.userId}\n${digest.title}\n\n${digest.body}\n`);
    process.stdout.write(`${JSON.stringify({ job: 'digest', today, digests: digests.length })}\n`);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`digest failed: ${(error as Error).message}\n`);
  process.exit(1);
});
