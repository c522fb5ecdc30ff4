import { Logger } from '@aws-lambda-powertools/logger';
import { PostgresImportStore } from '../../lambdas/adapters/postgres/postgres-import-store';
import type { ApiContext } from '../../lambdas/app/api/api-context';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import type { ImportDependencies } from '../../lambdas/core/import/import-statement';
import { redact } from '../../lambdas/core/redact/redact';
import { openStatement } from '../../lambdas/core/statement/open-statement';
import { MemoryBlobStore, RecordingQueue } from './memory-blob-store';
import type { TestDatabase } from './test-database';

/**
 * What the app tests import through: the real importer on the real test database, objects in
 * memory, queues recorded. `limits` as the test needs them (the default: a small statement).
 */
export function importDependencies(
  database: TestDatabase,
  blobs: MemoryBlobStore,
  limits: ImportDependencies['limits'] = { maxBytes: 1_000_000, maxRows: 1000 },
): ImportDependencies {
  return {
    store: new PostgresImportStore(database.db),
    blobs,
    categoriseQueue: new RecordingQueue(),
    forecastQueue: new RecordingQueue(),
    openStatement,
    redact,
    limits,
  };
}

/** The API's router on the test database, with no language model; `context` adds or replaces what a test needs. */
export function apiRouter(
  database: TestDatabase,
  blobs: MemoryBlobStore,
  context: Partial<ApiContext> = {},
): ReturnType<typeof createRouter> {
  return createRouter(apiRoutes, {
    db: database.db,
    blobs,
    categoriseQueue: new RecordingQueue(),
    forecastQueue: new RecordingQueue(),
    languageModel: null,
    logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
    limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    ...context,
  });
}
