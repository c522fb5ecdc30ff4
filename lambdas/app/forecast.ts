import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Db } from '../adapters/postgres/schema';
import { withUser } from '../adapters/postgres/user-scope';
import { forecastMessage } from '../core/messages';
import { detectInsights } from './detect-insights';
import { refitForecasts } from './refit-forecasts';
import { sqsBatchHandler } from './sqs-batch';

export interface ForecastDependencies {
  db: Db;
  logger: Logger;
  metrics?: Metrics;
  /** Today, for tests; the current month is never treated as complete. */
  now?: () => Date;
}

/** The forecast Lambda: after each import, refits every monthly series of the person and stores the forecasts. */
export function createForecastHandler(deps: ForecastDependencies) {
  return sqsBatchHandler(
    forecastMessage,
    async (message) => {
      const started = performance.now();
      const result = await withUser(deps.db, message.userId, (trx) =>
        refitForecasts(trx, message.userId, deps.now?.() ?? new Date()),
      );
      deps.logger.info('forecast computed', {
        userId: message.userId,
        ...result,
        milliseconds: Math.round(performance.now() - started),
      });
      const insights = await withUser(deps.db, message.userId, (trx) =>
        detectInsights(trx, message.userId, (deps.now?.() ?? new Date()).toISOString().slice(0, 10)),
      );
      deps.logger.info('insights computed', { userId: message.userId, ...insights });
    },
    deps,
  );
}
