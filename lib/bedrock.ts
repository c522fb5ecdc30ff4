import { Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeOnce } from './nag';

/** Cross-region inference profiles are the foundation model id with a geography prefix. */
const INFERENCE_PROFILE_PREFIX = /^(us|eu|apac|us-gov|jp|au|ca|global)\.(.+)$/;

export interface BedrockModelProps {
  /** A foundation model id (`anthropic.claude-3-haiku-20240307-v1:0`) or an inference profile id (`eu.anthropic…`). */
  readonly modelId: string;
}

/**
 * The one Bedrock model Smart Spend may call. `grantInvoke` allows InvokeModel (which the
 * Converse API also needs) on that model and nothing wider, and sets BEDROCK_MODEL_ID.
 */
export class BedrockModel extends Construct {
  readonly modelId: string;
  /** The ARNs the invoke permission names. */
  readonly resourceArns: string[];
  /** True when the id names a cross-region inference profile rather than a foundation model. */
  readonly isInferenceProfile: boolean;
  /** The foundation model behind the id (the id itself unless it names an inference profile). */
  readonly foundationModelId: string;

  constructor(scope: Construct, id: string, props: BedrockModelProps) {
    super(scope, id);
    this.modelId = props.modelId;
    const profile = INFERENCE_PROFILE_PREFIX.exec(props.modelId);
    this.isInferenceProfile = profile !== null;
    this.foundationModelId = profile ? profile[2] : props.modelId;
    const stack = Stack.of(this);
    if (profile) {
      // A profile routes each call to the model in one of its geography's Regions, so IAM must
      // allow the profile and the same foundation model in every Region it may pick.
      this.resourceArns = [
        stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: props.modelId }),
        `arn:${Aws.PARTITION}:bedrock:*::foundation-model/${profile[2]}`,
      ];
    } else {
      this.resourceArns = [
        stack.formatArn({ service: 'bedrock', account: '', resource: 'foundation-model', resourceName: props.modelId }),
      ];
    }
  }

  grantInvoke(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: this.resourceArns,
      }),
    );
    fn.addEnvironment('BEDROCK_MODEL_ID', this.modelId);
    if (this.isInferenceProfile) {
      acknowledgeOnce(fn, {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${this.foundationModelId}]`,
        reason:
          'A cross-region inference profile sends each call to this one model in any Region of its geography, so the model ARN needs a Region wildcard; the model id itself is exact.',
      });
    }
  }
}
