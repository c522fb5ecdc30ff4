import type { CoachAdvice, CoachDraft } from '../../core/coach/advice';
import { answerCostUsd, estimateTokens, type ModelPricing } from '../../core/coach/cost';
import { deterministicDraft } from '../../core/coach/deterministic-coach';
import { factsOf, type FactSet } from '../../core/coach/facts';
import { figureFormat } from '../../core/coach/format';
import { detectIntent } from '../../core/coach/intents';
import { inMajorUnits } from '../../core/coach/present-figures';
import {
  COACH_SYSTEM_PROMPT,
  OVERVIEW_QUESTION,
  parseDraft,
  repairRequest,
  toolResultBlock,
  userTurnText,
  withDisclaimer,
} from '../../core/coach/prompt';
import { verifyText, withholdClaims } from '../../core/coach/verify';
import type { CoachMessage, CoachModel } from '../../ports/coach-model';
import { coachToolSpecs, type ToolRun } from './coach-tools';

/** Rounds of tool calls a model may make before it must answer. */
const MAX_TOOL_ROUNDS = 4;
/** Tool calls a model may make in one round. */
const MAX_CALLS_PER_ROUND = 6;
const MAX_ANSWER_TOKENS = 700;

export interface TurnInput {
  question: string | null;
  today: string;
  locale: string | null;
  currency: string | null;
  history: { question: string; answer: string }[];
  runTool(name: string, input: unknown): Promise<ToolRun>;
}

export interface TurnResult {
  draft: CoachDraft;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens the turn's prompt and tool results would take: counted when no model counted them. */
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  toolRuns: ToolRun[];
  verifiedNumbers: number;
  withheldNumbers: number;
  repaired: boolean;
}

/** A tool's answer as the model reads it: money in major units, long daily series cut to their last weeks. */
export function forModel(run: ToolRun): string {
  return toolResultBlock(run.name, shorten(inMajorUnits(run.output)));
}

function shorten(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const kept = key === 'history' || key === 'points' ? value.slice(-14) : value.slice(0, 24);
    return kept.map((item) => shorten(item));
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v, k)]));
  return value;
}

/**
 * Input tokens a model would have read for this turn: the prompt (instructions, tool specs,
 * question) once to ask for the tools, then again with every tool result to answer (two calls,
 * the fewest a tool-using answer takes).
 */
function estimatePrompt(input: TurnInput, runs: readonly ToolRun[]): number {
  const question = input.question ?? OVERVIEW_QUESTION;
  const prompt = estimateTokens(
    COACH_SYSTEM_PROMPT + JSON.stringify(coachToolSpecs()) + userTurnText({ ...input, question }),
  );
  return runs.length === 0 ? prompt : 2 * prompt + estimateTokens(runs.map(forModel).join('\n'));
}

/** Output tokens a model would have written: a call of about 30 tokens per tool, then the answer's JSON. */
function estimateOutput(draft: CoachDraft, runs: readonly ToolRun[]): number {
  return 30 * runs.length + estimateTokens(JSON.stringify(draft));
}

/** Every text of a draft, verified: unmatched figures withheld, and the answer says so. */
export function verifyDraft(
  draft: CoachDraft,
  facts: FactSet,
  locale: string | null,
): { draft: CoachDraft; verified: number; unmatched: string[]; withheld: number } {
  let verified = 0;
  const unmatched: string[] = [];
  const check = (text: string) => {
    const result = verifyText(text, facts, locale);
    verified += result.verified.length;
    unmatched.push(...result.unmatched.map((claim) => claim.text));
    return withholdClaims(text, result.unmatched);
  };
  const advice: CoachAdvice[] = draft.advice.map((item) => ({
    title: check(item.title),
    body: check(item.body),
    evidence: item.evidence.map((e) => ({ label: check(e.label), value: check(e.value), source: e.source })),
  }));
  let answer = check(draft.answer);
  if (unmatched.length > 0)
    answer += ` I could not confirm ${unmatched.length === 1 ? 'one figure' : `${unmatched.length} figures`} from your data, so I left ${unmatched.length === 1 ? 'it' : 'them'} out.`;
  return { draft: { answer, advice }, verified, unmatched, withheld: unmatched.length };
}

/** The deterministic coach: the question's intent answered from the tools, then verified like any answer. */
export async function deterministicTurn(input: TurnInput): Promise<TurnResult> {
  const runs: ToolRun[] = [];
  const detected = detectIntent(input.question, input.today, input.locale);
  const call = async (name: string, toolInput: Record<string, unknown>) => {
    const run = await input.runTool(name, toolInput);
    runs.push(run);
    if (!run.ok) throw new ToolRefusedError(name, String((run.output as { error?: string }).error ?? 'refused'));
    return run.output;
  };
  let draft: CoachDraft;
  try {
    draft = await deterministicDraft(detected, call, figureFormat(input.locale), input.today);
  } catch (error) {
    if (!(error instanceof ToolRefusedError)) throw error;
    draft = { answer: `I could not read your ${error.tool.replace(/_/g, ' ')} figures: ${error.message}`, advice: [] };
  }
  const facts = factsOf(runs, input.question ?? '', input.today, input.locale);
  const checked = verifyDraft(withDisclaimer(draft), facts, input.locale);
  return {
    draft: checked.draft,
    model: 'deterministic',
    inputTokens: 0,
    outputTokens: 0,
    estimatedInputTokens: estimatePrompt(input, runs),
    estimatedOutputTokens: estimateOutput(draft, runs),
    toolRuns: runs,
    verifiedNumbers: checked.verified,
    withheldNumbers: checked.withheld,
    repaired: false,
  };
}

class ToolRefusedError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolRefusedError';
  }
}

/**
 * The model's turn: it calls tools until it answers; every figure of the answer is checked
 * against this turn's tool results; an answer with unconfirmed figures is sent back once with
 * the list, and whatever is still unconfirmed after that is withheld.
 */
export async function modelTurn(model: CoachModel, input: TurnInput): Promise<TurnResult> {
  const tools = coachToolSpecs();
  const question = input.question ?? OVERVIEW_QUESTION;
  const messages: CoachMessage[] = [{ role: 'user', text: userTurnText({ ...input, question }) }];
  const runs: ToolRun[] = [];
  let inputTokens = 0;
  let outputTokens = 0;

  const converse = async (): Promise<{ text: string; blocked: boolean }> => {
    for (let round = 0; ; round += 1) {
      const reply = await model.reply({ system: COACH_SYSTEM_PROMPT, messages, tools, maxTokens: MAX_ANSWER_TOKENS });
      inputTokens += reply.inputTokens;
      outputTokens += reply.outputTokens;
      if (reply.stopReason === 'guardrail') return { text: reply.text, blocked: true };
      if (reply.toolCalls.length === 0 || round >= MAX_TOOL_ROUNDS) return { text: reply.text, blocked: false };
      const calls = reply.toolCalls.slice(0, MAX_CALLS_PER_ROUND);
      messages.push({ role: 'assistant', text: reply.text, toolCalls: calls });
      const results = [];
      for (const call of calls) {
        const run = await input.runTool(call.name, call.input);
        runs.push(run);
        results.push({ id: call.id, name: call.name, content: forModel(run) });
      }
      messages.push({ role: 'tool', results });
    }
  };

  const first = await converse();
  let draft = first.blocked
    ? {
        answer: 'I cannot help with that. I can explain your own spending, budgets, bills, goals and forecasts.',
        advice: [],
      }
    : parseDraft(first.text);
  let facts = factsOf(runs, question, input.today, input.locale);
  let checked = verifyDraft(withDisclaimer(draft), facts, input.locale);
  let repaired = false;
  if (checked.unmatched.length > 0 && !first.blocked) {
    repaired = true;
    messages.push({ role: 'assistant', text: first.text || '(no answer)', toolCalls: [] });
    messages.push({ role: 'user', text: repairRequest(checked.unmatched) });
    const second = await converse();
    if (!second.blocked) {
      draft = parseDraft(second.text);
      facts = factsOf(runs, question, input.today, input.locale);
      checked = verifyDraft(withDisclaimer(draft), facts, input.locale);
    }
  }
  return {
    draft: checked.draft,
    model: model.modelId,
    inputTokens,
    outputTokens,
    estimatedInputTokens: inputTokens || estimatePrompt(input, runs),
    estimatedOutputTokens: outputTokens || estimateOutput(draft, runs),
    toolRuns: runs,
    verifiedNumbers: checked.verified,
    withheldNumbers: checked.withheld,
    repaired,
  };
}

export function turnCost(turn: TurnResult, pricing: ModelPricing): number {
  return answerCostUsd(turn.inputTokens, turn.outputTokens, pricing);
}
