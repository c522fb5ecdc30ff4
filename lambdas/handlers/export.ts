import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { createObservability } from '../adapters/aws/runtime';
import { createExportHandler } from '../app/export-worker';
import { throwingReduced } from '../app/logging';
import { databaseConfig, dataApiDatabase, readConfig, uploadBucket } from './aws-context';

const config = readConfig({ ...databaseConfig, UPLOAD_BUCKET: z.string().min(3) });
const { logger, metrics, tracer } = createObservability('export');

export const handler = middy(
  throwingReduced(
    createExportHandler({
      db: dataApiDatabase(config, tracer),
      blobs: uploadBucket(config.UPLOAD_BUCKET, tracer),
      logger,
      metrics,
    }),
  ),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
