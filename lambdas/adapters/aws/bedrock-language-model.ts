import { ConverseCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import {
  LanguageModelUnavailableError,
  type LanguageModel,
  type LanguageModelRequest,
  type LanguageModelResponse,
} from '../../ports/language-model';

const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'InternalServerException',
]);

/** Amazon Bedrock through the Converse API, throttling retried with backoff and jitter. */
export class BedrockLanguageModel implements LanguageModel {
  constructor(
    private readonly client: BedrockRuntimeClient,
    readonly modelId: string,
    private readonly options: {
      attempts?: number;
      initialDelayMs?: number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ) {}

  async converse(request: LanguageModelRequest): Promise<LanguageModelResponse> {
    const attempts = this.options.attempts ?? 5;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    let delay = this.options.initialDelayMs ?? 500;
    for (let attempt = 1; ; attempt += 1) {
      try {
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
      } catch (error) {
        const name = (error as Error).name;
        if (!RETRYABLE.has(name))
          throw new LanguageModelUnavailableError(`Bedrock refused the call (${name})`, { cause: error });
        if (attempt >= attempts)
          throw new LanguageModelUnavailableError(`Bedrock was still busy after ${attempts} attempts (${name})`, {
            cause: error,
          });
        await sleep(delay * (0.5 + Math.random()));
        delay *= 2;
      }
    }
  }
}
