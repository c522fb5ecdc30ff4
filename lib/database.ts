import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { FlowLogDestination, FlowLogTrafficType, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { ContainerDefinition } from 'aws-cdk-lib/aws-ecs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AuroraPostgresEngineVersion,
  ClusterInstance,
  Credentials,
  DatabaseCluster,
  DatabaseClusterEngine,
} from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Aurora PostgreSQL 17.5: a version whose Serverless v2 instances scale to 0 ACU and auto-pause. */
export const AURORA_ENGINE_VERSION = AuroraPostgresEngineVersion.VER_17_5;

export interface DatabaseProps {
  /** Aurora Serverless v2 maximum capacity in ACU. @default 2 */
  readonly maxCapacity?: number;
  /** Idle time before the cluster pauses at 0 ACU. @default Duration.minutes(5) */
  readonly autoPause?: Duration;
  /** Deletion protection on, and the cluster retained (not snapshotted) when the stack goes. @default false */
  readonly production?: boolean;
  /** Retention of the VPC flow log. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default 'smartspend' */
  readonly databaseName?: string;
}

/**
 * A VPC with no NAT gateway and no interface endpoint (public subnets for the Fargate task,
 * isolated subnets for Aurora), and Aurora Serverless v2 PostgreSQL that scales to 0 ACU and
 * pauses when idle. Lambdas stay outside the VPC and reach it through the Data API.
 */
export class Database extends Construct {
  readonly vpc: Vpc;
  readonly cluster: DatabaseCluster;
  /** The generated credentials the Data API signs in with. */
  readonly secret: ISecret;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: DatabaseProps = {}) {
    super(scope, id);
    this.databaseName = props.databaseName ?? 'smartspend';
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'isolated', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    this.vpc.addFlowLog('RejectedFlows', {
      // Rejected traffic only: what a security review asks about, at almost no ingestion cost.
      trafficType: FlowLogTrafficType.REJECT,
      destination: FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY }),
      ),
    });

    this.cluster = new DatabaseCluster(this, 'Cluster', {
      engine: DatabaseClusterEngine.auroraPostgres({ version: AURORA_ENGINE_VERSION }),
      writer: ClusterInstance.serverlessV2('Writer', { autoMinorVersionUpgrade: true }),
      serverlessV2MinCapacity: 0,
      serverlessV2MaxCapacity: props.maxCapacity ?? 2,
      serverlessV2AutoPauseDuration: props.autoPause ?? Duration.minutes(5),
      enableDataApi: true,
      credentials: Credentials.fromGeneratedSecret('smartspend_admin'),
      defaultDatabaseName: this.databaseName,
      vpc: this.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      backup: { retention: Duration.days(7) },
      deletionProtection: props.production ?? false,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
    });

    if (!this.cluster.secret) throw new Error('the database cluster has no generated secret');
    this.secret = this.cluster.secret;

    Validations.of(this.cluster).acknowledge(
      {
        id: 'AwsSolutions-RDS6',
        reason:
          'Nothing connects with a database password or IAM token: Lambdas use the Data API with the Secrets Manager secret, and the cluster accepts no inbound traffic.',
      },
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'The cluster sits in isolated subnets with no inbound rule and is reached only through the Data API; a non-default port would add nothing.',
      },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating the secret needs a rotation Lambda inside the VPC reaching Secrets Manager, i.e. a NAT gateway or an interface endpoint, which the near-zero idle cost rules out; the secret is only ever read by our own roles.',
      },
    );
    if (!props.production) {
      Validations.of(this.cluster).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason:
          'Deletion protection is on for stage=production only; development stacks must be deletable (a final snapshot is still taken).',
      });
    }
  }

  /** Lets `fn` run SQL through the Data API and read the credentials, and sets DATABASE_* in one call. */
  grantDataApiAccess(fn: lambda.Function): void {
    this.cluster.grantDataApiAccess(fn);
    for (const [name, value] of Object.entries(this.environment())) fn.addEnvironment(name, value);
  }

  /** The same for a Fargate container: its task role gets the grant, the container the variables. */
  grantDataApiAccessToContainer(container: ContainerDefinition): void {
    this.cluster.grantDataApiAccess(container.taskDefinition.taskRole);
    for (const [name, value] of Object.entries(this.environment())) container.addEnvironment(name, value);
  }

  private environment(): Record<string, string> {
    return {
      DATABASE_CLUSTER_ARN: this.cluster.clusterArn,
      DATABASE_SECRET_ARN: this.secret.secretArn,
      DATABASE_NAME: this.databaseName,
    };
  }
}
