import type { CoachMessage, CoachModel, CoachModelReply, CoachModelRequest } from '../../ports/coach-model';
import { LanguageModelUnavailableError } from '../../ports/language-model';

/**
 * Any OpenAI-compatible chat-completions endpoint with tools (llama.cpp's server, Ollama, vLLM,
 * LM Studio…): the coach's model on the local stack when COACH_MODEL_URL is set. The URL is the
 * API's base (…/v1) or the full …/chat/completions address.
 */
export class OpenAiCompatibleCoachModel implements CoachModel {
  private readonly endpoint: string;

  constructor(
    url: string,
    readonly modelId: string,
    private readonly apiKey?: string,
    private readonly timeoutMs = 120_000,
  ) {
    this.endpoint = /\/chat\/completions\/?$/.test(url) ? url : `${url.replace(/\/$/, '')}/chat/completions`;
  }

  async reply(request: CoachModelRequest): Promise<CoachModelReply> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.modelId,
          temperature: 0,
          max_tokens: request.maxTokens,
          messages: [{ role: 'system', content: request.system }, ...request.messages.flatMap(toOpenAi)],
          tools: request.tools.map((tool) => ({
            type: 'function',
            function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
          })),
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new LanguageModelUnavailableError(`the coach model at ${this.endpoint} could not be reached`, {
        cause: error,
      });
    }
    if (!response.ok)
      throw new LanguageModelUnavailableError(`the coach model at ${this.endpoint} answered ${response.status}`);
    const body = (await response.json()) as {
      choices?: {
        finish_reason?: string;
        message?: {
          content?: string | null;
          tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[];
        };
      }[];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    };
    const choice = body.choices?.[0];
    const toolCalls = (choice?.message?.tool_calls ?? []).map((call, index) => ({
      id: call.id ?? `call_${index}`,
      name: call.function?.name ?? '',
      input: parseArguments(call.function?.arguments),
    }));
    return {
      text: choice?.message?.content ?? '',
      toolCalls,
      stopReason: toolCalls.length > 0 ? 'tool_use' : choice?.finish_reason === 'length' ? 'max_tokens' : 'end',
      inputTokens: body.usage?.prompt_tokens ?? 0,
      outputTokens: body.usage?.completion_tokens ?? 0,
    };
  }
}

function parseArguments(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toOpenAi(message: CoachMessage): Record<string, unknown>[] {
  if (message.role === 'user') return [{ role: 'user', content: message.text }];
  if (message.role === 'assistant')
    return [
      {
        role: 'assistant',
        content: message.text || null,
        ...(message.toolCalls.length
          ? {
              tool_calls: message.toolCalls.map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: JSON.stringify(call.input) },
              })),
            }
          : {}),
      },
    ];
  return message.results.map((result) => ({ role: 'tool', tool_call_id: result.id, content: result.content }));
}
