import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { EmailSendingEvent } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { Database } from './database';
import { WorkQueue } from './pipeline';
import { SmartSpendFunction } from './smart-spend-function';

export interface NotificationMailProps {
  readonly database: Database;
  /** Who the e-mails come from: an address or a domain (context `senderIdentity`). */
  readonly senderIdentity: string;
  /** The API's base URL, for the unsubscribe links. */
  readonly apiBaseUrl: string;
  /** The API function: it checks the unsubscribe links, so it gets the secret that signs them. */
  readonly apiFunction: lambda.Function;
  /** When the outbox's unsent notifications are e-mailed. @default daily at 03:45 UTC, after the nightly job (the database is awake then) */
  readonly relaySchedule?: ScheduleExpression;
  /** When the weekly digest is written and e-mailed. @default Mondays 07:00 UTC */
  readonly digestSchedule?: ScheduleExpression;
  readonly logRetention?: RetentionDays;
}

/**
 * Notifications by e-mail: SES with a configuration set (suppression of bounces and complaints,
 * reputation metrics, bounce and complaint events to EventBridge), a sender identity from
 * context, a mail queue and the mail Lambda that sends each outbox row at most once, the
 * feedback Lambda that suppresses bouncing and complaining addresses, and two EventBridge
 * Scheduler schedules: the relay of unsent rows and the weekly digest. The relay runs once a
 * day, just after the nightly job: the database is awake then, and an idle deployment keeps
 * Aurora paused (in-app notifications are immediate; their e-mails follow within a day).
 */
export class NotificationMail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  readonly queue: WorkQueue;
  readonly mailFunction: SmartSpendFunction;
  readonly feedbackFunction: SmartSpendFunction;
  readonly unsubscribeSecret: Secret;
  readonly relay: Schedule;
  readonly digest: Schedule;

  constructor(scope: Construct, id: string, props: NotificationMailProps) {
    super(scope, id);
    const { database, senderIdentity, logRetention } = props;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    const isAddress = senderIdentity.includes('@');
    this.identity = new EmailIdentity(this, 'Sender', {
      identity: isAddress ? Identity.email(senderIdentity) : Identity.domain(senderIdentity),
      configurationSet: this.configurationSet,
    });
    const from = isAddress ? senderIdentity : `alerts@${senderIdentity}`;

    this.unsubscribeSecret = new Secret(this, 'UnsubscribeSecret', {
      description: 'Signs the unsubscribe links in Smart Spend e-mails',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    Validations.of(this.unsubscribeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'An HMAC key that signs unsubscribe links; rotating it would break every link already e-mailed, and nothing else reads it.',
    });

    this.mailFunction = new SmartSpendFunction(this, 'Mail', {
      entry: 'lambdas/handlers/mail.ts',
      serviceName: 'mail',
      description:
        'E-mails outbox notifications through SES, each at most once; relays the outbox and writes the weekly digest on schedule',
      timeout: Duration.minutes(1),
      logRetention,
    });
    this.queue = new WorkQueue(this, 'MailQueue', {
      consumerTimeout: this.mailFunction.timeout ?? Duration.minutes(1),
    });
    this.mailFunction.addEventSource(
      new SqsEventSource(this.queue.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );
    this.queue.queue.grantSendMessages(this.mailFunction);
    database.grantDataApiAccess(this.mailFunction);
    const stack = Stack.of(this);
    this.mailFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    // The secret travels as a CloudFormation dynamic reference, resolved at deploy time: no read at cold start.
    const secretValue = this.unsubscribeSecret.secretValue.unsafeUnwrap();
    this.mailFunction.addEnvironment('MAIL_QUEUE_URL', this.queue.queue.queueUrl);
    this.mailFunction.addEnvironment('MAIL_FROM', from);
    this.mailFunction.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    this.mailFunction.addEnvironment('API_BASE_URL', props.apiBaseUrl);
    this.mailFunction.addEnvironment('UNSUBSCRIBE_SECRET', secretValue);
    props.apiFunction.addEnvironment('UNSUBSCRIBE_SECRET', secretValue);

    this.feedbackFunction = new SmartSpendFunction(this, 'Feedback', {
      entry: 'lambdas/handlers/mail-feedback.ts',
      serviceName: 'mail-feedback',
      description: 'Suppresses addresses SES reports as bouncing permanently or complaining',
      logRetention,
    });
    database.grantDataApiAccess(this.feedbackFunction);
    new Rule(this, 'BouncesAndComplaints', {
      description: 'SES bounce and complaint events of Smart Spend e-mails',
      eventPattern: { source: ['aws.ses'], detailType: ['Email Bounced', 'Email Complaint Received'] },
      targets: [new LambdaFunction(this.feedbackFunction, { retryAttempts: 4 })],
    });

    this.relay = new Schedule(this, 'Relay', {
      description: 'E-mails the Smart Spend outbox’s unsent notifications',
      schedule: props.relaySchedule ?? ScheduleExpression.expression('cron(45 3 * * ? *)'),
      timeWindow: TimeWindow.flexible(Duration.minutes(15)),
      target: new LambdaInvoke(this.mailFunction, {
        input: ScheduleTargetInput.fromObject({ action: 'relay' }),
        retryAttempts: 2,
      }),
    });
    this.digest = new Schedule(this, 'WeeklyDigest', {
      description: 'Writes and e-mails the Smart Spend weekly digest',
      schedule: props.digestSchedule ?? ScheduleExpression.expression('cron(0 7 ? * MON *)'),
      timeWindow: TimeWindow.flexible(Duration.minutes(30)),
      target: new LambdaInvoke(this.mailFunction, {
        input: ScheduleTargetInput.fromObject({ action: 'digest' }),
        retryAttempts: 2,
      }),
    });
    // LambdaInvoke creates the scheduler's invoke role at the stack's level, beside this construct.
    const schedulerRoles = Stack.of(this).node.children.filter((child) =>
      child.node.id.startsWith('SchedulerRoleForTarget'),
    );
    for (const role of schedulerRoles)
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve(Stack.of(this).getLogicalId(this.mailFunction.node.defaultChild as CfnElement))}.Arn>:*]`,
        reason:
          "EventBridge Scheduler's invoke role may call the mail function's versions (`arn:…:function:name:*`), as its LambdaInvoke target grants; only that function.",
      });
  }
}
