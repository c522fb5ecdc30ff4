import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  type CfnBucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import { acknowledgeOnce } from './nag';

/** Where raw statements land: `uploads/{userId}/{uploadId}/{filename}`. */
export const UPLOAD_PREFIX = 'uploads/';
/** Where GET /me/export writes a person's export (lambdas/app/person-export-document.ts): kept a day. */
export const EXPORT_PREFIX = 'exports/';

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
    acknowledgeOnce(this.accessLogsBucket, {
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket itself; logging it to another bucket would only move the question one bucket further.',
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
        // An export's link works 15 minutes; the copy of everything a person owns need not outlive it by long.
        { id: 'expire-exports', prefix: EXPORT_PREFIX, expiration: Duration.days(1) },
      ],
      // A browser on another origin may PUT to a presigned URL only from the origins named in context; none by default.
      cors:
        (props.corsAllowedOrigins ?? []).length === 0
          ? undefined
          : [
              {
                allowedMethods: [HttpMethods.PUT],
                allowedOrigins: props.corsAllowedOrigins ?? [],
                allowedHeaders: ['content-type', 'content-length'],
                exposedHeaders: ['ETag'],
                maxAge: 3000,
              },
            ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Invokes `fn` for every object created under `uploads/`. */
  notifyOnUpload(fn: IFunction): void {
    this.uploadBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), {
      prefix: UPLOAD_PREFIX,
    });
    // CDK configures bucket notifications through one singleton custom-resource Lambda per stack.
    const stack = Stack.of(this);
    for (const child of stack.node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'))) {
      acknowledgeOnce(child, {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's own bucket-notification custom resource: the managed policy only lets it write its logs.",
      });
    }
  }

  /** Lets `fn` read raw uploads (a missing one answers 404, not 403), and sets UPLOAD_BUCKET. */
  grantReadUploads(fn: lambda.Function): void {
    this.grantOnUploads(fn, ['s3:GetObject'], [UPLOAD_PREFIX]);
  }

  /**
   * Lets the export worker write exports under `exports/` (nothing else), and sets UPLOAD_BUCKET.
   * An export is a multipart upload: s3:PutObject covers creating, sending and completing its parts;
   * aborting one after a failure needs its own action.
   */
  grantWriteExports(fn: lambda.Function): void {
    this.grantOnUploads(fn, ['s3:PutObject', 's3:AbortMultipartUpload'], [EXPORT_PREFIX]);
  }

  /**
   * Lets `fn` presign PUTs under `uploads/` (a presigned URL carries the signer's permission),
   * read them back, list and erase them (DELETE /me), and write, presign GETs of and erase
   * exports under `exports/` (GET /me/export); sets UPLOAD_BUCKET.
   */
  grantManageUploads(fn: lambda.Function): void {
    this.grantOnUploads(fn, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], [UPLOAD_PREFIX, EXPORT_PREFIX]);
  }

  /**
   * Named actions (no action wildcards) on the objects under the given prefixes only, plus listing
   * them: without s3:ListBucket, S3 answers 403 rather than 404 for a missing key.
   */
  private grantOnUploads(fn: lambda.Function, actions: string[], prefixes: string[]): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions,
        resources: prefixes.map((prefix) => this.uploadBucket.arnForObjects(`${prefix}*`)),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.uploadBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
      }),
    );
    fn.addEnvironment('UPLOAD_BUCKET', this.uploadBucket.bucketName);
    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(this.uploadBucket.node.defaultChild as CfnBucket)) as string;
    for (const prefix of prefixes) {
      acknowledgeOnce(fn, {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: `Objects are keyed ${prefix}{userId}/..., created at run time: the grant is limited to the ${prefix} prefix of this one bucket.`,
      });
    }
  }
}
