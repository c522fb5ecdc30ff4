import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { LambdaClient } from '@aws-sdk/client-lambda';
import middy from '@middy/core';
import { z } from 'zod';
import { parserInvoker } from '../adapters/aws/parser-invoker';
import { createObservability } from '../adapters/aws/runtime';
import { throwingReduced } from '../app/logging';
import { resumeInterruptedUploads, type ResumeOutcome } from '../app/resume-interrupted-uploads';
import { databaseConfig, dataApiDatabase, readConfig, uploadBucket } from './aws-context';

const config = readConfig({
  ...databaseConfig,
  UPLOAD_BUCKET: z.string().min(3),
  PARSER_FUNCTION_NAME: z.string().min(1),
  /** An upload `parsing` longer than this is orphaned: past the parser's timeout and its retries. */
  STUCK_UPLOAD_MINUTES: z.coerce.number().int().positive(),
});
const { logger, metrics, tracer } = createObservability('sweeper');
// The jobs role (DATABASE_SECRET_ARN is its secret): it lists every person, and works under each one's scope.
const db = dataApiDatabase(config, tracer);
const handToParser = parserInvoker(
  tracer.captureAWSv3Client(new LambdaClient({})),
  config.PARSER_FUNCTION_NAME,
  config.UPLOAD_BUCKET,
);
const blobs = uploadBucket(config.UPLOAD_BUCKET, tracer);

/** On a schedule: uploads a dead parser left `parsing` are read again, or failed with a reason. */
export const handler = middy(
  throwingReduced(async (): Promise<ResumeOutcome> =>
    resumeInterruptedUploads({
      db,
      jobsDb: db,
      blobs,
      startedBefore: new Date(Date.now() - config.STUCK_UPLOAD_MINUTES * 60_000),
      handToParser,
      report: (line) => logger.info(line),
    }),
  ),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { clearState: true }))
  .use(logMetrics(metrics));
