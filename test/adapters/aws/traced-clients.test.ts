import { Tracer } from '@aws-lambda-powertools/tracer';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { RDSData } from '@aws-sdk/client-rds-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { bedrock, dataApiDatabase, queues, uploadBucket } from '../../../lambdas/handlers/aws-context';

describe('every SDK client a Lambda makes is traced', () => {
  it('hands S3, SQS, Bedrock and the Data API client to Powertools Tracer’s captureAWSv3Client', async () => {
    const tracer = new Tracer({ serviceName: 'test' });
    const traced = jest.spyOn(tracer, 'captureAWSv3Client');
    uploadBucket('bucket', tracer);
    queues({ CATEGORISE_QUEUE_URL: 'https://sqs/categorise', FORECAST_QUEUE_URL: 'https://sqs/forecast' }, tracer);
    expect(bedrock(undefined, tracer)).toBeNull();
    bedrock('model', tracer);
    const db = dataApiDatabase(
      {
        DATABASE_CLUSTER_ARN: 'arn:aws:rds:eu-west-1:1:cluster:c',
        DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:s',
        DATABASE_NAME: 'd',
      },
      tracer,
    );
    await db.destroy();
    const clients = traced.mock.calls.map(([client]) => client);
    expect(clients.map((client) => (client as object).constructor)).toEqual([
      S3Client,
      SQSClient,
      BedrockRuntimeClient,
      RDSData,
    ]);
  });
});
