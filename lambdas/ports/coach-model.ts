/**
 * A chat model that calls tools: Amazon Bedrock's Converse API with toolConfig on AWS, an
 * OpenAI-compatible chat-completions endpoint locally (COACH_MODEL_URL). The coach's loop speaks
 * only this; each adapter maps it to its wire format.
 */
export interface CoachToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the tool's input (from its zod schema). */
  inputSchema: Record<string, unknown>;
}

export interface CoachToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type CoachMessage =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls: CoachToolCall[] }
  | { role: 'tool'; results: { id: string; name: string; content: string }[] };

export interface CoachModelRequest {
  system: string;
  messages: CoachMessage[];
  tools: CoachToolSpec[];
  maxTokens: number;
}

export interface CoachModelReply {
  text: string;
  toolCalls: CoachToolCall[];
  /** 'tool_use' asks for the calls' results; 'guardrail' means the answer was blocked by the guardrail. */
  stopReason: 'end' | 'tool_use' | 'max_tokens' | 'guardrail';
  inputTokens: number;
  outputTokens: number;
}

export interface CoachModel {
  readonly modelId: string;
  reply(request: CoachModelRequest): Promise<CoachModelReply>;
}
