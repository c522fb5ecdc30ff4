import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { createObservability } from '../adapters/aws/runtime';
import { createCategoriserHandler } from '../app/categoriser';
import { throwingReduced } from '../app/logging';
import { loadMerchantKnowledge } from '../app/merchant-knowledge-files';
import { tieredCategorisation } from '../app/tiered-categorisation';
import { z } from 'zod';
import { bedrock, databaseConfig, dataApiDatabase, forecastQueueOf, limitsConfig, readConfig } from './aws-context';

const config = readConfig({
  ...databaseConfig,
  MERCHANT_KNOWLEDGE_DIR: z.string().min(1),
  FORECAST_QUEUE_URL: z.url(),
  BEDROCK_MODEL_ID: z.string().min(1).optional(),
  LIMIT_LANGUAGE_MODEL_CALLS_PER_DAY: limitsConfig.LIMIT_LANGUAGE_MODEL_CALLS_PER_DAY,
});
// The merchant-knowledge layer is mounted under /opt/nodejs.
const knowledge = loadMerchantKnowledge(config.MERCHANT_KNOWLEDGE_DIR);
const { logger, metrics, tracer } = createObservability('categoriser');

const categorisation = tieredCategorisation({
  knowledge,
  languageModel: bedrock(config.BEDROCK_MODEL_ID, tracer),
  metrics,
  languageModelCallsPerDay: config.LIMIT_LANGUAGE_MODEL_CALLS_PER_DAY,
});

export const handler = middy(
  throwingReduced(
    createCategoriserHandler({
      db: dataApiDatabase(config, tracer),
      logger,
      metrics,
      categorisation,
      forecastQueue: forecastQueueOf(config, tracer),
    }),
  ),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
