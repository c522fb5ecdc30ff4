import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { failExportJob, finishExportJob, startExportJob } from '../adapters/postgres/repositories/export-jobs';
import { exportSections } from '../adapters/postgres/repositories/person-export';
import type { Db } from '../adapters/postgres/schema';
import { withUser } from '../adapters/postgres/user-scope';
import { exportMessage, MAX_RECEIVE_COUNT } from '../core/messages';
import type { BlobStore } from '../ports/blob-store';
import { exportObjectKey, writeExportDocument } from './person-export-document';
import { sqsBatchHandler } from './sqs-batch';

export interface ExportWorkerDependencies {
  db: Db;
  blobs: BlobStore;
  logger: Logger;
  metrics?: Metrics;
  /** Deliveries before the queue dead-letters a message. @default MAX_RECEIVE_COUNT */
  maxReceiveCount?: number;
}

/**
 * The export worker (its own queue and Lambda on AWS, the durable local queue on one machine):
 * writes the person's gzipped NDJSON page by page to the blob store and marks the job ready.
 * A failure is retried by the queue; the last delivery that fails marks the job failed with the
 * reason, so the person's status route says so instead of `running` forever.
 */
export function createExportHandler(deps: ExportWorkerDependencies) {
  const maxReceiveCount = deps.maxReceiveCount ?? MAX_RECEIVE_COUNT;
  return sqsBatchHandler(
    exportMessage,
    async (message, record) => {
      const started = performance.now();
      try {
        const job = await withUser(deps.db, message.userId, (trx) => startExportJob(trx, message.exportId));
        if (!job) return; // already ready or failed: a repeated delivery
        const exportedAt = new Date();
        const objectKey = exportObjectKey(message.userId, exportedAt);
        // One transaction: every page reads the same snapshot, however long the export takes; the
        // gzipped pages go to the store as they are made (S3 multipart), never whole in memory.
        const document = await withUser(deps.db, message.userId, (trx) =>
          writeExportDocument(exportSections(trx), exportedAt, (gzipped) =>
            deps.blobs.writeStream(objectKey, gzipped, { contentType: 'application/gzip' }),
          ),
        );
        const finished = await withUser(deps.db, message.userId, (trx) =>
          finishExportJob(trx, message.exportId, { objectKey, bytes: document.bytes, counts: document.counts }),
        );
        if (!finished) {
          // DELETE /me ran while the file was written: its copy must not outlive the erasure.
          await deps.blobs.deletePrefix(objectKey);
          return;
        }
        deps.logger.info('export written', {
          userId: message.userId,
          exportId: message.exportId,
          bytes: document.bytes,
          counts: document.counts,
          milliseconds: Math.round(performance.now() - started),
        });
      } catch (error) {
        if (Number(record.attributes?.ApproximateReceiveCount ?? 1) >= maxReceiveCount) {
          await withUser(deps.db, message.userId, (trx) =>
            failExportJob(
              trx,
              message.exportId,
              `the export could not be written after ${maxReceiveCount} attempts: ask for a new one`,
            ),
          );
        }
        throw error;
      }
    },
    deps,
  );
}
