import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { categoriseMessage, type ForecastMessage } from '../core/messages';
import { completedInThisTransaction } from '../adapters/postgres/repositories/uploads';
import type { MessageQueue } from '../ports/queue';
import { findDecidableByIds, type DecidableRow } from '../adapters/postgres/repositories/transactions';
import type { Db } from '../adapters/postgres/schema';
import { withUser, type UserTransaction } from '../adapters/postgres/user-scope';
import { recordCategorised } from './app-metrics';
import { sqsBatchHandler } from './sqs-batch';
import { UNSURE_BELOW } from '../core/categorise/tiered-categoriser';
import type { PersonDecisions } from './tiered-categorisation';

/** Decides and writes categories for one person's transactions inside that person's database scope. */
export interface CategorisationService {
  forPerson(trx: UserTransaction, userId: string): Promise<PersonDecisions>;
  /** The same service for one batch of messages, free to keep what it loaded per person until the batch ends. */
  forBatchRun?(): CategorisationService;
}

export interface CategoriserDependencies {
  db: Db;
  logger: Logger;
  /** Counts categorised transactions by source, the latency, and failed records. */
  metrics?: Metrics;
  categorisation: CategorisationService;
  /** true on postgres.js (the local stack): ids travel as one array parameter. The Data API has none. */
  arrayParameters?: boolean;
  /** Where the batch that completes an upload queues its forecast (the import queues it when nothing waits). */
  forecastQueue?: MessageQueue<ForecastMessage>;
}

/**
 * The categoriser Lambda: each message names up to CATEGORISE_BATCH_SIZE (200, AWS) or
 * LOCAL_CATEGORISE_BATCH_SIZE (2,000, local stack) of one person's new transactions.
 * Transactions decided for sure are left alone (a redelivered message changes none of them),
 * the rest go through the one decide-and-write service, loaded once per person for the whole
 * batch of messages. The upload turns complete in the same UPDATE that decides its last row:
 * the database counts each upload's undecided rows (migration 1000_upload_progress.sql), so no
 * message re-reads the upload's other rows or holds its row lock for longer than its own commit.
 */
export function createCategoriserHandler(deps: CategoriserDependencies) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const categorisation = deps.categorisation.forBatchRun?.() ?? deps.categorisation;
    return handleBatch(deps, categorisation)(event);
  };
}

function handleBatch(deps: CategoriserDependencies, categorisation: CategorisationService) {
  return sqsBatchHandler(
    categoriseMessage,
    async (message) => {
      const startedAt = performance.now();
      const { written, sources, completed } = await withUser(deps.db, message.userId, async (trx) => {
        const rows = (await findDecidableByIds(trx, message.transactionIds, { arrays: deps.arrayParameters })).filter(
          awaitsDecision,
        );
        if (rows.length === 0) return { written: 0, sources: [], completed: false };
        const person = await categorisation.forPerson(trx, message.userId);
        const decided = await person.decideAndWrite(rows);
        const completed =
          deps.forecastQueue !== undefined &&
          message.uploadId !== null &&
          (await completedInThisTransaction(trx, message.uploadId));
        return { ...decided, completed };
      });
      if (completed) {
        await deps.forecastQueue?.send([{ version: 1, userId: message.userId, uploadId: message.uploadId }]);
      }
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
function awaitsDecision(row: DecidableRow): boolean {
  return row.category === null || (row.category_source === 'model' && (row.confidence ?? 0) < UNSURE_BELOW);
}
