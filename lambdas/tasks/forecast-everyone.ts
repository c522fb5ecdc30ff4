/**
 * The nightly forecast job (Fargate on AWS, `npm run job:forecast` locally): refits every person's
 * monthly series and stores the forecasts with the rolling-origin error spread their intervals
 * came from, so the month turning over or a quiet night still leaves everyone with a fresh forecast.
 * Progress goes to stderr; the summary is one JSON line on stdout.
 */
import { createDataApiDatabase } from '../adapters/aws/data-api-database';
import { readConfig } from '../adapters/aws/config';
import { createPostgresDatabase } from '../adapters/postgres/postgres-database';
import type { Database, Db } from '../adapters/postgres/schema';
import { listUserIds, withUser } from '../adapters/postgres/user-scope';
import { refitForecasts } from '../app/refit-forecasts';
import { databaseConfig } from '../handlers/aws-context';

export async function forecastEveryone(
  db: Db,
  progress: (line: string) => void,
  today = new Date(),
): Promise<{ users: number; series: number; withForecast: number; slowestMilliseconds: number }> {
  const users = await listUserIds(db);
  let series = 0;
  let withForecast = 0;
  let slowest = 0;
  for (const [index, userId] of users.entries()) {
    const started = performance.now();
    const result = await withUser(db, userId, (trx) => refitForecasts(trx, userId, today));
    slowest = Math.max(slowest, performance.now() - started);
    series += result.series;
    withForecast += result.withForecast;
    progress(`forecast: ${index + 1}/${users.length} people, ${series} series, ${withForecast} with a forecast`);
  }
  return { users: users.length, series, withForecast, slowestMilliseconds: Math.round(slowest) };
}

async function main(): Promise<void> {
  const started = performance.now();
  let db: Db;
  if (process.env.DATABASE_URL) {
    db = createPostgresDatabase({ url: process.env.DATABASE_URL, max: 2 }).db;
  } else {
    const config = readConfig(databaseConfig);
    db = createDataApiDatabase<Database>({
      resourceArn: config.DATABASE_CLUSTER_ARN,
      secretArn: config.DATABASE_SECRET_ARN,
      database: config.DATABASE_NAME,
    });
  }
  try {
    const summary = await forecastEveryone(db, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(
      `${JSON.stringify({ job: 'forecast', ...summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) })}\n`,
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`forecast job failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
