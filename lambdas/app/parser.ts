import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { S3Event } from 'aws-lambda';
import { importStatement, type ImportDependencies } from '../core/import/import-statement';
import { parseUploadKey } from '../core/import/upload-key';
import { recordImport } from './app-metrics';

export interface ParserDependencies extends ImportDependencies {
  logger: Logger;
  /** Counts rows imported, failed imports and the import latency. */
  metrics?: Metrics;
  /** Work that follows a successful import, such as linking transfers between accounts. */
  afterImport?: (userId: string, uploadId: string) => Promise<void>;
  /** Account named by the upload's path on the local stack's drop folder. */
  accountHintFor?: (uploadId: string) => string | null;
}

/**
 * The parser Lambda: one S3 ObjectCreated record per uploaded statement. Records are
 * imported one after another; an object outside `uploads/{userId}/{uploadId}/` is ignored
 * with a warning. An internal error is thrown so the invocation is retried (the import is
 * idempotent).
 */
export function createParserHandler(deps: ParserDependencies) {
  return async (event: S3Event): Promise<void> => {
    for (const record of event.Records) {
      const key = parseUploadKey(record.s3.object.key);
      if (!key) {
        deps.logger.warn('ignoring an object outside the uploads prefix', { objectKey: record.s3.object.key });
        continue;
      }
      const startedAt = performance.now();
      deps.logger.appendKeys({ userId: key.userId, uploadId: key.uploadId });
      const result = await importStatement(deps, {
        userId: key.userId,
        uploadId: key.uploadId,
        objectKey: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')),
        filename: key.filename,
        accountHint: deps.accountHintFor?.(key.uploadId) ?? null,
      });
      if (result.outcome === 'imported' && deps.afterImport) await deps.afterImport(key.userId, key.uploadId);
      const durationMs = performance.now() - startedAt;
      if (deps.metrics && result.outcome !== 'already-imported') {
        recordImport(deps.metrics, result.outcome === 'imported' ? result.counts : 'failed', durationMs);
      }
      deps.logger.info('statement processed', {
        outcome: result.outcome,
        ...('counts' in result ? result.counts : {}),
        ...(result.outcome === 'failed' ? { reason: result.reason } : {}),
        durationMs: Math.round(durationMs),
      });
      deps.logger.removeKeys(['userId', 'uploadId']);
    }
  };
}
