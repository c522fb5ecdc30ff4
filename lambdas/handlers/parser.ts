import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { createObservability } from '../adapters/aws/runtime';
import { PostgresImportStore } from '../adapters/postgres/postgres-import-store';
import { linkTransfersAfterImport } from '../app/link-transfers-after-import';
import { throwingReduced } from '../app/logging';
import { createParserHandler } from '../app/parser';
import { redact } from '../core/redact/redact';
import { openStatement } from '../core/statement/open-statement';
import {
  databaseConfig,
  dataApiDatabase,
  limitsConfig,
  queueConfig,
  queues,
  readConfig,
  uploadBucket,
} from './aws-context';

const config = readConfig({ ...databaseConfig, ...queueConfig, ...limitsConfig, UPLOAD_BUCKET: z.string().min(3) });
const { logger, metrics, tracer } = createObservability('parser');
const db = dataApiDatabase(config, tracer);

const parse = createParserHandler({
  // The Data API takes no array parameters: batched VALUES lists, small enough for its limits.
  store: new PostgresImportStore(db, false),
  blobs: uploadBucket(config.UPLOAD_BUCKET, tracer),
  ...queues(config, tracer),
  openStatement,
  redact,
  limits: {
    maxBytes: config.MAX_UPLOAD_BYTES,
    maxRows: config.MAX_UPLOAD_ROWS,
    insertBatchSize: 250,
    progressEvery: 2000,
  },
  logger,
  metrics,
  afterImport: linkTransfersAfterImport(db, logger),
});

// An internal error is thrown for S3 to retry: reduced, since the runtime logs all of it.
export const handler = middy(throwingReduced(parse))
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
