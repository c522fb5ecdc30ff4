import { SESv2Client } from '@aws-sdk/client-sesv2';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { createObservability } from '../adapters/aws/runtime';
import { SesMailer } from '../adapters/aws/ses-mailer';
import { SqsQueue } from '../adapters/aws/sqs-queue';
import { createMailHandler } from '../app/mail-handlers';
import type { MailMessage } from '../app/mail-outbox';
import { databaseConfig, dataApiDatabase, readConfig } from './aws-context';

const config = readConfig({
  ...databaseConfig,
  MAIL_QUEUE_URL: z.url(),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1),
  API_BASE_URL: z.url(),
  UNSUBSCRIBE_SECRET: z.string().min(16),
});
const { logger, metrics, tracer } = createObservability('mail');

export const handler = middy(
  createMailHandler({
    db: dataApiDatabase(config, tracer),
    mailer: new SesMailer(new SESv2Client({}), config.MAIL_FROM, config.SES_CONFIGURATION_SET),
    queue: new SqsQueue<MailMessage>(new SQSClient({}), config.MAIL_QUEUE_URL),
    logger,
    metrics,
    links: { apiBaseUrl: config.API_BASE_URL, unsubscribeSecret: config.UNSUBSCRIBE_SECRET },
  }),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
