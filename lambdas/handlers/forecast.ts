import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { createObservability } from '../adapters/aws/runtime';
import { createForecastHandler } from '../app/forecast';
import { throwingReduced } from '../app/logging';
import { databaseConfig, dataApiDatabase, readConfig } from './aws-context';

const config = readConfig(databaseConfig);
const { logger, metrics, tracer } = createObservability('forecast');

export const handler = middy(
  throwingReduced(createForecastHandler({ db: dataApiDatabase(config, tracer), logger, metrics })),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
