import type { Logger } from '@aws-lambda-powertools/logger';
import { monthlySpending, naiveNextMonth } from '../core/forecast/monthly-spending';
import { forecastMessage } from '../core/messages';
import { jsonb, type Db } from '../adapters/postgres/schema';
import { withUser } from '../adapters/postgres/user-scope';
import { detectInsights } from './detect-insights';
import { sqsBatchHandler } from './sqs-batch';

export interface ForecastDependencies {
  db: Db;
  logger: Logger;
}

/** The forecast Lambda: after each import, recomputes the person's monthly series and forecast. */
export function createForecastHandler(deps: ForecastDependencies) {
  return sqsBatchHandler(forecastMessage, async (message) => {
    await withUser(deps.db, message.userId, async (trx) => {
      const rows = await trx.selectFrom('transactions').select(['date', 'amount', 'currency', 'category'])
        .where('deleted_at', 'is', null).where('transfer_id', 'is', null).execute();
      const series = monthlySpending(rows.map((row) => ({ ...row, currency: row.currency.trim() })));
      const months = new Set(series.flatMap((s) => s.months.map((m) => m.month))).size;
      const result = { series: series.map((s) => ({ ...s, next: naiveNextMonth(s) })) };
      await trx.insertInto('forecasts')
        .values({ user_id: message.userId, months, model: 'mean-of-last-3-months', result: jsonb(result) })
        .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ months, model: 'mean-of-last-3-months', result: jsonb(result), computed_at: new Date() }))
        .execute();
      deps.logger.info('forecast computed', { userId: message.userId, months, currencies: series.length });
      const insights = await detectInsights(trx, message.userId, new Date().toISOString().slice(0, 10));
      deps.logger.info('insights computed', { userId: message.userId, ...insights });
    });
  });
}
