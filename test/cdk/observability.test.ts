import { Match } from 'aws-cdk-lib/assertions';
import { METRICS_NAMESPACE } from '../../lambdas/core/metrics-namespace';
import { refId, resourcesOf, synthStack } from './support';

const { template } = synthStack();
const [[topicId]] = resourcesOf(template, 'AWS::SNS::Topic');
const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties ?? {});
const services = new Set(
  resourcesOf(template, 'AWS::Lambda::Function')
    .map(([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
    .filter(Boolean),
);

/** The alarm on one of the application's metrics for one service, or undefined. */
const appAlarm = (metricName: string, service: string) =>
  alarms.find(
    (a) =>
      a.Namespace === METRICS_NAMESPACE &&
      a.MetricName === metricName &&
      a.Dimensions?.some((d: { Name: string; Value: string }) => d.Name === 'service' && d.Value === service),
  );

describe('alarms on what the application tells', () => {
  it('every function emits into the one namespace the alarms read', () => {
    for (const [, f] of resourcesOf(template, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
    )) {
      expect(f.Properties?.Environment?.Variables?.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    }
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([{ Name: 'POWERTOOLS_METRICS_NAMESPACE', Value: METRICS_NAMESPACE }]),
        }),
      ],
    });
  });

  it('alarm on the first router 5xx, failed queue record and Bedrock outage, for services that exist', () => {
    const watched = [
      ['ApiServerErrors', 'api'],
      ['FailedQueueRecords', 'categoriser'],
      ['FailedQueueRecords', 'forecast'],
      ['LanguageModelOutages', 'categoriser'],
    ];
    for (const [metric, service] of watched) {
      expect(services).toContain(service);
      expect(appAlarm(metric, service)).toMatchObject({
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it('tell the alarm topic when the scheduled retrain task stops with a non-zero exit code or never starts', () => {
    const [[taskId]] = resourcesOf(template, 'AWS::ECS::TaskDefinition');
    const [[clusterId]] = resourcesOf(template, 'AWS::ECS::Cluster');
    const rules = resourcesOf(template, 'AWS::Events::Rule').filter(
      ([, r]) => r.Properties?.EventPattern?.['detail-type']?.[0] === 'ECS Task State Change',
    );
    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0];
    const detail = rule.Properties?.EventPattern.detail;
    expect(refId(detail.clusterArn[0])).toBe(clusterId);
    expect(refId(detail.taskDefinitionArn[0])).toBe(taskId);
    expect(detail.lastStatus).toEqual(['STOPPED']);
    expect(detail.$or).toEqual([
      { containers: { exitCode: [{ 'anything-but': 0 }] } },
      { stopCode: ['TaskFailedToStart'] },
    ]);
    // The event itself (stop reason, exit codes) goes to the alarm topic, as it happens.
    expect(rule.Properties?.Targets.map((t: { Arn: unknown }) => refId(t.Arn))).toEqual([topicId]);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
    expect(ruleId).toBeDefined();
  });

  it('alarm when the scheduler could not start the retrain task at all (its dead-letter queue)', () => {
    const [, schedule] = resourcesOf(template, 'AWS::Scheduler::Schedule')[0];
    const dlq = refId(schedule.Properties?.Target.DeadLetterConfig.Arn);
    expect(dlq).toBeDefined();
    const alarm = alarms.find(
      (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && refId(a.Dimensions?.[0].Value) === dlq,
    );
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 0, AlarmActions: [{ Ref: topicId }] });
  });
});
