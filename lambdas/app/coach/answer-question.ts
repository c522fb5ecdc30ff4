import { randomUUID } from 'node:crypto';
import {
  cacheAnswer,
  conversationTurns,
  figuresVersion,
  readCachedAnswer,
  recordCoachTurn,
} from '../../adapters/postgres/repositories/coach';
import { countToday } from '../../adapters/postgres/repositories/usage';
import { readPersonSettings } from '../../adapters/postgres/repositories/users';
import { withUser } from '../../adapters/postgres/user-scope';
import type { CoachAdvice } from '../../core/coach/advice';
import { normaliseQuestion } from '../../core/coach/normalise';
import { bedrockPricing, SELF_HOSTED_PRICING } from '../../core/coach/pricing';
import { DEFAULT_PERSON_LIMITS, secondsUntilNext } from '../../core/person-limits';
import type { CoachModel } from '../../ports/coach-model';
import { LanguageModelUnavailableError } from '../../ports/language-model';
import type { ApiContext } from '../api/api-context';
import { notFound, tooManyRequests } from '../api/problem';
import { recordCoachAnswer, type CoachSource } from './coach-metrics';
import { runCoachTool } from './coach-tools';
import { deterministicTurn, modelTurn, turnCost, type TurnInput, type TurnResult } from './coach-turn';

export interface CoachAnswer {
  answer: string;
  advice: CoachAdvice[];
  conversationId: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
  verifiedNumbers: number;
  withheldNumbers: number;
  toolCalls: number;
  generatedAt: string;
  cached: boolean;
}

/** Earlier turns the model is shown (as data): enough for a follow-up, few enough to keep the prompt cheap. */
const HISTORY_TURNS_SHOWN = 4;

/** The model a context's coach runs on and what its tokens cost. */
function coachModelOf(context: ApiContext): { model: CoachModel; selfHosted: boolean } | null {
  if (!context.coachModel) return null;
  return { model: context.coachModel, selfHosted: context.coachModelSelfHosted ?? false };
}

/**
 * One coach answer for one person: the daily quota, the cache (person + normalised question +
 * figures version), the model's tool loop (or the deterministic coach when there is no model or it
 * cannot be reached), the verifier, the conversation kept, metrics and a log line of counts.
 */
export async function answerQuestion(
  context: ApiContext,
  userId: string,
  request: { question?: string; conversationId?: string },
  now = new Date(),
): Promise<{ answer: CoachAnswer; turn: TurnResult | null }> {
  const started = performance.now();
  const limits = context.personLimits ?? DEFAULT_PERSON_LIMITS;
  const question = request.question?.trim() || null;
  const today = now.toISOString().slice(0, 10);
  const questionKey = normaliseQuestion(question);

  const before = await withUser(context.db, userId, async (trx) => {
    if ((await countToday(trx, userId, 'coach-answer')) > limits.coachAnswersPerDay)
      throw tooManyRequests(`at most ${limits.coachAnswersPerDay} coach answers a day`, secondsUntilNext('day', now));
    const history = request.conversationId ? await conversationTurns(trx, request.conversationId) : [];
    if (request.conversationId && history.length === 0) throw notFound('the conversation');
    const settings = await readPersonSettings(trx);
    const version = await figuresVersion(trx);
    // a follow-up depends on what was said before it: only a conversation's first question is cached
    const cached = history.length === 0 ? await readCachedAnswer(trx, questionKey, version) : null;
    return { history, settings, version, cached: cached as CoachAnswer | null };
  });
  const conversationId = request.conversationId ?? randomUUID();

  let answer: CoachAnswer;
  let turn: TurnResult | null = null;
  let source: CoachSource;
  if (before.cached) {
    source = 'cache';
    answer = {
      ...before.cached,
      conversationId,
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      cached: true,
    };
  } else {
    const person = { userId, currency: before.settings.currency };
    const input: TurnInput = {
      question,
      today,
      locale: before.settings.locale,
      currency: before.settings.currency,
      history: before.history.slice(-HISTORY_TURNS_SHOWN).map((t) => ({ question: t.question, answer: t.answer })),
      runTool: (name, toolInput) => runCoachTool(context, person, name, toolInput),
    };
    const configured = coachModelOf(context);
    source = 'deterministic';
    if (configured) {
      try {
        turn = await modelTurn(configured.model, input);
        source = 'model';
      } catch (error) {
        if (!(error instanceof LanguageModelUnavailableError)) throw error;
        context.logger.warn('coach model unavailable; the deterministic coach answers', { error: error as Error });
      }
    }
    turn ??= await deterministicTurn(input);
    const pricing = configured?.selfHosted ? SELF_HOSTED_PRICING : bedrockPricing(turn.model);
    answer = {
      answer: turn.draft.answer,
      advice: turn.draft.advice,
      conversationId,
      model: turn.model,
      usage: { inputTokens: turn.inputTokens, outputTokens: turn.outputTokens, costUsd: turnCost(turn, pricing) },
      verifiedNumbers: turn.verifiedNumbers,
      withheldNumbers: turn.withheldNumbers,
      toolCalls: turn.toolRuns.length,
      generatedAt: now.toISOString(),
      cached: false,
    };
  }

  await withUser(context.db, userId, async (trx) => {
    await recordCoachTurn(trx, userId, {
      conversationId,
      question: question ?? '',
      answer: answer.answer,
      details: { advice: answer.advice, model: answer.model, usage: answer.usage, cached: answer.cached },
    });
    // the version read before the answer: an import during it leaves the entry already stale
    if (!answer.cached && before.history.length === 0)
      await cacheAnswer(trx, userId, questionKey, before.version, answer);
  });

  if (context.metrics)
    recordCoachAnswer(context.metrics, {
      source,
      tokens: answer.usage.inputTokens + answer.usage.outputTokens,
      costUsd: answer.usage.costUsd,
      withheldNumbers: answer.cached ? 0 : answer.withheldNumbers,
    });
  context.logger.info('coach answer', {
    source,
    model: answer.model,
    inputTokens: answer.usage.inputTokens,
    outputTokens: answer.usage.outputTokens,
    costUsd: answer.usage.costUsd,
    toolCalls: turn?.toolRuns.length ?? 0,
    verifiedNumbers: answer.verifiedNumbers,
    withheldNumbers: answer.withheldNumbers,
    repaired: turn?.repaired ?? false,
    milliseconds: Math.round(performance.now() - started),
  });
  return { answer, turn };
}
