import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  CfnManagedLoginBranding,
  ManagedLoginVersion,
  OAuthScope,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { DockerImage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Auth } from './auth';
import { acknowledgeOnce } from './nag';

const WEB_ROOT = resolve(__dirname, '..', 'web');

/** The same headers the local server sends (lambdas/local/web-site.ts), set at the edge. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' https://*.amazoncognito.com; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export interface WebProps {
  readonly auth: Auth;
  readonly httpApi: HttpApi;
  /** Access logs of the distribution go here. */
  readonly accessLogsBucket: Bucket;
}

/**
 * The web app: built files in a private bucket behind CloudFront (origin access control,
 * HTTPS only, security headers), page addresses answered with index.html by a viewer
 * function (not by error responses, which would also turn the API's 404s into HTML), and
 * the API under the same origin at /api/* so the browser needs no CORS. Sign-in is
 * Cognito's managed login (authorization code + PKCE) through a public app client whose
 * only callback is this distribution.
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.bucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      // Rebuilt from the repository on every deploy: nothing in it is a person's data.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const spaRouting = new CloudFrontFunction(this, 'PageAddresses', {
      comment: 'Answers a page address (no file extension) with the app',
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri.indexOf('.') === -1) { r.uri = '/index.html'; } return r; }",
      ),
    });
    const stripApiPrefix = new CloudFrontFunction(this, 'ApiPrefix', {
      comment: 'Sends /api/x to the HTTP API as /x',
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; r.uri = r.uri.replace(/^\\/api(?=\\/|$)/, '') || '/'; return r; }",
      ),
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    const apiDomain = `${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Smart Spend web app and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Never cached; with caching off, this policy forwards the Authorization header too.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          functionAssociations: [{ function: stripApiPrefix, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    // Managed login on a Cognito domain named after this stack (unique per deployment).
    this.domain = props.auth.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: Fn.join('-', ['smart-spend', Fn.select(2, Fn.split('/', stack.stackId))]) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.client = props.auth.addWebClient('WebClient', {
      callbackUrls: [`${this.url}/`],
      logoutUrls: [`${this.url}/`],
      scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
    });
    new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: props.auth.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
      sources: [
        builtWebApp(),
        Source.jsonData('config.json', {
          mode: 'cognito',
          domain: `${this.domain.domainName}.auth.${stack.region}.amazoncognito.com`,
          clientId: this.client.userPoolClientId,
          redirectUri: `${this.url}/`,
          scopes: ['openid', 'email'],
        }),
      ],
    });

    // The deployment's function is a stack-level singleton of aws-cdk-lib's own.
    const deployer = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (deployer) {
      const reason =
        "aws-cdk-lib's BucketDeployment function, run only during a deploy: its managed logging policy, its runtime and the wildcards over the site bucket's objects and the CDK asset bucket are the library's own.";
      for (const id of [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'AwsSolutions-L1',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
        'AwsSolutions-IAM5[Resource::*]',
      ]) {
        acknowledgeOnce(deployer, { id, reason });
      }
    }
    acknowledgeOnce(this.distribution, {
      id: 'AwsSolutions-CFR1',
      reason: 'A personal deployment serves its owner wherever they travel; no country is blocked.',
    });
    acknowledgeOnce(this.distribution, {
      id: 'AwsSolutions-CFR2',
      reason:
        'AWS WAF costs at least $5 a month plus per-rule fees, against an idle cost near zero; the API behind it has its own throttles and per-person limits.',
    });
    acknowledgeOnce(this.distribution, {
      id: 'AwsSolutions-CFR4',
      reason:
        "The default *.cloudfront.net certificate is used, whose security policy CloudFront fixes; a custom domain with its own certificate (and TLSv1.2_2021) is the owner's choice.",
    });
  }
}

/**
 * web/ built by Vite at synth time on this machine (local bundling: no Docker, no network);
 * tests that skip bundling get the source folder, which is enough for a template.
 */
function builtWebApp() {
  return Source.asset(WEB_ROOT, {
    exclude: ['dist', 'node_modules'],
    bundling: {
      image: DockerImage.fromRegistry('local-bundling-only'),
      local: {
        tryBundle(outputDir: string) {
          const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
          execFileSync(
            process.execPath,
            [
              vite,
              'build',
              '--config',
              join(WEB_ROOT, 'vite.config.ts'),
              '--outDir',
              outputDir,
              '--emptyOutDir',
              '--logLevel',
              'warn',
            ],
            { cwd: WEB_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
          );
          return true;
        },
      },
    },
  });
}
