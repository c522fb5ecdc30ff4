/**
 * The nightly forecast job (Fargate on AWS, `npm run job:forecast` locally): refits every person's
 * monthly series and stores the forecasts with the rolling-origin error spread their intervals
 * came from, so the month turning over or a quiet night still leaves everyone with a fresh forecast.
 * Progress goes to stderr; the summary is one JSON line on stdout.
 */
import type { Db } from '../adapters/postgres/schema';
import { listUserIds, withUser } from '../adapters/postgres/user-scope';
import { refitForecasts } from '../app/refit-forecasts';
import { runTask } from './task-database';

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

if (require.main === module) {
  runTask('forecast', (db, progress) => forecastEveryone(db, progress));
}
