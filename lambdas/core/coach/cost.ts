/** Prices of a model in US dollars per million tokens. */
export interface ModelPricing {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Claude 3 Haiku on Bedrock (us-east-1, on demand), the default coach model: the README's arithmetic uses it. */
export const CLAUDE_3_HAIKU_PRICING: ModelPricing = { inputPerMillion: 0.25, outputPerMillion: 1.25 };

/** What one answer cost, in US dollars. */
export function answerCostUsd(inputTokens: number, outputTokens: number, pricing = CLAUDE_3_HAIKU_PRICING): number {
  return (inputTokens * pricing.inputPerMillion + outputTokens * pricing.outputPerMillion) / 1_000_000;
}

/**
 * Tokens a text would take, when no model counted them: about four characters a token for
 * English prose and JSON (Anthropic's and OpenAI's rule of thumb); an estimate, named as such.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
