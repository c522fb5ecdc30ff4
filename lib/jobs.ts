import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { SecurityGroup, SubnetType, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import {
  Cluster,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
  type ContainerDefinition,
} from 'aws-cdk-lib/aws-ecs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Schedule, ScheduleExpression, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { EcsRunFargateTask } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { Database } from './database';
import { REPO_ROOT } from './paths';
import { METRICS_NAMESPACE } from '../lambdas/core/metrics-namespace';

/** The task's Dockerfile, relative to the build context (the repository root). */
export const RETRAIN_DOCKERFILE = 'lambdas/tasks/Dockerfile';

/**
 * What never goes into the image's build context, on top of `.dockerignore` (which lists what
 * does). Without it, staging would copy node_modules into cdk.out at every synth.
 */
export const IMAGE_CONTEXT_EXCLUDE = [
  '**/node_modules',
  'cdk.out',
  '**/cdk.out',
  '.git',
  '.smart-spend',
  'test',
  'bench',
  'coverage',
];

export interface JobsProps {
  readonly vpc: IVpc;
  readonly database: Database;
  /** When the retrain task runs. @default ScheduleExpression.expression('cron(0 3 * * ? *)') (03:00 UTC) */
  readonly schedule?: ScheduleExpression;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * Nightly batch work on Fargate: retraining per-user models, re-categorising backfills and the
 * full forecast search. The task runs in a public subnet with a public IP (to pull its image
 * and reach AWS APIs without a NAT gateway) behind a security group that admits nothing.
 */
export class Jobs extends Construct {
  readonly cluster: Cluster;
  readonly taskDefinition: FargateTaskDefinition;
  readonly container: ContainerDefinition;
  readonly securityGroup: SecurityGroup;
  readonly schedule: Schedule;
  /** Where the scheduler puts a run it could not start after its retries (RunTask refused, role, quota). */
  readonly scheduleDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.cluster = new Cluster(this, 'Cluster', { vpc: props.vpc, containerInsightsV2: ContainerInsights.DISABLED });
    Validations.of(this.cluster).acknowledge({
      id: 'AwsSolutions-ECS4',
      reason:
        'Container Insights bills custom metrics per cluster every month; one short nightly task is watched through its logs and exit code instead, keeping the idle cost near zero.',
    });

    this.taskDefinition = new FargateTaskDefinition(this, 'Retrain', {
      cpu: 1024,
      memoryLimitMiB: 2048,
      // x86-64 so the image builds natively on any Docker host at deploy, without emulation.
      runtimePlatform: { cpuArchitecture: CpuArchitecture.X86_64, operatingSystemFamily: OperatingSystemFamily.LINUX },
    });
    const logs = new LogGroup(this, 'RetrainLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.container = this.taskDefinition.addContainer('retrain', {
      image: ContainerImage.fromAsset(REPO_ROOT, {
        file: RETRAIN_DOCKERFILE,
        exclude: IMAGE_CONTEXT_EXCLUDE,
        platform: Platform.LINUX_AMD64,
      }),
      logging: LogDrivers.awsLogs({ streamPrefix: 'retrain', logGroup: logs }),
      environment: { POWERTOOLS_SERVICE_NAME: 'retrain', POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE },
      readonlyRootFilesystem: true,
    });
    props.database.grantDataApiAccessToContainer(this.container);
    Validations.of(this.taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken, needed to pull the task image, supports no resource-level permission; image pulls themselves are limited to the CDK assets repository.',
    });
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds resource names and ARNs only (cluster, secret ARN, database name); the credentials themselves stay in Secrets Manager and are read through the Data API.',
    });

    this.securityGroup = new SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: props.vpc,
      description: 'Smart Spend retrain task: outbound only (image pull, Data API, AWS APIs), no inbound rule',
      allowAllOutbound: true,
    });

    this.scheduleDeadLetterQueue = new Queue(this, 'ScheduleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the scheduler puts a run here that it could not start, and an alarm watches it.',
    });

    this.schedule = new Schedule(this, 'Nightly', {
      description: 'Runs the Smart Spend retrain task nightly',
      schedule: props.schedule ?? ScheduleExpression.expression('cron(0 3 * * ? *)'),
      timeWindow: TimeWindow.flexible(Duration.minutes(30)),
      target: new EcsRunFargateTask(this.cluster, {
        taskDefinition: this.taskDefinition,
        vpcSubnets: { subnetType: SubnetType.PUBLIC },
        assignPublicIp: true,
        securityGroups: [this.securityGroup],
        retryAttempts: 2,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.scheduleDeadLetterQueue,
      }),
    });
  }
}
