import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { Api } from './api';
import type { ApiRouteSpec } from './api-routes';
import { Auth } from './auth';
import { BedrockModel } from './bedrock';
import { CoachGuardrail } from './coach-guardrail';
import { autoPause, readConfig, type SmartSpendConfig } from './config';
import { Database } from './database';
import { MetricNames } from '../lambdas/app/metric-names';
import { Jobs } from './jobs';
import { NotificationMail } from './notifications';
import { Migrations } from './migrations';
import { Observability } from './observability';
import { Pipeline } from './pipeline';
import { Storage } from './storage';
import { UploadSweeper } from './sweeper';
import { Web } from './web';

export interface SmartSpendStackProps extends StackProps {
  /** @default - read from CDK context (see lib/config.ts) */
  readonly config?: SmartSpendConfig;
  /** The API's routes. @default API_ROUTES, generated from the application's route table */
  readonly routes?: readonly ApiRouteSpec[];
}

/**
 * Smart Spend in one stack. Environment-agnostic on purpose (no `env`): synth needs no AWS
 * account or availability-zone lookup.
 */
export class SmartSpendStack extends Stack {
  readonly config: SmartSpendConfig;
  readonly storage: Storage;
  readonly database: Database;
  readonly migrations: Migrations;
  /** The categorisation model (tier 3). */
  readonly bedrock: BedrockModel;
  /** The coach's model: context `coachModelId`, the categorisation model unless said. */
  readonly coachModel: BedrockModel;
  readonly coachGuardrail: CoachGuardrail;
  readonly pipeline: Pipeline;
  readonly auth: Auth;
  readonly api: Api;
  readonly jobs: Jobs;
  readonly sweeper: UploadSweeper;
  /** E-mail of notifications: only when context `senderIdentity` names a sender. */
  readonly mail?: NotificationMail;
  readonly observability: Observability;
  readonly web: Web;

  constructor(scope: Construct, id: string, props: SmartSpendStackProps = {}) {
    super(scope, id, props);
    const config = (this.config = props.config ?? readConfig(this.node));
    const { logRetention, production } = config;

    // Stateful
    this.storage = new Storage(this, 'Storage', {
      uploadRetentionDays: config.uploadRetentionDays,
      corsAllowedOrigins: config.corsAllowedOrigins,
    });
    this.database = new Database(this, 'Database', {
      maxCapacity: config.databaseMaxCapacity,
      autoPause: autoPause(config),
      production,
      logRetention,
    });
    this.auth = new Auth(this, 'Auth', {
      selfSignUp: config.selfSignUp,
      userPasswordAuth: config.userPasswordAuth,
      production,
    });

    // Stateless
    this.migrations = new Migrations(this, 'Migrations', { database: this.database, logRetention });
    this.bedrock = new BedrockModel(this, 'Bedrock', { modelId: config.bedrockModelId });
    this.coachModel = new BedrockModel(this, 'CoachModel', { modelId: config.coachModelId });
    this.coachGuardrail = new CoachGuardrail(this, 'CoachGuardrail');
    this.pipeline = new Pipeline(this, 'Pipeline', {
      storage: this.storage,
      database: this.database,
      bedrock: this.bedrock,
      logRetention,
    });
    this.api = new Api(this, 'Api', {
      auth: this.auth,
      storage: this.storage,
      pipeline: this.pipeline,
      database: this.database,
      bedrock: this.coachModel,
      guardrail: this.coachGuardrail,
      routes: props.routes,
      corsAllowedOrigins: config.corsAllowedOrigins,
      logRetention,
    });
    this.sweeper = new UploadSweeper(this, 'Sweeper', {
      database: this.database,
      storage: this.storage,
      parser: this.pipeline.parserFunction,
      // with the nightly job, so that the two wake a paused database once
      schedule: ScheduleExpression.expression(config.retrainSchedule),
      logRetention,
    });
    this.jobs = new Jobs(this, 'Jobs', {
      vpc: this.database.vpc,
      database: this.database,
      schedule: ScheduleExpression.expression(config.retrainSchedule),
      logRetention,
    });

    this.web = new Web(this, 'Web', {
      auth: this.auth,
      httpApi: this.api.httpApi,
      accessLogsBucket: this.storage.accessLogsBucket,
    });
    this.mail = config.senderIdentity
      ? new NotificationMail(this, 'Mail', {
          database: this.database,
          senderIdentity: config.senderIdentity,
          apiBaseUrl: this.api.stage.url,
          apiFunction: this.api.function,
          logRetention,
        })
      : undefined;

    this.observability = new Observability(this, 'Observability', { alarmEmail: config.alarmEmail });
    for (const { name, queue } of this.pipeline.deadLetterQueues) this.observability.alarmOnDeadLetters(name, queue);
    const functions = {
      parser: this.pipeline.parserFunction,
      categoriser: this.pipeline.categoriserFunction,
      forecast: this.pipeline.forecastFunction,
      export: this.pipeline.exportFunction,
      sweeper: this.sweeper.function,
      api: this.api.function,
      migrate: this.migrations.function,
    };
    for (const [name, fn] of Object.entries(functions)) this.observability.alarmOnErrors(name, fn);
    // The router answers a 5xx without failing the invocation, so Lambda's Errors never sees it.
    this.observability.alarmOnAppMetric('api', MetricNames.apiServerErrors, 'The API answered with a 5xx status');
    // Minutes before a dead letter: a record that failed is retried first.
    for (const name of ['categoriser', 'forecast', 'export'])
      this.observability.alarmOnAppMetric(name, MetricNames.failedRecords, `A ${name} queue record failed`);
    this.observability.alarmOnAppMetric(
      'categoriser',
      MetricNames.languageModelOutages,
      'Bedrock could not be reached: tier-2 answers stood',
    );
    // Sums what each answer cost over a rolling day: a loop or an abuser shows here before the bill does.
    this.observability.alarmOnDailySpend(
      'api',
      MetricNames.coachCostMicroUsd,
      config.coachDailyBudgetUsd,
      'The coach spent more on its model over the last 24 hours than context coachDailyBudgetUsd allows',
    );
    this.observability.alarmOnFailedTasks('retrain', this.jobs.cluster, this.jobs.taskDefinition);
    this.observability.alarmOnDeadLetters('retrainSchedule', this.jobs.scheduleDeadLetterQueue);
    this.observability.alarmOnDeadLetters('sweeperSchedule', this.sweeper.scheduleDeadLetterQueue);
    const limitEnvironment: Record<string, string> = {};
    const names = {
      uploadsPerDay: 'LIMIT_UPLOADS_PER_DAY',
      rowsPerMonth: 'LIMIT_ROWS_PER_MONTH',
      languageModelCallsPerDay: 'LIMIT_LANGUAGE_MODEL_CALLS_PER_DAY',
      requestsPerMinute: 'LIMIT_REQUESTS_PER_MINUTE',
      coachAnswersPerDay: 'LIMIT_COACH_ANSWERS_PER_DAY',
    };
    for (const [key, value] of Object.entries(config.personLimits))
      limitEnvironment[names[key as keyof typeof names]] = String(value);
    for (const fn of [this.api.function, this.pipeline.categoriserFunction])
      for (const [k, v] of Object.entries(limitEnvironment)) fn.addEnvironment(k, v);
    // Each function's share of the account's concurrency is capped, so one person's flood of uploads
    // or requests cannot take the capacity everybody else's work needs (or run up the bill unbounded).
    for (const [name, fn] of Object.entries(functions)) {
      const reserved = config.reservedConcurrency[name];
      if (reserved !== undefined) (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = reserved;
    }

    new CfnOutput(this, 'WebUrl', {
      value: this.web.url,
      description: 'The web app (the API is under /api on the same origin)',
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.auth.client.userPoolClientId,
      description: 'App client for USER_PASSWORD_AUTH / SRP sign-in',
    });
    new CfnOutput(this, 'UploadBucketName', { value: this.storage.uploadBucket.bucketName });
    new CfnOutput(this, 'DatabaseClusterArn', { value: this.database.cluster.clusterArn });
    new CfnOutput(this, 'DatabaseSecretArn', {
      value: this.database.secret.secretArn,
      description: 'The master (owner) credentials: migrations only; the app and jobs logins have their own',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
  }
}
