import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';

/** Where raw statements land: `uploads/{userId}/{uploadId}/{filename}`. */
export const UPLOAD_PREFIX = 'uploads/';

export interface StorageProps {
  /** Days before a raw upload expires; the parsed transactions live on in Postgres. @default 30 */
  readonly uploadRetentionDays?: number;
  /** Origins a browser may PUT a presigned upload from. @default ['*'] */
  readonly corsAllowedOrigins?: string[];
}

/**
 * The upload bucket (stateful, retained on delete) and the bucket that holds its server access
 * logs. Raw statements are encrypted, never public, reachable over TLS only, and expire.
 */
export class Storage extends Construct {
  readonly uploadBucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it to another bucket would only move the question one bucket further.',
    });

    this.uploadBucket = new Bucket(this, 'Uploads', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Unversioned on purpose: deleting a statement (or DELETE /me) must really erase it.
      versioned: false,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads-bucket/',
      lifecycleRules: [
        {
          id: 'expire-raw-uploads',
          prefix: UPLOAD_PREFIX,
          expiration: Duration.days(props.uploadRetentionDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: props.corsAllowedOrigins ?? ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Invokes `fn` for every object created under `uploads/`. */
  notifyOnUpload(fn: IFunction): void {
    this.uploadBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: UPLOAD_PREFIX });
  }

  /** Lets `fn` read raw uploads, and sets UPLOAD_BUCKET. */
  grantReadUploads(fn: lambda.Function): void {
    this.uploadBucket.grantRead(fn, `${UPLOAD_PREFIX}*`);
    fn.addEnvironment('UPLOAD_BUCKET', this.uploadBucket.bucketName);
  }

  /**
   * Lets `fn` presign PUTs under `uploads/` (a presigned URL carries the signer's permission),
   * read them back, and erase them (DELETE /me); sets UPLOAD_BUCKET.
   */
  grantManageUploads(fn: lambda.Function): void {
    this.uploadBucket.grantPut(fn, `${UPLOAD_PREFIX}*`);
    this.uploadBucket.grantRead(fn, `${UPLOAD_PREFIX}*`);
    this.uploadBucket.grantDelete(fn, `${UPLOAD_PREFIX}*`);
    fn.addEnvironment('UPLOAD_BUCKET', this.uploadBucket.bucketName);
  }
}
