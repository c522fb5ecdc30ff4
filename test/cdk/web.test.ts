import { Match } from 'aws-cdk-lib/assertions';
import { refId, resourcesOf, synthStack } from './support';

describe('web app on AWS', () => {
  const { stack, template } = synthStack();
  const distribution = () =>
    resourcesOf(template, 'AWS::CloudFront::Distribution')[0][1].Properties!.DistributionConfig;

  it('keeps the site bucket private and reachable only through CloudFront with origin access control', () => {
    const siteBucket = stack.getLogicalId(stack.web.bucket.node.defaultChild as never);
    template.hasResourceProperties(
      'AWS::S3::Bucket',
      Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    expect(resourcesOf(template, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    const origins = distribution().Origins as { DomainName: unknown; OriginAccessControlId?: unknown }[];
    const s3 = origins.find((o) => refId(o.DomainName) === siteBucket);
    expect(s3?.OriginAccessControlId).toBeDefined();
    const policy = resourcesOf(template, 'AWS::S3::BucketPolicy').find(
      ([, p]) => refId(p.Properties!.Bucket) === siteBucket,
    )![1];
    expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain('cloudfront.amazonaws.com');
  });

  it('serves only over HTTPS with security headers, and answers page addresses with the app', () => {
    const config = distribution();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.CustomErrorResponses).toBeUndefined();
    const [, headers] = resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy')[0];
    const security = headers.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.ContentSecurityPolicy.ContentSecurityPolicy).toContain("default-src 'self'");
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(security.FrameOptions.FrameOption).toBe('DENY');
    const functions = resourcesOf(template, 'AWS::CloudFront::Function').map(
      ([, f]) => f.Properties!.FunctionCode as string,
    );
    expect(functions.some((code) => code.includes("'/index.html'"))).toBe(true);
  });

  it('sends /api/* to the HTTP API uncached, with the prefix stripped, so the browser needs no CORS', () => {
    const behaviours = distribution().CacheBehaviors as Record<string, any>[];
    const api = behaviours.find((b) => b.PathPattern === '/api/*')!;
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
    const origin = (distribution().Origins as { Id: string; DomainName: unknown }[]).find(
      (o) => o.Id === api.TargetOriginId,
    )!;
    expect(JSON.stringify(origin.DomainName)).toContain('execute-api');
    const functions = resourcesOf(template, 'AWS::CloudFront::Function').map(
      ([, f]) => f.Properties!.FunctionCode as string,
    );
    expect(functions.some((code) => code.includes('^\\/api'))).toBe(true);
  });

  it('signs in with managed login: a public client, authorization code only, calling back to the distribution', () => {
    const webClient = stack.getLogicalId(stack.web.client.node.defaultChild as never);
    const web = resourcesOf(template, 'AWS::Cognito::UserPoolClient').find(([id]) => id === webClient)![1].Properties!;
    expect(web.AllowedOAuthFlows).toEqual(['code']);
    expect(web.GenerateSecret).toBe(false);
    expect(JSON.stringify(web.CallbackURLs)).toContain('DomainName');
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('accepts tokens of the web client at the API', () => {
    const [, authorizer] = resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer')[0];
    const webClient = stack.getLogicalId(stack.web.client.node.defaultChild as never);
    expect((authorizer.Properties!.JwtConfiguration.Audience as unknown[]).map(refId)).toContain(webClient);
  });
});
