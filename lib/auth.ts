import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Lazy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  type OAuthScope,
  UserPool,
  UserPoolClient,
  type IUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

const PLUS_PLAN_REASON =
  'Threat protection needs the Cognito Plus plan, billed per monthly active user; a self-hosted personal deployment stays on Essentials to keep its cost near zero. Strong passwords and optional TOTP remain.';

export interface AuthProps {
  /** Whether people may sign themselves up (otherwise an administrator invites them). @default false */
  readonly selfSignUp?: boolean;
  /** Whether the app client accepts USER_PASSWORD_AUTH (the password itself sent to Cognito). @default false: SRP only */
  readonly userPasswordAuth?: boolean;
  /** Deletion protection on, TOTP MFA required, and the pool retained when the stack goes. @default false */
  readonly production?: boolean;
}

/**
 * The Cognito user pool (e-mail sign-in, strong passwords, optional TOTP) and the one public
 * app client the API's JWT authorizer accepts. The pool is stateful: retained on delete.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /**
   * The web app's client as the API's JWT authorizer sees it: resolved at synth, because the
   * web client is made after the API (its callback is the CloudFront address, and CloudFront
   * sends /api/* to the API).
   */
  readonly webClientRef: IUserPoolClient;
  private webClient?: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps = {}) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      selfSignUpEnabled: props.selfSignUp ?? false,
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Required in production: a stolen password alone opens nobody's finances.
      mfa: props.production ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.production ?? false,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      // SRP for apps; USER_PASSWORD_AUTH only when asked for (context userPasswordAuth), for scripts.
      authFlows: { userSrp: true, userPassword: props.userPasswordAuth ?? false },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });

    this.webClientRef = UserPoolClient.fromUserPoolClientId(
      this,
      'WebClientRef',
      Lazy.string({
        produce: () => {
          if (!this.webClient)
            throw new Error('Auth.webClientRef is used but no web client was added (Auth.addWebClient)');
          return this.webClient.userPoolClientId;
        },
      }),
    );

    if (!props.production) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'Outside production TOTP MFA is offered (optional) rather than required, so a developer can sign in from scripts; production requires it.',
      });
    }
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG3',
        reason: PLUS_PLAN_REASON,
      },
      {
        id: 'AwsSolutions-COG8',
        reason: PLUS_PLAN_REASON,
      },
    );
  }

  /** The web app's public client: managed login, authorization code with PKCE, no secret, tokens refreshed in memory. */
  addWebClient(
    id: string,
    props: { callbackUrls: string[]; logoutUrls: string[]; scopes: OAuthScope[] },
  ): UserPoolClient {
    this.webClient = this.userPool.addClient(id, {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
        scopes: props.scopes,
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });
    return this.webClient;
  }
}
