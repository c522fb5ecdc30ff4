/**
 * What every scheduled task (Fargate on AWS, `npm run job:…` locally) starts with: the database
 * it works across people in, and the one JSON line of its summary. DATABASE_URL names a
 * PostgreSQL reached with postgres.js; without it, the task is on AWS and reaches Aurora
 * through the Data API, configured as the Lambdas are.
 */
import { createDataApiDatabase } from '../adapters/aws/data-api-database';
import { readConfig } from '../adapters/aws/config';
import { createPostgresDatabase } from '../adapters/postgres/postgres-database';
import type { Database, Db } from '../adapters/postgres/schema';
import { databaseConfig } from '../handlers/aws-context';

export function openTaskDatabase(): Db {
  if (process.env.DATABASE_URL) return createPostgresDatabase({ url: process.env.DATABASE_URL, max: 2 }).db;
  const config = readConfig(databaseConfig);
  return createDataApiDatabase<Database>({
    resourceArn: config.DATABASE_CLUSTER_ARN,
    secretArn: config.DATABASE_SECRET_ARN,
    database: config.DATABASE_NAME,
  });
}

/**
 * Runs a task's work against the task database and writes its summary as one JSON line on
 * stdout (progress goes to stderr); a failure exits 1 with its message, and the database is
 * closed either way.
 */
export function runTask(job: string, work: (db: Db, progress: (line: string) => void) => Promise<object>): void {
  const main = async () => {
    const started = performance.now();
    const db = openTaskDatabase();
    try {
      const summary = await work(db, (line) => process.stderr.write(`${line}\n`));
      process.stdout.write(
        `${JSON.stringify({ job, ...summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) })}\n`,
      );
    } finally {
      await db.destroy();
    }
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${job} failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
