import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { createObservability } from '../adapters/aws/runtime';
import { createCategoriserHandler } from '../app/categoriser';
import { keywordCategorisation } from '../app/keyword-categorisation';
import { databaseConfig, dataApiDatabase, readConfig } from './aws-context';

const config = readConfig(databaseConfig);
const { logger, metrics, tracer } = createObservability('categoriser');

export const handler = middy(createCategoriserHandler({ db: dataApiDatabase(config), logger, categorisation: keywordCategorisation }))
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
