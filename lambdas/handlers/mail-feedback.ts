import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createObservability } from '../adapters/aws/runtime';
import { createMailFeedbackHandler } from '../app/mail-handlers';
import { databaseConfig, dataApiDatabase, readConfig } from './aws-context';

const config = readConfig(databaseConfig);
const { logger, tracer } = createObservability('mail-feedback');

export const handler = middy(createMailFeedbackHandler({ db: dataApiDatabase(config, tracer), logger })).use(
  injectLambdaContext(logger, { clearState: true }),
);
