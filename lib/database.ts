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
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Grant } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * Who a function signs in to Aurora as (through the Data API, by the secret it is given):
 * - `owner`: the master user, which owns the tables: the migrate function only;
 * - `app`: owns nothing, reads and writes under the row-level-security policies (the API and the workers);
 * - `jobs`: the app's rights plus the jobs group's policies (work across people: the scheduled
 *   jobs, the sweeper, the mail sender).
 */
export type DatabaseLogin = 'owner' | 'app' | 'jobs';

/** The login roles' names on Aurora (the migrate function creates them from their secrets). */
export const LOGIN_ROLE_NAMES = { app: 'smart_spend_app', jobs: 'smart_spend_jobs' } as const;

/** The Data API actions a login needs, on the cluster only (what DatabaseCluster.grantDataApiAccess grants). */
const DATA_API_ACTIONS = [
  'rds-data:BatchExecuteStatement',
  'rds-data:BeginTransaction',
  'rds-data:CommitTransaction',
  'rds-data:ExecuteStatement',
  'rds-data:RollbackTransaction',
];

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
  /** The master user's generated credentials: the tables' owner, for the migrate function only. */
  readonly secret: ISecret;
  /** The app login's credentials (username and a generated password): the API and the workers. */
  readonly appSecret: Secret;
  /** The jobs login's credentials: work across people. */
  readonly jobsSecret: Secret;
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
    this.appSecret = this.loginSecret('AppLogin', LOGIN_ROLE_NAMES.app, 'the API and the workers (owns nothing)');
    this.jobsSecret = this.loginSecret('JobsLogin', LOGIN_ROLE_NAMES.jobs, 'the jobs across people');

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

  /**
   * Lets `fn` run SQL through the Data API as `login`, reading that login's secret and no other,
   * and sets DATABASE_* in one call.
   */
  grantDataApiAccess(fn: lambda.Function, login: DatabaseLogin): void {
    this.grantLogin(fn, login);
    for (const [name, value] of Object.entries(this.environment(login))) fn.addEnvironment(name, value);
  }

  /** The same for a Fargate container: its task role gets the grant, the container the variables. */
  grantDataApiAccessToContainer(container: ContainerDefinition, login: DatabaseLogin): void {
    this.grantLogin(container.taskDefinition.taskRole, login);
    for (const [name, value] of Object.entries(this.environment(login))) container.addEnvironment(name, value);
  }

  /**
   * Lets the migrate function (the owner) read the app and jobs secrets, to create those logins
   * and set their passwords; sets APP_LOGIN_SECRET_ARN and JOBS_LOGIN_SECRET_ARN.
   */
  grantSetLoginPasswords(fn: lambda.Function): void {
    this.appSecret.grantRead(fn);
    this.jobsSecret.grantRead(fn);
    fn.addEnvironment('APP_LOGIN_SECRET_ARN', this.appSecret.secretArn);
    fn.addEnvironment('JOBS_LOGIN_SECRET_ARN', this.jobsSecret.secretArn);
  }

  /** The secret a login signs in with. */
  secretOf(login: DatabaseLogin): ISecret {
    return login === 'owner' ? this.secret : login === 'app' ? this.appSecret : this.jobsSecret;
  }

  private grantLogin(grantee: IGrantable, login: DatabaseLogin): void {
    Grant.addToPrincipal({ grantee, actions: DATA_API_ACTIONS, resourceArns: [this.cluster.clusterArn] });
    this.secretOf(login).grantRead(grantee);
  }

  private environment(login: DatabaseLogin): Record<string, string> {
    return {
      DATABASE_CLUSTER_ARN: this.cluster.clusterArn,
      DATABASE_SECRET_ARN: this.secretOf(login).secretArn,
      DATABASE_NAME: this.databaseName,
    };
  }

  /** A login's secret in the Data API's shape: its username and a generated password. */
  private loginSecret(id: string, username: string, who: string): Secret {
    const secret = new Secret(this, id, {
      description: `Smart Spend database login ${username}: ${who}. The migrate function sets the role's password from it.`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username }),
        generateStringKey: 'password',
        passwordLength: 40,
        // letters and digits only: nothing to quote anywhere it travels
        excludePunctuation: true,
      },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Aurora's rotation functions must reach the cluster from inside the VPC (a NAT gateway or an interface endpoint, which the near-zero idle cost rules out). The migrate function sets this login's password from the secret on every run: to rotate, put a new value in the secret and invoke the migrate function (README, Database roles).",
    });
    return secret;
  }
}
