import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT } from '../lambdas/core/messages';
import type { BedrockModel } from './bedrock';
import type { Database } from './database';
import { repoPath } from './paths';
import { LAMBDA_RUNTIME, SmartSpendFunction } from './smart-spend-function';
import type { Storage } from './storage';

/** The layer folder; on Lambda its `nodejs/` files (keyword-table.json, brands.json) land in MERCHANT_KNOWLEDGE_DIR. */
export const MERCHANT_KNOWLEDGE_LAYER_DIR = 'layers/merchant-knowledge';
export const MERCHANT_KNOWLEDGE_DIR = '/opt/nodejs';

/** SQS redelivers a message this many times before it moves to the dead-letter queue. */
export { MAX_RECEIVE_COUNT };
/** AWS's advice: a queue's visibility timeout at least six times its consumer's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface PipelineProps {
  readonly storage: Storage;
  readonly database: Database;
  readonly bedrock: BedrockModel;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/** A work queue with its dead-letter queue, sized for the consumer that drains it. */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: { consumerTimeout: Duration }) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

/**
 * The import pipeline: S3 upload → parser → categorise queue → categoriser, and the forecast
 * queue → forecast. Every consumer reports partial batch failures, every queue has a DLQ.
 */
export class Pipeline extends Construct {
  readonly categorise: WorkQueue;
  readonly forecast: WorkQueue;
  /** Exports queued by `POST /me/export`, written by the export function. */
  readonly export: WorkQueue;
  /** Where an S3 event the parser failed on lands after Lambda's own retries, instead of being dropped. */
  readonly parserFailures: Queue;
  readonly merchantKnowledge: LayerVersion;
  readonly parserFunction: SmartSpendFunction;
  readonly categoriserFunction: SmartSpendFunction;
  readonly forecastFunction: SmartSpendFunction;
  readonly exportFunction: SmartSpendFunction;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { storage, database, bedrock, logRetention } = props;

    this.merchantKnowledge = new LayerVersion(this, 'MerchantKnowledge', {
      code: Code.fromAsset(repoPath(MERCHANT_KNOWLEDGE_LAYER_DIR), { exclude: ['README.md'] }),
      compatibleRuntimes: [LAMBDA_RUNTIME],
      compatibleArchitectures: [Architecture.ARM_64],
      description:
        'Shipped merchant knowledge: hand-kept patterns and the brand table built from name-suggestion-index',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.parserFunction = new SmartSpendFunction(this, 'Parser', {
      entry: 'lambdas/handlers/parser.ts',
      serviceName: 'parser',
      description: 'Parses, redacts and imports an uploaded statement, then queues categorisation and forecasting',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention,
    });
    this.categoriserFunction = new SmartSpendFunction(this, 'Categoriser', {
      entry: 'lambdas/handlers/categoriser.ts',
      serviceName: 'categoriser',
      description: 'Categorises imported transactions: rules, model, then Bedrock',
      timeout: Duration.minutes(2),
      memorySize: 1024,
      logRetention,
      layers: [this.merchantKnowledge],
      environment: { MERCHANT_KNOWLEDGE_DIR },
    });
    this.forecastFunction = new SmartSpendFunction(this, 'Forecast', {
      entry: 'lambdas/handlers/forecast.ts',
      serviceName: 'forecast',
      description: 'Recomputes a person’s forecasts, recurring payments and anomalies after an import',
      timeout: Duration.minutes(2),
      memorySize: 1024,
      logRetention,
    });

    // An export of 200,000 transactions took 36 s on a 2-core machine: far past API Gateway's
    // 29 s, so it runs here, with the longest timeout Lambda allows, one message at a time.
    this.exportFunction = new SmartSpendFunction(this, 'Export', {
      entry: 'lambdas/handlers/export.ts',
      serviceName: 'export',
      description: 'Writes a person’s export (gzipped NDJSON, page by page) to the bucket and marks it ready',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention,
    });

    this.categorise = new WorkQueue(this, 'Categorise', {
      consumerTimeout: this.categoriserFunction.timeout ?? Duration.minutes(2),
    });
    this.forecast = new WorkQueue(this, 'ForecastQueue', {
      consumerTimeout: this.forecastFunction.timeout ?? Duration.minutes(2),
    });
    this.export = new WorkQueue(this, 'ExportQueue', {
      consumerTimeout: this.exportFunction.timeout ?? Duration.minutes(15),
    });

    // S3 invokes the parser asynchronously: after the two retries Lambda makes, a failed event
    // goes to this queue (and its alarm) rather than nowhere; the upload can be replayed from it.
    this.parserFailures = new Queue(this, 'ParserFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.parserFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the parser’s failed S3 events (an on-failure destination, which cdk-nag does not recognise as a DLQ); it has an alarm.',
    });
    this.parserFunction.configureAsyncInvoke({
      onFailure: new SqsDestination(this.parserFailures),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    storage.notifyOnUpload(this.parserFunction);
    storage.grantReadUploads(this.parserFunction);
    this.grantSendMessages(this.parserFunction);
    // The categoriser batch that decides an upload's last row queues its forecast.
    this.forecast.queue.grantSendMessages(this.categoriserFunction);
    this.categoriserFunction.addEnvironment('FORECAST_QUEUE_URL', this.forecast.queue.queueUrl);

    this.categoriserFunction.addEventSource(
      new SqsEventSource(this.categorise.queue, {
        batchSize: 5,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        maxConcurrency: 5,
      }),
    );
    this.forecastFunction.addEventSource(
      new SqsEventSource(this.forecast.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(10),
        reportBatchItemFailures: true,
        maxConcurrency: 2,
      }),
    );

    this.exportFunction.addEventSource(
      new SqsEventSource(this.export.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );
    storage.grantWriteExports(this.exportFunction);

    for (const fn of [this.parserFunction, this.categoriserFunction, this.forecastFunction, this.exportFunction])
      database.grantDataApiAccess(fn, 'app');
    bedrock.grantInvoke(this.categoriserFunction);
  }

  /** Lets `fn` send to both queues, and sets CATEGORISE_QUEUE_URL and FORECAST_QUEUE_URL. */
  grantSendMessages(fn: lambda.Function): void {
    this.categorise.queue.grantSendMessages(fn);
    this.forecast.queue.grantSendMessages(fn);
    fn.addEnvironment('CATEGORISE_QUEUE_URL', this.categorise.queue.queueUrl);
    fn.addEnvironment('FORECAST_QUEUE_URL', this.forecast.queue.queueUrl);
  }

  /** Lets `fn` (the API) queue exports, and sets EXPORT_QUEUE_URL. */
  grantQueueExports(fn: lambda.Function): void {
    this.export.queue.grantSendMessages(fn);
    fn.addEnvironment('EXPORT_QUEUE_URL', this.export.queue.queueUrl);
  }

  get deadLetterQueues(): { name: string; queue: Queue }[] {
    return [
      { name: 'parser', queue: this.parserFailures },
      { name: 'categorise', queue: this.categorise.deadLetterQueue },
      { name: 'forecast', queue: this.forecast.deadLetterQueue },
      { name: 'export', queue: this.export.deadLetterQueue },
    ];
  }

  get functions(): SmartSpendFunction[] {
    return [this.parserFunction, this.categoriserFunction, this.forecastFunction, this.exportFunction];
  }
}
