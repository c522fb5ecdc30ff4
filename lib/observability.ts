import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, Metric, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ICluster, ITaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../lambdas/core/metrics-namespace';
import { MetricNames } from '../lambdas/app/metric-names';

export interface ObservabilityProps {
  /** An address that receives every alarm. @default - none: subscribe to the topic yourself */
  readonly alarmEmail?: string;
}

/**
 * One SNS topic that every alarm notifies: a message waiting in any dead-letter queue, any
 * error of any function, the application's own metrics (5xx answers, failed queue records,
 * language-model outages, emitted by Powertools in the one namespace); and a scheduled task that
 * stopped with a non-zero exit code or never started, sent to the same topic as it happens.
 */
/** One of the metrics the application's functions emit (lambdas/app/metric-names.ts). */
type AppMetricName = (typeof MetricNames)[keyof typeof MetricNames];

/** The sum of one of the application's metrics for one service (Powertools' `service` dimension) per `period`. */
function appMetricSum(serviceName: string, metricName: AppMetricName, period: Duration): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: serviceName },
    period,
    statistic: 'Sum',
  });
}

export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps = {}) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'Smart Spend alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and metric values only, no personal data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key would add a fixed monthly cost.',
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** Alarms as soon as one message is visible in `queue`: a message that failed every retry. */
  alarmOnDeadLetters(name: string, queue: IQueue): Alarm {
    const alarm = queue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, `${name}DeadLetters`, {
        alarmDescription: `Messages are waiting in the ${name} dead-letter queue`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    return this.notify(alarm);
  }

  /** Alarms on any invocation error of `fn`. */
  alarmOnErrors(name: string, fn: lambda.IFunction): Alarm {
    const alarm = fn
      .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
      .createAlarm(this, `${name}Errors`, {
        alarmDescription: `The ${name} function reported errors`,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    return this.notify(alarm);
  }

  /**
   * Alarms when `metricName` (one of the application's, in its namespace) sums above zero in five
   * minutes for `serviceName` (Powertools' `service` dimension, the function's service name).
   */
  alarmOnAppMetric(serviceName: string, metricName: AppMetricName, description: string): Alarm {
    const alarm = appMetricSum(serviceName, metricName, Duration.minutes(5)).createAlarm(
      this,
      `${serviceName}${metricName}`,
      {
        alarmDescription: description,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    );
    return this.notify(alarm);
  }

  /**
   * Alarms when `metricName` (a cost in millionths of a US dollar, one data point per answer) sums
   * above `budgetUsd` over the last 24 hours for `serviceName`: a one-day period over a sliding
   * window, so it fires as the day's total crosses, not at midnight.
   */
  alarmOnDailySpend(serviceName: string, metricName: AppMetricName, budgetUsd: number, description: string): Alarm {
    const alarm = appMetricSum(serviceName, metricName, Duration.days(1)).createAlarm(
      this,
      `${serviceName}${metricName}DailySpend`,
      {
        alarmDescription: `${description} ($${budgetUsd})`,
        threshold: Math.round(budgetUsd * 1_000_000),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No answers, no spend.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    );
    return this.notify(alarm);
  }

  /**
   * Tells the topic when a task of `taskDefinition` on `cluster` stops with a non-zero exit code,
   * or fails to start (image pull, capacity): ECS reports both as a Task State Change event, which
   * the topic receives whole (stop reason, exit codes; no personal data). An EventBridge rule
   * rather than a CloudWatch alarm: the event itself says why, and no metric has to be kept.
   */
  alarmOnFailedTasks(name: string, cluster: ICluster, taskDefinition: ITaskDefinition): Rule {
    const rule = new Rule(this, `${name}TaskFailed`, {
      description: `The ${name} task stopped with a non-zero exit code or never started`,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: {
          clusterArn: [cluster.clusterArn],
          taskDefinitionArn: [taskDefinition.taskDefinitionArn],
          lastStatus: ['STOPPED'],
          $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
        },
      },
    });
    rule.addTarget(new SnsTopic(this.topic));
    return rule;
  }

  private notify(alarm: Alarm): Alarm {
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
