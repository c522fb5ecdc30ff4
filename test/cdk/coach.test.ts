import { Template } from 'aws-cdk-lib/assertions';
import { API_ROUTES, type ApiRouteSpec } from '../../lib/api-routes';
import { COACH_BLOCKED_ANSWER, COACH_BLOCKED_QUESTION } from '../../lib/coach-guardrail';
import { SmartSpendStack } from '../../lib/smart-spend-stack';
import { METRICS_NAMESPACE } from '../../lambdas/core/metrics-namespace';
import { MetricNames } from '../../lambdas/app/metric-names';
import { refId, resourcesOf, testApp } from './support';

/** The deployed routes with the coach's, whether or not the application's table has it yet. */
const WITH_COACH: readonly ApiRouteSpec[] = [
  ...API_ROUTES.filter((route) => !(route.method === 'POST' && route.path === '/coach')),
  { method: 'POST', path: '/coach', needs: ['languageModel'] },
];

function synth(context: Record<string, unknown> = {}, routes: readonly ApiRouteSpec[] = WITH_COACH) {
  const stack = new SmartSpendStack(testApp(context), 'Coach', { routes });
  const template = Template.fromStack(stack);
  const functions = new Map(
    resourcesOf(template, 'AWS::Lambda::Function').map(([id, f]) => [
      f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME as string | undefined,
      { id, props: f.Properties ?? {} },
    ]),
  );
  const fn = (service: string) => {
    const found = functions.get(service);
    if (!found) throw new Error(`no function for service ${service}`);
    return found;
  };
  const statementsOf = (service: string): Record<string, any>[] =>
    resourcesOf(template, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        (policy.Properties?.Roles ?? []).some((role: unknown) => refId(role) === refId(fn(service).props.Role)),
      )
      .flatMap(([, policy]) => policy.Properties?.PolicyDocument.Statement);
  const env = (service: string): Record<string, unknown> => fn(service).props.Environment?.Variables ?? {};
  return { template, fn, env, statementsOf, services: [...functions.keys()].filter(Boolean) as string[] };
}

const actionsOf = (statement: Record<string, any>): string[] => [statement.Action].flat();
const withAction = (statements: Record<string, any>[], action: string) =>
  statements.filter((s) => actionsOf(s).includes(action));

describe('the coach’s guardrail', () => {
  const { template, env, statementsOf, services } = synth();
  const [[guardrailId, guardrail]] = resourcesOf(template, 'AWS::Bedrock::Guardrail');
  const [[versionId, version]] = resourcesOf(template, 'AWS::Bedrock::GuardrailVersion');
  const props = guardrail.Properties ?? {};

  it('denies advice on a specific security or coin, on the question and on the answer', () => {
    const [topic] = props.TopicPolicyConfig.TopicsConfig;
    expect(props.TopicPolicyConfig.TopicsConfig).toHaveLength(1);
    expect(topic).toMatchObject({ Type: 'DENY', InputAction: 'BLOCK', OutputAction: 'BLOCK' });
    expect(topic.Definition).toMatch(/buy, sell or hold a specific stock.*cryptocurrency/);
    // Bedrock's limits: a definition of at most 200 characters, up to 5 examples of at most 100.
    expect(topic.Definition.length).toBeLessThanOrEqual(200);
    expect(topic.Examples.length).toBeLessThanOrEqual(5);
    for (const example of topic.Examples) expect(example.length).toBeLessThanOrEqual(100);
    expect(topic.Examples.join(' ')).toMatch(/Bitcoin/);
    expect(topic.Name).toMatch(/^[0-9a-zA-Z-_ !?.]+$/);
  });

  it('never lets an answer show a card, account or IBAN number, and masks e-mail addresses and phone numbers', () => {
    const entities = new Map<string, Record<string, unknown>>(
      props.SensitiveInformationPolicyConfig.PiiEntitiesConfig.map((e: Record<string, unknown>) => [e.Type, e]),
    );
    for (const type of [
      'CREDIT_DEBIT_CARD_NUMBER',
      'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
      'US_BANK_ACCOUNT_NUMBER',
      'SWIFT_CODE',
    ])
      expect(entities.get(type)).toMatchObject({ OutputEnabled: true, OutputAction: 'BLOCK' });
    for (const type of ['EMAIL', 'PHONE'])
      expect(entities.get(type)).toMatchObject({ OutputEnabled: true, OutputAction: 'ANONYMIZE' });
    // Never BLOCK on the way in: a phone number in a merchant's name inside a tool result would stop every answer.
    for (const entity of entities.values()) expect(entity.InputAction).toBe('ANONYMIZE');
    const [ukAccount] = props.SensitiveInformationPolicyConfig.RegexesConfig;
    const pattern = new RegExp(ukAccount.Pattern);
    expect(pattern.test('paid from 12-34-56 12345678 last week')).toBe(true);
    expect(pattern.test('you spent 1,234.56 on 2024-03-15')).toBe(false);
    expect(ukAccount).toMatchObject({ OutputAction: 'BLOCK' });
  });

  it('filters harmful content and prompt attacks on the input, as Bedrock allows', () => {
    const filters = new Map<string, Record<string, unknown>>(
      props.ContentPolicyConfig.FiltersConfig.map((f: Record<string, unknown>) => [f.Type, f]),
    );
    expect([...filters.keys()].sort()).toEqual([
      'HATE',
      'INSULTS',
      'MISCONDUCT',
      'PROMPT_ATTACK',
      'SEXUAL',
      'VIOLENCE',
    ]);
    expect(filters.get('PROMPT_ATTACK')).toMatchObject({ InputStrength: 'HIGH', OutputStrength: 'NONE' });
    for (const type of ['HATE', 'INSULTS', 'MISCONDUCT', 'SEXUAL', 'VIOLENCE'])
      expect(filters.get(type)).toMatchObject({ InputStrength: 'MEDIUM', OutputStrength: 'MEDIUM' });
  });

  it('tells the person, in words, what it cannot do and what to ask instead', () => {
    expect(props.BlockedInputMessaging).toBe(COACH_BLOCKED_QUESTION);
    expect(props.BlockedOutputsMessaging).toBe(COACH_BLOCKED_ANSWER);
    for (const message of [COACH_BLOCKED_QUESTION, COACH_BLOCKED_ANSWER]) {
      expect(message.length).toBeLessThanOrEqual(500);
      expect(message).toMatch(/spending, budgets, bills/);
      expect(message).not.toMatch(/guardrail|policy|blocked|error/i);
    }
  });

  it('is applied at a published version: the api gets its id and version, and may apply it and no other', () => {
    expect(refId(version.Properties?.GuardrailIdentifier)).toBe(guardrailId);
    expect(env('api').COACH_GUARDRAIL_ID).toEqual({ 'Fn::GetAtt': [guardrailId, 'GuardrailId'] });
    expect(env('api').COACH_GUARDRAIL_VERSION).toEqual({ 'Fn::GetAtt': [versionId, 'Version'] });
    expect(withAction(statementsOf('api'), 'bedrock:ApplyGuardrail')).toEqual([
      { Effect: 'Allow', Action: 'bedrock:ApplyGuardrail', Resource: { 'Fn::GetAtt': [guardrailId, 'GuardrailArn'] } },
    ]);
    for (const service of services.filter((s) => s !== 'api')) {
      expect([service, withAction(statementsOf(service), 'bedrock:ApplyGuardrail')]).toEqual([service, []]);
      expect([service, env(service).COACH_GUARDRAIL_ID]).toEqual([service, undefined]);
    }
  });

  it('names a hash of its policy in the version, the same on every synth, so only a policy change publishes a new version', () => {
    const again = resourcesOf(synth().template, 'AWS::Bedrock::GuardrailVersion')[0][1];
    expect(again.Properties?.Description).toBe(version.Properties?.Description);
    expect(version.Properties?.Description).toMatch(/^policy [0-9a-f]{16}$/);
  });

  it('is neither granted nor named to the api while no route needs the language model', () => {
    const routes = WITH_COACH.filter((route) => !route.needs?.includes('languageModel'));
    const { env: envWithout, statementsOf: statementsWithout } = synth({}, routes);
    expect(envWithout('api').COACH_GUARDRAIL_ID).toBeUndefined();
    expect(envWithout('api').BEDROCK_MODEL_ID).toBeUndefined();
    expect(
      statementsWithout('api').filter((s) => actionsOf(s).some((action) => action.startsWith('bedrock:'))),
    ).toEqual([]);
  });
});

describe('the coach’s model', () => {
  it('is the categorisation model unless context coachModelId names another', () => {
    const { env } = synth();
    expect(env('api').BEDROCK_MODEL_ID).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(env('categoriser').BEDROCK_MODEL_ID).toBe('anthropic.claude-3-haiku-20240307-v1:0');
  });

  it('may be a cross-region inference profile: the api may invoke it and its model in the profile’s Regions only', () => {
    const profile = 'eu.anthropic.claude-3-5-haiku-20241022-v1:0';
    const { env, statementsOf } = synth({ coachModelId: profile });
    expect(env('api').BEDROCK_MODEL_ID).toBe(profile);
    // The categoriser keeps its own model.
    expect(env('categoriser').BEDROCK_MODEL_ID).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    const [invoke] = withAction(statementsOf('api'), 'bedrock:InvokeModel');
    const resources = JSON.stringify(invoke.Resource);
    expect(resources).toContain(`:inference-profile/${profile}`);
    expect(resources).toContain(':bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(resources).not.toContain('claude-3-haiku-20240307');
  });
});

describe('the coach’s daily-spend alarm', () => {
  const spendAlarm = (template: Template) =>
    resourcesOf(template, 'AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties ?? {})
      .filter((alarm) => alarm.MetricName === MetricNames.coachCostMicroUsd);

  it('sums what the api’s answers cost over a rolling day and tells the alarm topic above $2', () => {
    const { template } = synth();
    const [[topicId]] = resourcesOf(template, 'AWS::SNS::Topic');
    expect(spendAlarm(template)).toEqual([
      expect.objectContaining({
        Namespace: METRICS_NAMESPACE,
        Dimensions: [{ Name: 'service', Value: 'api' }],
        Statistic: 'Sum',
        Period: 86_400,
        EvaluationPeriods: 1,
        Threshold: 2_000_000,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
      }),
    ]);
  });

  it('takes its budget from context coachDailyBudgetUsd, and refuses one that is not a positive amount', () => {
    expect(spendAlarm(synth({ coachDailyBudgetUsd: '0.75' }).template)[0].Threshold).toBe(750_000);
    expect(() => synth({ coachDailyBudgetUsd: 'lots' })).toThrow(/coachDailyBudgetUsd/);
    expect(() => synth({ coachDailyBudgetUsd: -1 })).toThrow(/coachDailyBudgetUsd/);
  });
});

describe('DELETE /me on AWS', () => {
  it('lets the api delete users of the one user pool, and nothing else of it', () => {
    const { template, env, statementsOf, services } = synth();
    const [[poolId]] = resourcesOf(template, 'AWS::Cognito::UserPool');
    expect(env('api').USER_POOL_ID).toEqual({ Ref: poolId });
    const cognito = statementsOf('api').filter((s) => actionsOf(s).some((action) => action.startsWith('cognito-idp:')));
    expect(cognito).toEqual([
      { Effect: 'Allow', Action: 'cognito-idp:AdminDeleteUser', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } },
    ]);
    for (const service of services.filter((s) => s !== 'api'))
      expect([
        service,
        statementsOf(service)
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('cognito-idp:')),
      ]).toEqual([service, []]);
  });
});
