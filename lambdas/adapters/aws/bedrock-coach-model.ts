import {
  ConverseCommand,
  type BedrockRuntimeClient,
  type ContentBlock,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import type { CoachMessage, CoachModel, CoachModelReply, CoachModelRequest } from '../../ports/coach-model';
import { callBedrock, type BedrockRetryOptions } from './bedrock-retry';

export interface BedrockGuardrail {
  id: string;
  version: string;
}

/**
 * The coach's model on Bedrock: Converse with the tools as toolConfig, and the deployment's
 * guardrail (specific securities advice and personal data denied) on every call when one is set.
 * Throttling is retried with backoff and jitter; anything else is the model being unavailable.
 */
export class BedrockCoachModel implements CoachModel {
  constructor(
    private readonly client: BedrockRuntimeClient,
    readonly modelId: string,
    private readonly guardrail: BedrockGuardrail | null = null,
    private readonly options: BedrockRetryOptions = {},
  ) {}

  async reply(request: CoachModelRequest): Promise<CoachModelReply> {
    const command = new ConverseCommand({
      modelId: this.modelId,
      system: [{ text: request.system }],
      messages: toBedrockMessages(request.messages, this.guardrail !== null),
      toolConfig: {
        tools: request.tools.map((tool) => ({
          toolSpec: {
            name: tool.name,
            description: tool.description,
            inputSchema: { json: tool.inputSchema as Record<string, never> },
          },
        })),
      },
      inferenceConfig: { maxTokens: request.maxTokens, temperature: 0 },
      ...(this.guardrail
        ? { guardrailConfig: { guardrailIdentifier: this.guardrail.id, guardrailVersion: this.guardrail.version } }
        : {}),
    });
    return callBedrock(
      async () => {
        const response = await this.client.send(command);
        const content = response.output?.message?.content ?? [];
        return {
          text: content.map((block) => block.text ?? '').join(''),
          toolCalls: content
            .filter((block) => block.toolUse)
            .map((block) => ({
              id: block.toolUse!.toolUseId ?? '',
              name: block.toolUse!.name ?? '',
              input: (block.toolUse!.input ?? {}) as Record<string, unknown>,
            })),
          stopReason:
            response.stopReason === 'tool_use'
              ? 'tool_use'
              : response.stopReason === 'guardrail_intervened' || response.stopReason === 'content_filtered'
                ? 'guardrail'
                : response.stopReason === 'max_tokens'
                  ? 'max_tokens'
                  : 'end',
          inputTokens: response.usage?.inputTokens ?? 0,
          outputTokens: response.usage?.outputTokens ?? 0,
        };
      },
      this.options,
      { attempts: 4, initialDelayMs: 300 },
    );
  }
}

/**
 * With a guardrail, the person's turn (the first message) goes in a guardContent block: Bedrock
 * then judges only it on the way in, not the tool results, where a merchant's name or a hostile
 * transaction description could otherwise trip the denied topic or the prompt-attack filter and
 * turn a sound answer into the blocked message. Answers are judged whole either way.
 */
function toBedrockMessages(messages: readonly CoachMessage[], guardPersonTurn: boolean): Message[] {
  return messages.map((message, index): Message => {
    if (message.role === 'user')
      return {
        role: 'user',
        content: [
          guardPersonTurn && index === 0 ? { guardContent: { text: { text: message.text } } } : { text: message.text },
        ],
      };
    if (message.role === 'assistant') {
      const content: ContentBlock[] = [];
      if (message.text) content.push({ text: message.text });
      for (const call of message.toolCalls)
        content.push({ toolUse: { toolUseId: call.id, name: call.name, input: call.input as Record<string, never> } });
      return { role: 'assistant', content };
    }
    return {
      role: 'user',
      content: message.results.map((result) => ({
        toolResult: { toolUseId: result.id, content: [{ text: result.content }] },
      })),
    };
  });
}
