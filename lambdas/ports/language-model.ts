/** A chat model: Amazon Bedrock (Converse API) on AWS; absent or a fake locally. */
export interface LanguageModel {
  readonly modelId: string;
  converse(request: LanguageModelRequest): Promise<LanguageModelResponse>;
}

export interface LanguageModelRequest {
  system: string;
  messages: { role: 'user' | 'assistant'; text: string }[];
  maxTokens?: number;
  temperature?: number;
}

export interface LanguageModelResponse {
  text: string;
  modelId: string;
  inputTokens?: number;
  outputTokens?: number;
}

/** The model could not be reached or refused (throttled after retries, not configured). */
export class LanguageModelUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LanguageModelUnavailableError';
  }
}
