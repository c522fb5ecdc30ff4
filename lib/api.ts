import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES, routesNeed, type ApiRouteSpec } from './api-routes';
import type { Auth } from './auth';
import type { BedrockModel } from './bedrock';
import type { Database } from './database';
import { MERCHANT_KNOWLEDGE_DIR, type Pipeline } from './pipeline';
import { SmartSpendFunction } from './smart-spend-function';
import type { Storage } from './storage';

export interface ApiProps {
  readonly auth: Auth;
  readonly storage: Storage;
  readonly pipeline: Pipeline;
  readonly database: Database;
  readonly bedrock: BedrockModel;
  /** Origins allowed by the CORS preflight. @default [] (no CORS) */
  readonly corsAllowedOrigins?: string[];
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** The routes to deploy. @default API_ROUTES, generated from the application's route table */
  readonly routes?: readonly ApiRouteSpec[];
}

/**
 * The HTTP API: one api Lambda behind an explicit route list, each route behind the Cognito
 * JWT authorizer (the API's default) except the public ones, and an access log on the stage.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly function: SmartSpendFunction;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.function = new SmartSpendFunction(this, 'Handler', {
      entry: 'lambdas/handlers/api.ts',
      serviceName: 'api',
      description: 'Smart Spend HTTP API',
      // API Gateway gives up on an integration after 30 s.
      timeout: Duration.seconds(29),
      memorySize: 1024,
      logRetention: props.logRetention,
      // A correction is learned at once, with the same shipped knowledge the categoriser uses.
      layers: [props.pipeline.merchantKnowledge],
      environment: { MERCHANT_KNOWLEDGE_DIR },
    });
    props.database.grantDataApiAccess(this.function);
    props.storage.grantManageUploads(this.function);
    props.pipeline.grantSendMessages(this.function);
    const routes = props.routes ?? API_ROUTES;
    // Bedrock only when a route asks the language model: no standing grant nothing uses.
    if (routesNeed(routes, 'languageModel')) props.bedrock.grantInvoke(this.function);

    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.auth.userPool, {
      userPoolClients: [props.auth.client, props.auth.webClientRef],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Smart Spend',
      createDefaultStage: false,
      // Routes are protected unless they say otherwise.
      defaultAuthorizer: authorizer,
      // No CORS unless origins are named in context: the web app is served from the API's own origin.
      corsPreflight:
        (props.corsAllowedOrigins ?? []).length === 0
          ? undefined
          : {
              allowOrigins: props.corsAllowedOrigins ?? [],
              allowMethods: [CorsHttpMethod.ANY],
              allowHeaders: ['authorization', 'content-type'],
              maxAge: Duration.hours(1),
            },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // Ids, status and timings only: never a body, a query string or a header value.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            sub: '$context.authorizer.claims.sub',
            ip: '$context.identity.sourceIp',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            error: '$context.error.message',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // One permission for the whole API instead of one per route (the function's resource
    // policy has a size limit).
    const integration = new HttpLambdaIntegration('Handler', this.function, { scopePermissionToRoute: false });
    const noAuth = new HttpNoneAuthorizer();
    for (const route of routes) {
      const isPublic = route.auth === false;
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: isPublic ? noAuth : undefined,
      });
      if (isPublic) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by contract: a health probe and the API's own description, serving no user data.`,
        });
      }
    }
  }
}
