import { CLAUDE_3_HAIKU_PRICING, type ModelPricing } from './cost';

/** Bedrock on-demand prices (us-east-1, USD per million tokens) of the models a deployment is likely to choose. */
const KNOWN: [RegExp, ModelPricing][] = [
  [/claude-3-haiku/, CLAUDE_3_HAIKU_PRICING],
  [/claude-3-5-haiku/, { inputPerMillion: 0.8, outputPerMillion: 4 }],
  [/claude-3(-5|-7)?-sonnet|claude-sonnet-4/, { inputPerMillion: 3, outputPerMillion: 15 }],
  [/nova-micro/, { inputPerMillion: 0.035, outputPerMillion: 0.14 }],
  [/nova-lite/, { inputPerMillion: 0.06, outputPerMillion: 0.24 }],
  [/nova-pro/, { inputPerMillion: 0.8, outputPerMillion: 3.2 }],
];

/** The price of a Bedrock model id (an inference profile's too); Claude 3 Haiku's when unknown, so the spend alarm never reads zero. */
export function bedrockPricing(modelId: string): ModelPricing {
  return KNOWN.find(([pattern]) => pattern.test(modelId))?.[1] ?? CLAUDE_3_HAIKU_PRICING;
}

/** A self-hosted model costs nothing per token. */
export const SELF_HOSTED_PRICING: ModelPricing = { inputPerMillion: 0, outputPerMillion: 0 };
