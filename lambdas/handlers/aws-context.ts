/**
 * What every Lambda shares on AWS, created once per cold start: configuration read from the
 * environment (a bad value stops the function naming the variable), the Data API database,
 * and SDK clients imported per client, each traced by the function's Tracer (X-Ray subsegments
 * per call: S3, SQS, Bedrock and the Data API show up in the trace with their latency and errors).
 */
import { RDSData } from '@aws-sdk/client-rds-data';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { DEFAULT_PERSON_LIMITS, type PersonLimits } from '../core/person-limits';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { uploadLimitsConfig } from '../app/upload-limits-config';
import { BedrockCoachModel } from '../adapters/aws/bedrock-coach-model';
import { BedrockLanguageModel } from '../adapters/aws/bedrock-language-model';
import { CognitoUserDirectory } from '../adapters/aws/cognito-user-directory';
import { readConfig } from '../adapters/aws/config';
import { createDataApiDatabase } from '../adapters/aws/data-api-database';
import { S3BlobStore } from '../adapters/aws/s3-blob-store';
import { SqsQueue } from '../adapters/aws/sqs-queue';
import type { Database, Db } from '../adapters/postgres/schema';
import type { CategoriseMessage, ExportMessage, ForecastMessage } from '../core/messages';

export const databaseConfig = {
  DATABASE_CLUSTER_ARN: z.string().startsWith('arn:'),
  DATABASE_SECRET_ARN: z.string().startsWith('arn:'),
  DATABASE_NAME: z.string().min(1),
};

export function dataApiDatabase(
  config: { DATABASE_CLUSTER_ARN: string; DATABASE_SECRET_ARN: string; DATABASE_NAME: string },
  tracer: Tracer,
): Db {
  return createDataApiDatabase<Database>({
    client: tracer.captureAWSv3Client(new RDSData({})),
    resourceArn: config.DATABASE_CLUSTER_ARN,
    secretArn: config.DATABASE_SECRET_ARN,
    database: config.DATABASE_NAME,
  });
}

export const queueConfig = {
  CATEGORISE_QUEUE_URL: z.url(),
  FORECAST_QUEUE_URL: z.url(),
};

export function queues(config: { CATEGORISE_QUEUE_URL: string; FORECAST_QUEUE_URL: string }, tracer: Tracer) {
  const client = tracer.captureAWSv3Client(new SQSClient({}));
  return {
    categoriseQueue: new SqsQueue<CategoriseMessage>(client, config.CATEGORISE_QUEUE_URL),
    forecastQueue: new SqsQueue<ForecastMessage>(client, config.FORECAST_QUEUE_URL),
  };
}

/** The forecast queue alone (the categoriser, which queues a forecast when it completes an upload). */
export function forecastQueueOf(config: { FORECAST_QUEUE_URL: string }, tracer: Tracer): SqsQueue<ForecastMessage> {
  return new SqsQueue<ForecastMessage>(tracer.captureAWSv3Client(new SQSClient({})), config.FORECAST_QUEUE_URL);
}

export const exportQueueConfig = {
  EXPORT_QUEUE_URL: z.url(),
};

export function exportQueue(config: { EXPORT_QUEUE_URL: string }, tracer: Tracer): SqsQueue<ExportMessage> {
  return new SqsQueue<ExportMessage>(tracer.captureAWSv3Client(new SQSClient({})), config.EXPORT_QUEUE_URL);
}

export const limitsConfig = {
  ...uploadLimitsConfig,
  // Per-person limits (issue 17): set from CDK context personLimits.
  LIMIT_UPLOADS_PER_DAY: z.coerce.number().int().positive().default(DEFAULT_PERSON_LIMITS.uploadsPerDay),
  LIMIT_ROWS_PER_MONTH: z.coerce.number().int().positive().default(DEFAULT_PERSON_LIMITS.rowsPerMonth),
  LIMIT_LANGUAGE_MODEL_CALLS_PER_DAY: z.coerce
    .number()
    .int()
    .min(0)
    .default(DEFAULT_PERSON_LIMITS.languageModelCallsPerDay),
  LIMIT_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(DEFAULT_PERSON_LIMITS.requestsPerMinute),
  LIMIT_COACH_ANSWERS_PER_DAY: z.coerce.number().int().min(0).default(DEFAULT_PERSON_LIMITS.coachAnswersPerDay),
};

/** The per-person limits from the validated environment. */
export function personLimitsOf(config: {
  LIMIT_UPLOADS_PER_DAY: number;
  LIMIT_ROWS_PER_MONTH: number;
  LIMIT_LANGUAGE_MODEL_CALLS_PER_DAY: number;
  LIMIT_REQUESTS_PER_MINUTE: number;
  LIMIT_COACH_ANSWERS_PER_DAY: number;
}): PersonLimits {
  return {
    uploadsPerDay: config.LIMIT_UPLOADS_PER_DAY,
    rowsPerMonth: config.LIMIT_ROWS_PER_MONTH,
    languageModelCallsPerDay: config.LIMIT_LANGUAGE_MODEL_CALLS_PER_DAY,
    requestsPerMinute: config.LIMIT_REQUESTS_PER_MINUTE,
    coachAnswersPerDay: config.LIMIT_COACH_ANSWERS_PER_DAY,
  };
}

export function uploadBucket(bucket: string, tracer: Tracer): S3BlobStore {
  return new S3BlobStore(tracer.captureAWSv3Client(new S3Client({})), bucket);
}

export function bedrock(modelId: string | undefined, tracer: Tracer): BedrockLanguageModel | null {
  return modelId ? new BedrockLanguageModel(tracer.captureAWSv3Client(new BedrockRuntimeClient({})), modelId) : null;
}

/** The user pool, whose users DELETE /me deletes (USER_POOL_ID, set by the CDK with the one IAM action). */
export function userPool(userPoolId: string, tracer: Tracer): CognitoUserDirectory {
  return new CognitoUserDirectory(tracer.captureAWSv3Client(new CognitoIdentityProviderClient({})), userPoolId);
}

/** The coach's model on Bedrock, with the deployment's guardrail when one is configured. */
export function bedrockCoach(
  config: { BEDROCK_MODEL_ID?: string; COACH_GUARDRAIL_ID?: string; COACH_GUARDRAIL_VERSION?: string },
  tracer: Tracer,
): BedrockCoachModel | null {
  if (!config.BEDROCK_MODEL_ID) return null;
  const guardrail =
    config.COACH_GUARDRAIL_ID && config.COACH_GUARDRAIL_VERSION
      ? { id: config.COACH_GUARDRAIL_ID, version: config.COACH_GUARDRAIL_VERSION }
      : null;
  return new BedrockCoachModel(
    tracer.captureAWSv3Client(new BedrockRuntimeClient({})),
    config.BEDROCK_MODEL_ID,
    guardrail,
  );
}

export { readConfig };
