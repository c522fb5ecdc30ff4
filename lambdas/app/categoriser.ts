import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { categoriseMessage } from '../core/messages';
import { findTransactionsByIds, type TransactionRow } from '../adapters/postgres/repositories/transactions';
import { completeUploadIfCategorised } from '../adapters/postgres/repositories/uploads';
import type { Db } from '../adapters/postgres/schema';
import { withUser, type UserTransaction } from '../adapters/postgres/user-scope';
import { recordCategorised } from './app-metrics';
import { sqsBatchHandler } from './sqs-batch';
import { UNSURE_BELOW } from '../core/categorise/tiered-categoriser';
import type { PersonDecisions } from './tiered-categorisation';

/** Decides and writes categories for one person's transactions inside that person's database scope. */
export interface CategorisationService {
  forPerson(trx: UserTransaction, userId: string): Promise<PersonDecisions>;
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
 * Transactions decided for sure are left alone (a redelivered message changes none of them),
 * the rest go through the one decide-and-write service, and the upload turns complete when
 * none of its transactions waits any more.
 */
export function createCategoriserHandler(deps: CategoriserDependencies) {
  return sqsBatchHandler(
    categoriseMessage,
    async (message) => {
      const startedAt = performance.now();
      const { written, sources } = await withUser(deps.db, message.userId, async (trx) => {
        const rows = (await findTransactionsByIds(trx, message.transactionIds)).filter(awaitsDecision);
        const person = await deps.categorisation.forPerson(trx, message.userId);
        const { written: count, sources: decided } = await person.decideAndWrite(rows);
        if (message.uploadId) await completeUploadIfCategorised(trx, message.uploadId);
        return { written: count, sources: decided };
      });
      const durationMs = performance.now() - startedAt;
      if (deps.metrics) recordCategorised(deps.metrics, sources, durationMs);
      deps.logger.info('transactions categorised', {
        userId: message.userId,
        uploadId: message.uploadId,
        requested: message.transactionIds.length,
        written,
        durationMs: Math.round(durationMs),
      });
    },
    deps,
  );
}

/**
 * Not yet decided, or decided by tiers 1–2 alone and unsure (a manual entry saved with its
 * tier-2 answer, waiting for tier 3 here): a category from a rule, tier 3 or the person stays.
 */
function awaitsDecision(row: TransactionRow): boolean {
  return row.category === null || (row.category_source === 'model' && (row.confidence ?? 0) < UNSURE_BELOW);
}
