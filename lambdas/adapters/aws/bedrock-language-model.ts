import { ConverseCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { LanguageModel, LanguageModelRequest, LanguageModelResponse } from '../../ports/language-model';
import { callBedrock, type BedrockRetryOptions } from './bedrock-retry';

/** Amazon Bedrock through the Converse API, throttling retried with backoff and jitter. */
export class BedrockLanguageModel implements LanguageModel {
  constructor(
    private readonly client: BedrockRuntimeClient,
    readonly modelId: string,
    private readonly options: BedrockRetryOptions = {},
  ) {}

  async converse(request: LanguageModelRequest): Promise<LanguageModelResponse> {
    return callBedrock(
      async () => {
        const response = await this.client.send(
          new ConverseCommand({
            modelId: this.modelId,
            system: [{ text: request.system }],
            messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.text }] })),
            inferenceConfig: { maxTokens: request.maxTokens ?? 2000, temperature: request.temperature ?? 0 },
          }),
        );
        const text = (response.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
        return {
          text,
          modelId: this.modelId,
          inputTokens: response.usage?.inputTokens,
          outputTokens: response.usage?.outputTokens,
        };
      },
      this.options,
      { attempts: 5, initialDelayMs: 500 },
    );
  }
}
