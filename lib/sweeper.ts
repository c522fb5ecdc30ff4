import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Database } from './database';
import { SmartSpendFunction } from './smart-spend-function';
import type { Storage } from './storage';

export interface UploadSweeperProps {
  readonly database: Database;
  readonly storage: Storage;
  /** The parser: the sweeper hands it what a dead run of it left `parsing`. */
  readonly parser: lambda.Function;
  /**
   * When the sweeper runs. Each run reads the database, which wakes a paused Aurora: every 15
   * minutes would keep it from ever staying at 0 ACU (about $29 a month at 0.5 ACU) in a
   * deployment nobody uses. So it runs once a day, with the nightly job (the stack passes the
   * job's schedule), in the minutes the database is awake anyway; the parser's failure queue and
   * its alarm say at once that an upload failed on every attempt.
   * @default ScheduleExpression.expression('cron(0 3 * * ? *)'), the nightly job's default
   */
  readonly schedule?: ScheduleExpression;
  /**
   * How long an upload may stay `parsing` before it is orphaned: the parser's timeout for each of
   * its three attempts (S3's invoke and Lambda's two retries), plus the retries' waits.
   * @default 4 × the parser's timeout
   */
  readonly stuckAfter?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * On AWS, what the local stack does at each start (lambdas/app/resume-interrupted-uploads.ts):
 * once a day, uploads a dead parser left `parsing` are read again (an asynchronous invoke of
 * the parser, so its retries and failure destination apply) or failed with a reason.
 */
export class UploadSweeper extends Construct {
  readonly function: SmartSpendFunction;
  readonly schedule: Schedule;
  /** Where the scheduler puts a run it could not start after its retries. */
  readonly scheduleDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: UploadSweeperProps) {
    super(scope, id);
    const parserTimeout = props.parser.timeout ?? Duration.minutes(15);
    const stuckAfter = props.stuckAfter ?? Duration.minutes(parserTimeout.toMinutes() * 4);

    this.function = new SmartSpendFunction(this, 'Function', {
      entry: 'lambdas/handlers/sweeper.ts',
      serviceName: 'sweeper',
      description: 'Reads again (or fails with a reason) uploads a dead parser left parsing',
      timeout: Duration.minutes(5),
      memorySize: 256,
      logRetention: props.logRetention,
      environment: {
        PARSER_FUNCTION_NAME: props.parser.functionName,
        STUCK_UPLOAD_MINUTES: String(stuckAfter.toMinutes()),
      },
    });
    // It lists every person: the jobs login.
    props.database.grantDataApiAccess(this.function, 'jobs');
    props.storage.grantReadUploads(this.function);
    // The parser's own ARN, not its versions (grantInvoke would add `:*`).
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.parser.functionArn] }),
    );

    this.scheduleDeadLetterQueue = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the scheduler puts a run here that it could not start, and an alarm watches it.',
    });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the upload sweeper',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Runs the Smart Spend upload sweeper',
      schedule: props.schedule ?? ScheduleExpression.expression('cron(0 3 * * ? *)'),
      target: new LambdaInvoke(this.function, {
        role: schedulerRole,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
        deadLetterQueue: this.scheduleDeadLetterQueue,
      }),
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        "The scheduler target's own grant (LambdaInvoke) covers the sweeper function and its versions; nothing else.",
    });
  }
}
