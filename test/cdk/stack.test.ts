import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { API_ROUTES } from '../../lib/api-routes';
import { BedrockModel } from '../../lib/bedrock';
import { readConfig } from '../../lib/config';
import { migrationsHash } from '../../lib/migrations';
import { MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_FACTOR } from '../../lib/pipeline';
import { SmartSpendStack } from '../../lib/smart-spend-stack';
import { refId, resourcesOf, synthStack, testApp, type SynthesisedStack } from './support';

// One synthesis shared by every test of this file (bundling skipped: see support.ts).
let synthesised: SynthesisedStack;
let template: Template;
beforeAll(() => {
  synthesised = synthStack();
  template = synthesised.template;
});

const OUR_SERVICES = ['parser', 'categoriser', 'forecast', 'export', 'sweeper', 'api', 'migrate'];

/** Our functions (the ones SmartSpendFunction makes), by POWERTOOLS_SERVICE_NAME. */
function ourFunctions(): Map<string, { id: string; props: Record<string, any> }> {
  const found = new Map<string, { id: string; props: Record<string, any> }>();
  for (const [id, resource] of resourcesOf(template, 'AWS::Lambda::Function')) {
    const service = resource.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
    if (service) found.set(service, { id, props: resource.Properties ?? {} });
  }
  return found;
}

function fn(service: string): { id: string; props: Record<string, any> } {
  const found = ourFunctions().get(service);
  if (!found) throw new Error(`no function for service ${service}`);
  return found;
}

/** Every IAM statement attached to the role of the function `service`. */
function statementsOf(service: string): Record<string, any>[] {
  const roleId = refId(fn(service).props.Role);
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties?.Roles ?? []).some((role: unknown) => refId(role) === roleId))
    .flatMap(([, policy]) => policy.Properties?.PolicyDocument.Statement);
}

/** The queue the parser's failed S3 events go to (its EventInvokeConfig's on-failure destination). */
function parserFailuresId(): string {
  const [[, config]] = resourcesOf(template, 'AWS::Lambda::EventInvokeConfig');
  return refId(config.Properties?.DestinationConfig.OnFailure.Destination) ?? '';
}

const actionsOf = (statement: Record<string, any>): string[] => [statement.Action].flat();

describe('upload bucket', () => {
  const uploadBucket = () => {
    const [entry] = resourcesOf(template, 'AWS::S3::Bucket').filter(([, b]) =>
      JSON.stringify(b.Properties?.LifecycleConfiguration ?? {}).includes('expire-raw-uploads'),
    );
    if (!entry) throw new Error('no upload bucket');
    return entry;
  };

  it('expires exports a day after they are written', () => {
    const [, bucket] = uploadBucket();
    expect(bucket.Properties?.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Id: 'expire-exports', Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' }),
    );
  });

  it('is encrypted, blocks every kind of public access and logs access to the logs bucket', () => {
    const [, bucket] = uploadBucket();
    expect(
      bucket.Properties?.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toMatch(/^(AES256|aws:kms)$/);
    expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties?.LoggingConfiguration.DestinationBucketName).toBeDefined();
  });

  it('refuses every request that is not over TLS', () => {
    const [id] = uploadBucket();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('expires raw uploads under uploads/ after the configured number of days', () => {
    const [, bucket] = uploadBucket();
    expect(bucket.Properties?.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: 'uploads/', Status: 'Enabled', ExpirationInDays: 30 }),
    );
  });

  it('is retained when the stack is deleted, and takes no cross-origin PUT unless origins are named in context', () => {
    const [, bucket] = uploadBucket();
    expect(bucket.Properties?.CorsConfiguration).toBeUndefined();
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('accepts browser PUTs to presigned URLs from the origins named in context, and the API answers their preflight', () => {
    const { template: named } = synthStack({ corsAllowedOrigins: ['https://money.example.org'] });
    const [[, bucket]] = resourcesOf(named, 'AWS::S3::Bucket').filter(([, b]) => b.Properties?.CorsConfiguration);
    expect(bucket.Properties?.CorsConfiguration.CorsRules[0]).toMatchObject({
      AllowedMethods: ['PUT'],
      AllowedOrigins: ['https://money.example.org'],
    });
    named.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://money.example.org'] }),
    });
  });

  it('refuses CORS origin * in production, naming the context key', () => {
    expect(() => synthStack({ stage: 'production', corsAllowedOrigins: ['*'] })).toThrow(/corsAllowedOrigins/);
  });

  it('invokes the parser for every object created under uploads/', () => {
    const [id] = uploadBucket();
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: id },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [fn('parser').id, 'Arn'] },
          },
        ],
      },
    });
  });
});

describe('queues', () => {
  const queues = () => resourcesOf(template, 'AWS::SQS::Queue');
  const workQueues = () => queues().filter(([, q]) => q.Properties?.RedrivePolicy);

  it('are the categorise, forecast and export queues plus one dead-letter queue each, the parser’s failure destination and the schedules’ dead-letter queues', () => {
    expect(workQueues()).toHaveLength(3);
    const deadLetterIds = workQueues().map(([, q]) => refId(q.Properties?.RedrivePolicy.deadLetterTargetArn));
    expect(new Set(deadLetterIds).size).toBe(3);
    const scheduleDeadLetters = resourcesOf(template, 'AWS::Scheduler::Schedule').map(([, s]) =>
      refId(s.Properties?.Target.DeadLetterConfig?.Arn),
    );
    expect(
      queues()
        .map(([id]) => id)
        .sort(),
    ).toEqual([...workQueues().map(([id]) => id), ...deadLetterIds, parserFailuresId(), ...scheduleDeadLetters].sort());
  });

  it('keep an S3 event the parser failed on (after two retries) in a queue with an alarm, instead of dropping it', () => {
    const [[, config]] = resourcesOf(template, 'AWS::Lambda::EventInvokeConfig');
    expect(config.Properties).toMatchObject({ FunctionName: { Ref: fn('parser').id }, MaximumRetryAttempts: 2 });
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      (a.Properties?.Dimensions ?? []).some((d: any) => refId(d.Value) === parserFailuresId()),
    );
    expect(alarms).toHaveLength(1);
  });

  it('move a message to the dead-letter queue after a few receives', () => {
    for (const [, queue] of workQueues())
      expect(queue.Properties?.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
  });

  it('are all encrypted and refuse requests without TLS', () => {
    for (const [id, queue] of queues()) {
      expect(queue.Properties?.SqsManagedSseEnabled ?? queue.Properties?.KmsMasterKeyId).toBeTruthy();
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: Match.arrayWith([{ Ref: id }]),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('hide a message for at least six times its consumer’s timeout', () => {
    const mappings = resourcesOf(template, 'AWS::Lambda::EventSourceMapping');
    for (const [queueId, queue] of workQueues()) {
      const mapping = mappings.find(([, m]) => refId(m.Properties?.EventSourceArn) === queueId);
      expect(mapping).toBeDefined();
      const consumer =
        template.findResources('AWS::Lambda::Function')[refId(mapping?.[1].Properties?.FunctionName) ?? ''];
      const timeout = consumer.Properties.Timeout as number;
      expect(queue.Properties?.VisibilityTimeout).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_FACTOR * timeout);
    }
  });

  it('are drained by consumers that report partial batch failures', () => {
    const mappings = resourcesOf(template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(3);
    const consumers = mappings.map(([, m]) => refId(m.Properties?.FunctionName));
    expect(consumers.sort()).toEqual([fn('categoriser').id, fn('forecast').id, fn('export').id].sort());
    for (const [, mapping] of mappings) {
      expect(mapping.Properties?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.Properties?.BatchSize).toBeLessThanOrEqual(10);
    }
  });
});

describe('functions', () => {
  it('are the seven handlers, each arm64 on Node.js 24 with active tracing and its own log group', () => {
    expect([...ourFunctions().keys()].sort()).toEqual([...OUR_SERVICES].sort());
    for (const { props } of ourFunctions().values()) {
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Runtime).toBe('nodejs24.x');
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.LoggingConfig.LogGroup).toBeDefined();
      expect(props.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('none of them, ours or CDK’s, runs inside a VPC', () => {
    for (const [, resource] of resourcesOf(template, 'AWS::Lambda::Function'))
      expect(resource.Properties?.VpcConfig).toBeUndefined();
  });

  it('reach Aurora through the Data API: each gets the cluster, the secret and the database name', () => {
    for (const service of OUR_SERVICES) {
      const variables = fn(service).props.Environment.Variables;
      expect(variables).toMatchObject({
        DATABASE_NAME: 'smartspend',
        DATABASE_CLUSTER_ARN: expect.anything(),
        DATABASE_SECRET_ARN: expect.anything(),
      });
      expect(statementsOf(service).flatMap(actionsOf)).toEqual(
        expect.arrayContaining(['rds-data:ExecuteStatement', 'secretsmanager:GetSecretValue']),
      );
    }
  });

  it('give the categoriser the merchant-knowledge layer and its path', () => {
    const categoriser = fn('categoriser').props;
    expect(categoriser.Layers).toHaveLength(1);
    expect(categoriser.Environment.Variables.MERCHANT_KNOWLEDGE_DIR).toBe('/opt/nodejs');
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { CompatibleRuntimes: ['nodejs24.x'] });
  });

  it('let the parser and the api send to the categorise and forecast queues, the categoriser to the forecast queue, the api alone to the export queue, and nobody else', () => {
    const workQueueIds = resourcesOf(template, 'AWS::SQS::Queue')
      .filter(([, q]) => q.Properties?.RedrivePolicy)
      .map(([id]) => id)
      .sort();
    const exportQueueId = refId(
      resourcesOf(template, 'AWS::Lambda::EventSourceMapping').find(
        ([, m]) => refId(m.Properties?.FunctionName) === fn('export').id,
      )?.[1].Properties?.EventSourceArn,
    );
    const importQueueIds = workQueueIds.filter((id) => id !== exportQueueId);
    const forecastQueueId = refId(
      resourcesOf(template, 'AWS::Lambda::EventSourceMapping').find(
        ([, m]) => refId(m.Properties?.FunctionName) === fn('forecast').id,
      )?.[1].Properties?.EventSourceArn,
    );
    const expectedTargets: Record<string, string[]> = {
      parser: [...importQueueIds, parserFailuresId()].sort(),
      api: workQueueIds,
      // The batch that decides an upload's last row queues its forecast.
      categoriser: [forecastQueueId ?? 'the forecast queue'],
    };
    for (const service of OUR_SERVICES) {
      const sends = statementsOf(service).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      const targets = sends.flatMap((s) => [s.Resource].flat().map(refId)).sort();
      expect([service, targets]).toEqual([service, expectedTargets[service] ?? []]);
    }
    expect(fn('categoriser').props.Environment.Variables).toMatchObject({ FORECAST_QUEUE_URL: expect.anything() });
    expect(fn('api').props.Environment.Variables).toMatchObject({
      CATEGORISE_QUEUE_URL: expect.anything(),
      FORECAST_QUEUE_URL: expect.anything(),
      EXPORT_QUEUE_URL: expect.anything(),
      UPLOAD_BUCKET: expect.anything(),
    });
  });

  it('each reserve the concurrency context gives them, so one function (one person’s flood) cannot take the account’s', () => {
    const reserved = Object.fromEntries(
      OUR_SERVICES.map((service) => [service, fn(service).props.ReservedConcurrentExecutions]),
    );
    expect(reserved).toEqual({ parser: 2, categoriser: 5, forecast: 2, export: 2, sweeper: 1, api: 20, migrate: 1 });
    const changed = synthStack({ reservedConcurrency: 'api=50,parser=3' }).template;
    const apiFn = resourcesOf(changed, 'AWS::Lambda::Function').find(
      ([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'api',
    );
    expect(apiFn?.[1].Properties?.ReservedConcurrentExecutions).toBe(50);
    const none = resourcesOf(synthStack({ reservedConcurrency: 'none' }).template, 'AWS::Lambda::Function');
    expect(none.filter(([, f]) => f.Properties?.ReservedConcurrentExecutions !== undefined)).toEqual([]);
    expect(() => synthStack({ reservedConcurrency: 'api=0' })).toThrow(/reservedConcurrency\.api/);
  });

  it('limit S3 access to named actions under uploads/ (and exports/ for the api)', () => {
    const s3 = (service: string) => statementsOf(service).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3('api').flatMap(actionsOf).sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    expect(s3('parser').flatMap(actionsOf).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    for (const statement of s3('parser')) {
      const resource = JSON.stringify(statement.Resource);
      if (actionsOf(statement).includes('s3:ListBucket'))
        expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': ['uploads/*'] } });
      else expect(resource).toContain('/uploads/*');
    }
    // the api also writes, presigns GETs of and erases exports, and nothing else
    for (const statement of s3('api')) {
      const resources = [statement.Resource].flat().map((resource) => JSON.stringify(resource));
      if (actionsOf(statement).includes('s3:ListBucket'))
        expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': ['uploads/*', 'exports/*'] } });
      else
        expect(resources.map((resource) => /\/(uploads|exports)\/\*/.exec(resource)?.[1]).sort()).toEqual([
          'exports',
          'uploads',
        ]);
    }
  });
});

describe('Bedrock', () => {
  const modelArn = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':bedrock:',
        { Ref: 'AWS::Region' },
        '::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      ],
    ],
  };
  const invoke = [
    { Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: modelArn },
  ];

  it('is invocable by the categoriser and, since POST /coach needs the language model, the api; on the configured model and nothing wider', () => {
    expect(API_ROUTES.filter((route) => route.needs?.includes('languageModel')).map((r) => r.path)).toEqual(['/coach']);
    for (const service of OUR_SERVICES) {
      const bedrock = statementsOf(service).filter((s) => actionsOf(s).some((a) => a.startsWith('bedrock:')));
      if (service === 'categoriser' || service === 'api') {
        // The api also applies the coach's guardrail (test/cdk/coach.test.ts).
        expect(bedrock).toEqual(
          service === 'api' ? [...invoke, expect.objectContaining({ Action: 'bedrock:ApplyGuardrail' })] : invoke,
        );
        expect(fn(service).props.Environment.Variables.BEDROCK_MODEL_ID).toBe('anthropic.claude-3-haiku-20240307-v1:0');
      } else {
        expect([service, bedrock, fn(service).props.Environment?.Variables?.BEDROCK_MODEL_ID]).toEqual([
          service,
          [],
          undefined,
        ]);
      }
    }
    // Nowhere in the stack: a bedrock wildcard action.
    const everyAction = resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
      p.Properties?.PolicyDocument.Statement.flatMap(actionsOf),
    );
    expect(everyAction.filter((a: string) => a.startsWith('bedrock:') && a.includes('*'))).toEqual([]);
  });

  it('is granted to the api function as soon as one route declares that it needs the language model', () => {
    const routes = API_ROUTES.filter((route) => route.path !== '/coach');
    expect(routes.some((route) => route.needs?.includes('languageModel'))).toBe(false);
    const withoutCoach = resourcesOf(
      Template.fromStack(new SmartSpendStack(testApp(), 'WithoutCoach', { routes })),
      'AWS::Lambda::Function',
    ).find(([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'api');
    expect(withoutCoach?.[1].Properties?.Environment.Variables.BEDROCK_MODEL_ID).toBeUndefined();
    const stack = new SmartSpendStack(testApp(), 'WithCoach', { routes: API_ROUTES });
    const api = resourcesOf(Template.fromStack(stack), 'AWS::Lambda::Function').find(
      ([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'api',
    );
    expect(api?.[1].Properties?.Environment.Variables.BEDROCK_MODEL_ID).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    const roleId = refId(api?.[1].Properties?.Role);
    const statements = resourcesOf(Template.fromStack(stack), 'AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties?.Roles ?? []).some((role: unknown) => refId(role) === roleId))
      .flatMap(([, policy]) => policy.Properties?.PolicyDocument.Statement);
    // The invoke grant and the coach's guardrail (test/cdk/coach.test.ts), nothing else of Bedrock.
    expect(statements.filter((s: Record<string, any>) => actionsOf(s).some((a) => a.startsWith('bedrock:')))).toEqual([
      ...invoke,
      expect.objectContaining({ Action: 'bedrock:ApplyGuardrail' }),
    ]);
  });

  it('grants an inference profile and its foundation model, in the profile’s Regions, when the id names a profile', () => {
    const stack = new Stack(new App(), 'Profile');
    const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const model = new BedrockModel(stack, 'Model', { modelId: 'eu.anthropic.claude-3-haiku-20240307-v1:0' });
    role.addToPolicy(new PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: model.resourceArns }));
    expect(model.isInferenceProfile).toBe(true);
    expect(stack.resolve(model.resourceArns)).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':bedrock:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0',
          ],
        ],
      },
      {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'],
        ],
      },
    ]);
  });
});

describe('HTTP API', () => {
  const routes = () => resourcesOf(template, 'AWS::ApiGatewayV2::Route');
  const PUBLIC = ['GET /health', 'GET /openapi.json', 'GET /unsubscribe'];

  it('puts the Cognito JWT authorizer on every route but /health, /openapi.json and the signed /unsubscribe link', () => {
    const [[authorizerId, authorizer]] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer');
    // The API client (scripts, the README's curl) and the web app's managed-login client.
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [{ Ref: expect.any(String) }, { Ref: expect.any(String) }] },
    });
    expect(JSON.stringify(authorizer.Properties?.JwtConfiguration.Issuer)).toContain('cognito-idp.');
    expect(routes().length).toBe(API_ROUTES.length);
    for (const [, route] of routes()) {
      const key = route.Properties?.RouteKey as string;
      if (PUBLIC.includes(key)) {
        expect([key, route.Properties?.AuthorizationType, route.Properties?.AuthorizerId]).toEqual([
          key,
          'NONE',
          undefined,
        ]);
      } else {
        expect([key, route.Properties?.AuthorizationType, refId(route.Properties?.AuthorizerId)]).toEqual([
          key,
          'JWT',
          authorizerId,
        ]);
      }
    }
  });

  it('routes every endpoint to the one api function, with no catch-all', () => {
    const keys = routes().map(([, r]) => r.Properties?.RouteKey);
    expect(keys.some((key) => String(key).includes('{proxy+}'))).toBe(false);
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    expect(integrations).toHaveLength(1);
    expect(JSON.stringify(integrations[0][1].Properties?.IntegrationUri)).toContain(fn('api').id);
    for (const [, route] of routes()) expect(route.Properties?.Target).toEqual(routes()[0][1].Properties?.Target);
  });

  it('deploys exactly the routes of the application’s router, with the same authentication, both ways', async () => {
    const { apiRoutes } = await import('../../lambdas/app/api/routes');
    const served = apiRoutes
      .map((route) => `${route.method} ${route.path} ${route.auth === false ? 'public' : 'JWT'}`)
      .sort();
    const deployed = routes()
      .map(
        ([, route]) =>
          `${route.Properties?.RouteKey} ${route.Properties?.AuthorizationType === 'NONE' ? 'public' : route.Properties?.AuthorizationType}`,
      )
      .sort();
    // Every route the application serves is deployed, and every deployed route is served.
    expect(deployed.filter((key) => !served.includes(key))).toEqual([]);
    expect(served.filter((key) => !deployed.includes(key))).toEqual([]);
    expect(deployed).toHaveLength(new Set(deployed).size);
  });

  it('writes an access log on its stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('Cognito', () => {
  it('signs in by e-mail with a strong password policy', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('has a public app client for SRP only, and USER_PASSWORD_AUTH only when asked for', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
    });
    const flows = (t: Template) => resourcesOf(t, 'AWS::Cognito::UserPoolClient')[0][1].Properties?.ExplicitAuthFlows;
    expect(flows(template)).toContain('ALLOW_USER_SRP_AUTH');
    expect(flows(template)).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(flows(synthStack({ userPasswordAuth: 'true' }).template)).toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('lets nobody sign themselves up by default, and requires MFA in production', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
    });
    synthStack({
      stage: 'production',
      corsAllowedOrigins: ['https://money.example.org'],
    }).template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
  });
});

describe('database', () => {
  it('is Aurora Serverless v2 PostgreSQL at 0 ACU minimum that pauses, with the Data API on', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EngineVersion: Match.stringLikeRegexp('^1[67]\\.'),
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 2, SecondsUntilAutoPause: 300 },
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      DatabaseName: 'smartspend',
      MasterUserPassword: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
    // the master (owner) and the app and jobs logins
    template.resourceCountIs('AWS::SecretsManager::Secret', 3);
  });

  it('lives in isolated subnets only', () => {
    const [[, subnetGroup]] = resourcesOf(template, 'AWS::RDS::DBSubnetGroup');
    const subnets = template.findResources('AWS::EC2::Subnet');
    for (const ref of subnetGroup.Properties?.SubnetIds ?? []) {
      expect(subnets[refId(ref) ?? ''].Properties.Tags).toContainEqual({
        Key: 'aws-cdk:subnet-type',
        Value: 'Isolated',
      });
    }
  });

  it('costs nothing while idle: no NAT gateway, no RDS Proxy, no interface endpoint', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    for (const [, endpoint] of resourcesOf(template, 'AWS::EC2::VPCEndpoint'))
      expect(endpoint.Properties?.VpcEndpointType).not.toBe('Interface');
  });

  it('is protected from deletion in development only by a final snapshot', () => {
    const [[, cluster]] = resourcesOf(template, 'AWS::RDS::DBCluster');
    expect(cluster).toMatchObject({ DeletionPolicy: 'Snapshot' });
    expect(cluster.Properties?.DeletionProtection).toBe(false);
  });

  it('is migrated on deploy, after the cluster, whenever the handler or the SQL files change', () => {
    const [[, trigger]] = resourcesOf(template, 'Custom::Trigger');
    expect(trigger.Properties).toMatchObject({ ExecuteOnHandlerChange: true, InvocationType: 'RequestResponse' });
    expect([trigger.DependsOn].flat()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DatabaseCluster[0-9A-F]{8}$/),
        expect.stringMatching(/^DatabaseClusterWriter/),
      ]),
    );
    const version = template.findResources('AWS::Lambda::Version')[refId(trigger.Properties?.HandlerArn) ?? ''];
    expect(refId(version.Properties.FunctionName)).toBe(fn('migrate').id);
    expect(fn('migrate').props.Environment.Variables.MIGRATIONS_HASH).toBe(migrationsHash());
  });
});

describe('production stage', () => {
  it('turns deletion protection on and retains the database and the user pool', () => {
    const base = readConfig(testApp().node);
    const { template: production } = synthStack({}, { ...base, stage: 'production', production: true });
    const [[, cluster]] = resourcesOf(production, 'AWS::RDS::DBCluster');
    expect(cluster).toMatchObject({ DeletionPolicy: 'Retain', Properties: { DeletionProtection: true } });
    production.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE' },
    });
  });
});

describe('jobs', () => {
  it('run the Fargate task nightly in a public subnet with a public IP and a security group that admits nothing', () => {
    const [, schedule] = resourcesOf(template, 'AWS::Scheduler::Schedule').find(
      ([, s]) => s.Properties?.Target.EcsParameters,
    )!;
    const [[clusterId]] = resourcesOf(template, 'AWS::ECS::Cluster');
    const [[taskId]] = resourcesOf(template, 'AWS::ECS::TaskDefinition');
    const target = schedule.Properties?.Target;
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(refId(target.Arn)).toBe(clusterId);
    expect(target.EcsParameters).toMatchObject({ LaunchType: 'FARGATE', TaskDefinitionArn: { Ref: taskId } });
    const network = target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration;
    expect(network.AssignPublicIp).toBe('ENABLED');
    const subnets = template.findResources('AWS::EC2::Subnet');
    for (const ref of network.Subnets)
      expect(subnets[refId(ref) ?? ''].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Public' });
    const [groupRef] = network.SecurityGroups;
    const group = template.findResources('AWS::EC2::SecurityGroup')[refId(groupRef) ?? ''];
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    for (const [, ingress] of resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'))
      expect(refId(ingress.Properties?.GroupId)).not.toBe(refId(groupRef));
  });

  it('log through awslogs and reach the database through the Data API', () => {
    const [[, task]] = resourcesOf(template, 'AWS::ECS::TaskDefinition');
    const [container] = task.Properties?.ContainerDefinitions ?? [];
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');
    expect(container.Environment.map((e: { Name: string }) => e.Name)).toEqual(
      expect.arrayContaining(['DATABASE_CLUSTER_ARN', 'DATABASE_SECRET_ARN', 'DATABASE_NAME']),
    );
    expect(task.Properties?.RequiresCompatibilities).toEqual(['FARGATE']);
  });

  it('stage the image from lambdas/tasks/Dockerfile without node_modules, tests or cdk.out', () => {
    const assembly = synthesised.app.synth();
    const assets = JSON.parse(readFileSync(join(assembly.directory, 'SmartSpendStack.assets.json'), 'utf8')) as {
      dockerImages: Record<string, { source: { directory: string; dockerFile: string } }>;
    };
    const images = Object.values(assets.dockerImages);
    expect(images).toHaveLength(1);
    expect(images[0].source.dockerFile).toBe('lambdas/tasks/Dockerfile');
    const staged = join(assembly.directory, images[0].source.directory);
    expect(readdirSync(staged).sort()).toEqual([
      '.dockerignore',
      'lambdas',
      'layers',
      'package-lock.json',
      'package.json',
      'tsconfig.json',
    ]);
    expect(existsSync(join(staged, 'lambdas', 'tasks', 'retrain.ts'))).toBe(true);
    expect(existsSync(join(staged, 'lambdas', 'tasks', 'Dockerfile'))).toBe(true);
    expect(existsSync(join(staged, 'node_modules'))).toBe(false);
  });
});

describe('alarms', () => {
  it('fire on the first message in each dead-letter queue and on any function error, to a TLS-only topic', () => {
    const [[topicId]] = resourcesOf(template, 'AWS::SNS::Topic');
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
    const deadLetterIds = resourcesOf(template, 'AWS::SQS::Queue')
      .filter(([, q]) => q.Properties?.RedrivePolicy)
      .map(([, q]) => refId(q.Properties?.RedrivePolicy.deadLetterTargetArn));
    for (const dlq of deadLetterIds) {
      const alarm = alarms.find(
        (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && refId(a.Dimensions?.[0].Value) === dlq,
      );
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    }
    for (const { id } of ourFunctions().values()) {
      const alarm = alarms.find((a) => a.MetricName === 'Errors' && refId(a.Dimensions?.[0].Value) === id);
      expect(alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('database logins', () => {
  /** Logical ids of the secrets, by who they sign in: the master (and its attachment to the cluster), app, jobs. */
  const secrets = (t: Template = template) => {
    const all = resourcesOf(t, 'AWS::SecretsManager::Secret');
    const byUser = (username: string) =>
      all.find(
        ([, s]) => JSON.parse(s.Properties?.GenerateSecretString.SecretStringTemplate).username === username,
      )?.[0];
    const master = byUser('smartspend_admin')!;
    const attachments = resourcesOf(t, 'AWS::SecretsManager::SecretTargetAttachment').map(([id]) => id);
    return { master: [master, ...attachments], app: byUser('smart_spend_app')!, jobs: byUser('smart_spend_jobs')! };
  };
  /** Every secret a role's policies let it read, by logical id. */
  const readableSecrets = (t: Template, roleId: string | undefined) =>
    resourcesOf(t, 'AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties?.Roles ?? []).some((role: unknown) => refId(role) === roleId))
      .flatMap(([, policy]) => policy.Properties?.PolicyDocument.Statement as Record<string, any>[])
      .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
      .flatMap((statement) => [statement.Resource].flat().map(refId));

  it('let no app Lambda read the master secret: each reads its own login’s secret and signs in with it', () => {
    const { master, app, jobs } = secrets();
    const expected: Record<string, string> = {
      api: app,
      parser: app,
      categoriser: app,
      forecast: app,
      export: app,
      sweeper: jobs,
      migrate: master[0],
    };
    for (const service of OUR_SERVICES) {
      const readable = readableSecrets(template, refId(fn(service).props.Role));
      const signsInWith = refId(fn(service).props.Environment.Variables.DATABASE_SECRET_ARN);
      if (service === 'migrate') {
        // the owner, which also reads the logins' secrets to set their passwords
        expect(master).toContain(signsInWith);
        expect(readable.filter((id) => !master.includes(id!)).sort()).toEqual([app, jobs].sort());
        continue;
      }
      expect([service, signsInWith, readable]).toEqual([service, expected[service], [expected[service]]]);
    }
  });

  it('sign the Fargate jobs and the mail sender in as the jobs login, never the master', () => {
    const withMail = synthStack({ senderIdentity: 'alerts@example.org' }).template;
    const { master, jobs } = secrets(withMail);
    const [[, task]] = resourcesOf(withMail, 'AWS::ECS::TaskDefinition');
    expect(readableSecrets(withMail, refId(task.Properties?.TaskRoleArn))).toEqual([jobs]);
    const [container] = task.Properties?.ContainerDefinitions ?? [];
    const secretVariable = container.Environment.find((e: { Name: string }) => e.Name === 'DATABASE_SECRET_ARN');
    expect(refId(secretVariable.Value)).toBe(jobs);
    const mailFunctions = resourcesOf(withMail, 'AWS::Lambda::Function').filter(([, f]) =>
      /^mail/.test(f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME ?? ''),
    );
    expect(mailFunctions.length).toBeGreaterThan(0);
    for (const [, mail] of mailFunctions) {
      expect(readableSecrets(withMail, refId(mail.Properties?.Role))).toEqual([jobs]);
      expect(master).not.toContain(refId(mail.Properties?.Environment.Variables.DATABASE_SECRET_ARN));
    }
  });

  it('generate each login’s password in Secrets Manager, with the role name the migrate function creates', () => {
    const { app, jobs } = secrets();
    const generated = (id: string) => template.findResources('AWS::SecretsManager::Secret')[id].Properties;
    for (const [id, username] of [
      [app, 'smart_spend_app'],
      [jobs, 'smart_spend_jobs'],
    ]) {
      expect(generated(id).GenerateSecretString).toMatchObject({
        SecretStringTemplate: JSON.stringify({ username }),
        GenerateStringKey: 'password',
        PasswordLength: 40,
      });
    }
    expect(fn('migrate').props.Environment.Variables).toMatchObject({
      APP_LOGIN_SECRET_ARN: { Ref: app },
      JOBS_LOGIN_SECRET_ARN: { Ref: jobs },
    });
  });
});

describe('export worker', () => {
  it('runs on its own queue, one export at a time, with Lambda’s longest timeout, and writes (and aborts) only under exports/', () => {
    const exporter = fn('export');
    expect(exporter.props.Timeout).toBe(900);
    const [[, mapping]] = resourcesOf(template, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => refId(m.Properties?.FunctionName) === exporter.id,
    );
    expect(mapping.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const s3 = statementsOf('export').filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const writes = s3.filter((s) => actionsOf(s).includes('s3:PutObject'));
    // a multipart upload, aborted on failure
    expect(s3.flatMap(actionsOf).sort()).toEqual(['s3:AbortMultipartUpload', 's3:ListBucket', 's3:PutObject']);
    expect(JSON.stringify(writes[0].Resource)).toContain('/exports/*');
    expect(JSON.stringify(writes[0].Resource)).not.toContain('/uploads/*');
  });
});

describe('schedules', () => {
  // Every scheduled run reads the database and so wakes a paused Aurora: anything more often than
  // daily would keep an idle deployment's database from staying at 0 ACU, the bill the README promises.
  it('wake the database at most once a day each (fixed minute and hour, no rate)', () => {
    const expressions = resourcesOf(template, 'AWS::Scheduler::Schedule').map(
      ([, s]) => s.Properties?.ScheduleExpression as string,
    );
    expect(expressions.length).toBeGreaterThanOrEqual(2); // the nightly job and the sweeper (mail adds its own with a sender)
    for (const expression of expressions) expect(expression).toMatch(/^cron\(\d+ \d+ /);
  });
});

describe('upload sweeper', () => {
  it('runs once a day through the scheduler, with retries and a dead-letter queue that has an alarm', () => {
    const [, schedule] = resourcesOf(template, 'AWS::Scheduler::Schedule').find(
      ([, s]) => refId(s.Properties?.Target.Arn) === fn('sweeper').id,
    )!;
    // the nightly job's time: one wake of the database for both
    expect(schedule.Properties?.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(schedule.Properties?.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    const deadLetters = refId(schedule.Properties?.Target.DeadLetterConfig.Arn);
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      (a.Properties?.Dimensions ?? []).some((d: any) => refId(d.Value) === deadLetters),
    );
    expect(alarms).toHaveLength(1);
  });

  it('hands an upload left parsing past four parser timeouts back to the parser, which is all it may invoke', () => {
    const variables = fn('sweeper').props.Environment.Variables;
    expect(variables.STUCK_UPLOAD_MINUTES).toBe(String((4 * fn('parser').props.Timeout) / 60));
    expect(refId(variables.PARSER_FUNCTION_NAME)).toBe(fn('parser').id);
    const invokes = statementsOf('sweeper').filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invokes.flatMap((s) => [s.Resource].flat().map(refId))).toEqual([fn('parser').id]);
    const s3 = statementsOf('sweeper')
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('s3:'));
    expect(s3.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });
});
