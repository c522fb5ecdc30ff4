import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import { CfnGuardrail, CfnGuardrailVersion } from 'aws-cdk-lib/aws-bedrock';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** What a person reads when the guardrail stops their question (at most 500 characters). */
export const COACH_BLOCKED_QUESTION =
  "I can't help with that one. I can explain your own spending, budgets, bills and goals, but I don't recommend specific investments such as a stock or a cryptocurrency, and I never handle card or account numbers. Try asking where your money went last month, or what you could cut to save.";

/** What a person reads when the guardrail stops an answer before it reaches them (at most 500 characters). */
export const COACH_BLOCKED_ANSWER =
  "I couldn't give that answer: it would have recommended a specific investment or shown personal details such as a card or account number. Ask me about your spending, budgets, bills or goals instead, and for investment choices speak to a regulated adviser.";

/**
 * Denied: a recommendation about one named security or coin. Saving more, or how a pension or
 * an index fund works in general, is the coach's to explain; "buy this" is a regulated activity.
 */
const SPECIFIC_INVESTMENT_ADVICE: CfnGuardrail.TopicConfigProperty = {
  name: 'Specific investment advice',
  type: 'DENY',
  definition:
    'Recommending to buy, sell or hold a specific stock, bond, fund, cryptocurrency or other security, picking investments, or predicting the price of one.',
  examples: [
    'Should I buy Tesla shares with my savings?',
    'Which crypto coin will go up next month?',
    'Is now a good time to sell my Apple stock?',
    'Put my 1,200 surplus into Bitcoin or Ethereum?',
    'What are the best stocks to buy this year?',
  ],
  inputEnabled: true,
  inputAction: 'BLOCK',
  outputEnabled: true,
  outputAction: 'BLOCK',
};

/** Personal data an answer must never show: numbers that move money are blocked, contact details masked. */
const BLOCKED_IN_ANSWERS = [
  'CREDIT_DEBIT_CARD_NUMBER',
  'CREDIT_DEBIT_CARD_CVV',
  'CREDIT_DEBIT_CARD_EXPIRY',
  'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  'US_BANK_ACCOUNT_NUMBER',
  'US_BANK_ROUTING_NUMBER',
  'SWIFT_CODE',
  'PIN',
  'PASSWORD',
] as const;
const MASKED_IN_ANSWERS = ['EMAIL', 'PHONE'] as const;

/**
 * Masked on the way in and blocked on the way out: a British sort code with its account number,
 * which no managed entity names ("12-34-56 12345678").
 */
const UK_ACCOUNT: CfnGuardrail.RegexConfigProperty = {
  name: 'UK sort code and account number',
  description: 'A sort code followed by an eight-digit account number',
  pattern: '\\b\\d{2}-\\d{2}-\\d{2}[ ,/]*\\d{8}\\b',
  action: 'BLOCK',
  inputEnabled: true,
  inputAction: 'ANONYMIZE',
  outputEnabled: true,
  outputAction: 'BLOCK',
};

/**
 * Harmful content is refused both ways at MEDIUM: HIGH would also stop ordinary merchant names
 * the coach quotes (a gun club's fee, a bar's bill). Prompt attacks are judged on the input only
 * (Bedrock refuses any other output strength for them); the coach also delimits every description
 * as data, so this is a second line, not the only one.
 */
const CONTENT_FILTERS: CfnGuardrail.ContentFilterConfigProperty[] = [
  ...(['SEXUAL', 'VIOLENCE', 'HATE', 'INSULTS', 'MISCONDUCT'] as const).map((type) => ({
    type,
    inputStrength: 'MEDIUM',
    outputStrength: 'MEDIUM',
  })),
  { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' },
];

/**
 * The Bedrock Guardrail on every coach answer: a denied topic (specific securities and crypto
 * advice), personal data filters, content filters, and blocked messages written for a person.
 * The Converse call names it (COACH_GUARDRAIL_ID) at a fixed version (COACH_GUARDRAIL_VERSION),
 * never the DRAFT, so what runs is what was reviewed; the version's description carries a hash
 * of the policy, so a policy change here publishes a new version on the next deploy.
 */
export class CoachGuardrail extends Construct {
  readonly guardrail: CfnGuardrail;
  readonly version: CfnGuardrailVersion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const policy = {
      blockedInputMessaging: COACH_BLOCKED_QUESTION,
      blockedOutputsMessaging: COACH_BLOCKED_ANSWER,
      topicPolicyConfig: { topicsConfig: [SPECIFIC_INVESTMENT_ADVICE] },
      sensitiveInformationPolicyConfig: {
        piiEntitiesConfig: [
          // Input masked rather than blocked: a merchant's phone number inside a tool result must
          // not stop the whole answer; the answer itself is what must not carry one.
          ...BLOCKED_IN_ANSWERS.map((type) => ({
            type,
            action: 'BLOCK',
            inputEnabled: true,
            inputAction: 'ANONYMIZE',
            outputEnabled: true,
            outputAction: 'BLOCK',
          })),
          ...MASKED_IN_ANSWERS.map((type) => ({
            type,
            action: 'ANONYMIZE',
            inputEnabled: true,
            inputAction: 'ANONYMIZE',
            outputEnabled: true,
            outputAction: 'ANONYMIZE',
          })),
        ],
        regexesConfig: [UK_ACCOUNT],
      },
      contentPolicyConfig: { filtersConfig: CONTENT_FILTERS },
    };
    this.guardrail = new CfnGuardrail(this, 'Guardrail', {
      name: `${Stack.of(this).stackName}-coach`,
      description: 'Smart Spend coach: no specific investment advice, no personal data in answers',
      ...policy,
    });
    const policyHash = createHash('sha256').update(JSON.stringify(policy)).digest('hex').slice(0, 16);
    this.version = new CfnGuardrailVersion(this, 'Version', {
      guardrailIdentifier: this.guardrail.attrGuardrailId,
      description: `policy ${policyHash}`,
    });
  }

  /**
   * Lets `fn` apply this guardrail and nothing else (bedrock:ApplyGuardrail, which a Converse
   * call with guardrailConfig needs), and sets COACH_GUARDRAIL_ID and COACH_GUARDRAIL_VERSION.
   */
  grantApply(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['bedrock:ApplyGuardrail'], resources: [this.guardrail.attrGuardrailArn] }),
    );
    fn.addEnvironment('COACH_GUARDRAIL_ID', this.guardrail.attrGuardrailId);
    fn.addEnvironment('COACH_GUARDRAIL_VERSION', this.version.attrVersion);
  }
}
