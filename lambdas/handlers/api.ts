import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { createObservability } from '../adapters/aws/runtime';
import { apiRoutes } from '../app/api/routes';
import { createRouter } from '../app/api/router';
import { loadMerchantKnowledge } from '../app/merchant-knowledge-files';
import { uploadLimits } from '../app/upload-limits-config';
import {
  bedrock,
  databaseConfig,
  dataApiDatabase,
  limitsConfig,
  personLimitsOf,
  queueConfig,
  queues,
  readConfig,
  uploadBucket,
} from './aws-context';

const config = readConfig({
  ...databaseConfig,
  ...queueConfig,
  ...limitsConfig,
  UPLOAD_BUCKET: z.string().min(3),
  BEDROCK_MODEL_ID: z.string().min(1).optional(),
  MERCHANT_KNOWLEDGE_DIR: z.string().min(1),
  UNSUBSCRIBE_SECRET: z.string().min(16).optional(),
});
const { logger, metrics, tracer } = createObservability('api');

const route = createRouter(apiRoutes, {
  db: dataApiDatabase(config, tracer),
  blobs: uploadBucket(config.UPLOAD_BUCKET, tracer),
  ...queues(config, tracer),
  languageModel: bedrock(config.BEDROCK_MODEL_ID, tracer),
  // The merchant-knowledge layer is mounted under /opt/nodejs.
  knowledge: loadMerchantKnowledge(config.MERCHANT_KNOWLEDGE_DIR),
  logger,
  metrics,
  unsubscribeSecret: config.UNSUBSCRIBE_SECRET,
  limits: uploadLimits(config),
  personLimits: personLimitsOf(config),
});

export const handler = middy(route)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
