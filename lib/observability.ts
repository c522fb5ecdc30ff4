import { Duration, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  /** An address that receives every alarm. @default - none: subscribe to the topic yourself */
  readonly alarmEmail?: string;
}

/**
 * One SNS topic that every alarm notifies: a message waiting in any dead-letter queue, and any
 * error of any function.
 */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps = {}) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'Smart Spend alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry alarm names and metric values only, no personal data; CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer key would add a fixed monthly cost.',
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
    const alarm = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, `${name}Errors`, {
      alarmDescription: `The ${name} function reported errors`,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return this.notify(alarm);
  }

  private notify(alarm: Alarm): Alarm {
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
