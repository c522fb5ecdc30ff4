import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, type ILayerVersion, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeOnce } from './nag';
import { repoPath, REPO_ROOT } from './paths';
import { METRICS_NAMESPACE } from '../lambdas/core/metrics-namespace';

/** The Lambda runtime of every function: the newest Node.js LTS that Lambda offers. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

export interface SmartSpendFunctionProps {
  /** The handler file, relative to the repository root, exporting `handler` (e.g. `lambdas/handlers/parser.ts`). */
  readonly entry: string;
  /** POWERTOOLS_SERVICE_NAME: the service name on every log line, metric and trace of this function. */
  readonly serviceName: string;
  readonly description: string;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** How long the function's log group keeps its logs. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Extra environment; bind helpers (`grant…`) add the rest. @default - none */
  readonly environment?: Record<string, string>;
  /** @default - none */
  readonly layers?: ILayerVersion[];
  /** Shell commands around esbuild (e.g. copying SQL files next to the bundle). @default - none */
  readonly commandHooks?: ICommandHooks;
}

/**
 * `NodejsFunction` with our defaults fixed once: arm64, Node.js 24, X-Ray tracing, its own log
 * group with a retention, minified CommonJS bundles with source maps, and every `@aws-sdk/*`
 * client bundled (tree-shaken, per client) rather than taken from the runtime, so the code that
 * runs is the code that was tested. Functions sit outside any VPC: they reach Aurora through the
 * Data API.
 */
export class SmartSpendFunction extends NodejsFunction {
  /** The log group the function writes to. */
  readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: SmartSpendFunctionProps) {
    const logs = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: repoPath(props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup: logs,
      layers: props.layers,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Stack traces point into the TypeScript sources through the bundled source maps.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        target: ESBUILD_TARGET,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK too (nothing external) and prefer ES module entry points so
        // esbuild can drop what a client does not use.
        externalModules: [],
        mainFields: ['module', 'main'],
        commandHooks: props.commandHooks,
      },
    });
    this.logs = logs;
    acknowledgeOnce(this, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution policy only lets the function write its own CloudWatch logs.',
    });
    acknowledgeOnce(this, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permission. Every other statement names its resources.',
    });
  }
}
