import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { categoriseMessage } from '../core/messages';
import { findTransactionsByIds, updateCategories, type CategoryUpdate, type TransactionRow } from '../adapters/postgres/repositories/transactions';
import { completeUploadIfCategorised } from '../adapters/postgres/repositories/uploads';
import type { Db } from '../adapters/postgres/schema';
import { withUser, type UserTransaction } from '../adapters/postgres/user-scope';
import { recordCategorised } from './app-metrics';
import { sqsBatchHandler } from './sqs-batch';

/** Decides categories for one person's transactions inside that person's database scope. */
export interface CategorisationService {
  categorise(trx: UserTransaction, userId: string, transactions: readonly TransactionRow[]): Promise<CategoryUpdate[]>;
}

export interface CategoriserDependencies {
  db: Db;
  logger: Logger;
  /** Counts categorised transactions by source, the latency, and failed records. */
  metrics?: Metrics;
  categorisation: CategorisationService;
}

/**
 * The categoriser Lambda: each message names up to 200 of one person's new transactions.
 * Already-decided transactions are left alone (a redelivered message changes nothing), and
 * the upload turns complete when none of its transactions waits any more.
 */
export function createCategoriserHandler(deps: CategoriserDependencies) {
  return sqsBatchHandler(categoriseMessage, async (message) => {
    const startedAt = performance.now();
    const { written, sources } = await withUser(deps.db, message.userId, async (trx) => {
      const rows = (await findTransactionsByIds(trx, message.transactionIds)).filter((row) => row.category === null);
      const updates = await deps.categorisation.categorise(trx, message.userId, rows);
      const count = await updateCategories(trx, updates);
      if (message.uploadId) await completeUploadIfCategorised(trx, message.uploadId);
      return { written: count, sources: updates.map((update) => update.categorySource) };
    });
    const durationMs = performance.now() - startedAt;
    if (deps.metrics) recordCategorised(deps.metrics, sources, durationMs);
    deps.logger.info('transactions categorised', {
      userId: message.userId, uploadId: message.uploadId, requested: message.transactionIds.length, written, durationMs: Math.round(durationMs),
    });
  }, deps);
}
