import { Match } from 'aws-cdk-lib/assertions';
import { resourcesOf, synthStack } from './support';

describe('notification e-mail on AWS', () => {
  const { stack, template } = synthStack({ senderIdentity: 'alerts@example.org' });
  const mail = stack.mail!;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);

  it('sends through an SES configuration set that suppresses bounces and complaints and reports them to EventBridge', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        EventBridgeDestination: Match.anyValue(),
      },
    });
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'alerts@example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(mail.configurationSet) } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(mail.feedbackFunction), 'Arn'] } })],
    });
  });

  it('lets only the mail function send, as the configured sender, under the configuration set, and no other identity', () => {
    const policies = resourcesOf(template, 'AWS::IAM::Policy').filter(([, policy]) =>
      JSON.stringify(policy.Properties).includes('ses:SendEmail'),
    );
    expect(policies).toHaveLength(1);
    const statement = policies[0][1].Properties!.PolicyDocument.Statement.find(
      (s: { Action: unknown }) => s.Action === 'ses:SendEmail',
    );
    expect(JSON.stringify(statement.Resource)).toContain(':identity/');
    expect(JSON.stringify(statement.Resource)).toContain(':configuration-set/');
    expect(JSON.stringify(statement.Resource)).not.toContain('"*"');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MAIL_FROM: 'alerts@example.org',
          SES_CONFIGURATION_SET: { Ref: logicalId(mail.configurationSet) },
          UNSUBSCRIBE_SECRET: Match.anyValue(),
        }),
      },
    });
  });

  it('consumes the mail queue reporting partial batch failures, with a dead-letter queue, and gives the API the key that checks unsubscribe links', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(mail.mailFunction) },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(mail.queue.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(mail.queue.deadLetterQueue), 'Arn'] },
        maxReceiveCount: Match.anyValue(),
      },
    });
    const apiVariables = template.toJSON().Resources[logicalId(stack.api.function)].Properties.Environment.Variables;
    expect(JSON.stringify(apiVariables.UNSUBSCRIBE_SECRET)).toContain(logicalId(mail.unsubscribeSecret));
  });

  it('relays the outbox daily after the nightly job and writes the digest weekly, both through EventBridge Scheduler', () => {
    const schedules = resourcesOf(template, 'AWS::Scheduler::Schedule').map(([, schedule]) => schedule.Properties!);
    const mailSchedules = schedules.filter((schedule) =>
      JSON.stringify(schedule.Target.Arn).includes(logicalId(mail.mailFunction)),
    );
    expect(
      mailSchedules.map((schedule) => [schedule.ScheduleExpression, JSON.parse(schedule.Target.Input).action]).sort(),
    ).toEqual([
      ['cron(0 7 ? * MON *)', 'digest'],
      ['cron(45 3 * * ? *)', 'relay'],
    ]);
  });

  it('creates nothing for e-mail when no sender is configured: notifications stay in-app', () => {
    const { stack: plain, template: plainTemplate } = synthStack();
    expect(plain.mail).toBeUndefined();
    expect(resourcesOf(plainTemplate, 'AWS::SES::ConfigurationSet')).toHaveLength(0);
    expect(resourcesOf(plainTemplate, 'AWS::SES::EmailIdentity')).toHaveLength(0);
  });
});
