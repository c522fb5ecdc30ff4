import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { categoriseMessage } from '../core/messages';
import { findTransactionsByIds, updateCategories, type CategoryUpdate, type TransactionRow } from '../adapters/postgres/repositories/transactions';
import type { Db } from '../adapters/postgres/schema';
import { withUser, type UserTransaction } from '../adapters/postgres/user-scope';
import { recordCategorised } from './app-metrics';
import { sqsBatchHandler } from './sqs-batch';

/** Decides categories for one person's transactions inside that person's database scope. */
export interface CategorisationService {
  categorise(trx: UserTransaction, userId: string, transactions: readonly TransactionRow[]): Promise<CategoryUpdate[]>;
  /** The same service for one batch of messages, free to keep what it loaded per person until the batch ends. */
  forBatchRun?(): CategorisationService;
}

export interface CategoriserDependencies {
  db: Db;
  logger: Logger;
  /** Counts categorised transactions by source, the latency, and failed records. */
  metrics?: Metrics;
  categorisation: CategorisationService;
}

/**
 * The categoriser Lambda: each message names up to CATEGORISE_BATCH_SIZE (200, AWS) or
 * LOCAL_CATEGORISE_BATCH_SIZE (2,000, local stack) of one person's new transactions.
 * Already-decided transactions are left alone (a redelivered message changes nothing). The
 * upload turns complete in the same UPDATE that decides its last row: the database counts each
 * upload's undecided rows (migration 1000_upload_progress.sql), so no batch re-reads the upload's
 * other rows or waits on its row for longer than its own commit.
 */
export function createCategoriserHandler(deps: CategoriserDependencies) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const categorisation = deps.categorisation.forBatchRun?.() ?? deps.categorisation;
    return handleBatch(deps, categorisation)(event);
  };
}

function handleBatch(deps: CategoriserDependencies, categorisation: CategorisationService) {
  return sqsBatchHandler(categoriseMessage, async (message) => {
    const startedAt = performance.now();
    const { written, sources } = await withUser(deps.db, message.userId, async (trx) => {
      const rows = (await findTransactionsByIds(trx, message.transactionIds)).filter((row) => row.category === null);
      const updates = await categorisation.categorise(trx, message.userId, rows);
      const count = await updateCategories(trx, updates);
      return { written: count, sources: updates.map((update) => update.categorySource) };
    });
    const durationMs = performance.now() - startedAt;
    if (deps.metrics) recordCategorised(deps.metrics, sources, durationMs);
    deps.logger.info('transactions categorised', {
      userId: message.userId, uploadId: message.uploadId, requested: message.transactionIds.length, written, durationMs: Math.round(durationMs),
    });
  }, deps);
}
