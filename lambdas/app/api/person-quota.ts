import { countImportedRowsSince, countUploadsSince } from '../../adapters/postgres/repositories/usage';
import type { UserTransaction } from '../../adapters/postgres/user-scope';
import { secondsUntilNext, type PersonLimits } from '../../core/person-limits';
import { tooManyRequests } from './problem';

const startOfDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
const startOfMonth = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** Refuses (429, Retry-After) an upload past the person's uploads per day or rows per month. */
export async function checkUploadQuota(trx: UserTransaction, limits: PersonLimits, now = new Date()): Promise<void> {
  if ((await countUploadsSince(trx, startOfDay(now))) >= limits.uploadsPerDay) {
    throw tooManyRequests(`at most ${limits.uploadsPerDay} uploads a day`, secondsUntilNext('day', now));
  }
  await checkRowQuota(trx, limits, 1, now);
}

/** Refuses (429, Retry-After) `adding` more rows past the person's rows per month. */
export async function checkRowQuota(
  trx: UserTransaction,
  limits: PersonLimits,
  adding: number,
  now = new Date(),
): Promise<void> {
  if ((await countImportedRowsSince(trx, startOfMonth(now))) + adding > limits.rowsPerMonth) {
    throw tooManyRequests(
      `at most ${limits.rowsPerMonth} transactions imported a month`,
      secondsUntilNext('month', now),
    );
  }
}
