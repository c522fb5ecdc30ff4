import { z } from 'zod';
import { answerQuestion } from '../../coach/answer-question';
import { route } from '../route';

const evidence = z.object({
  label: z.string(),
  value: z.string(),
  source: z.string().describe('the tool the figure came from (summary, budgets_status, recurring, …)'),
});

const coachAnswer = z.object({
  answer: z.string().describe('every figure in it matched a tool result of this turn; unconfirmed ones are withheld'),
  advice: z.array(z.object({ title: z.string(), body: z.string(), evidence: z.array(evidence) })),
  conversationId: z.uuid(),
  model: z.string().describe('the model that answered, or "deterministic" when none was configured or reachable'),
  usage: z.object({
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number().describe('what the model tokens cost (0 when cached, deterministic or self-hosted)'),
  }),
  verifiedNumbers: z.number().int().describe('figures in the answer matched against the tool results'),
  withheldNumbers: z.number().int().describe('figures no tool result confirmed, withheld from the answer'),
  toolCalls: z.number().int(),
  generatedAt: z.string(),
  cached: z.boolean().describe('true when the same question met the same figures before'),
});

export const coachRoutes = [
  route({
    method: 'POST',
    path: '/coach',
    summary:
      "Ask the coach about your own figures (no question: the three most useful things now); every number it states is checked against the person's data",
    needs: ['languageModel'],
    body: z
      .object({
        question: z.string().trim().max(500, 'at most 500 characters').optional(),
        conversationId: z.uuid().optional().describe('continue a conversation (its last 20 turns are kept)'),
      })
      .strict(),
    responses: {
      200: { description: 'The answer', schema: coachAnswer },
      400: { description: 'A bad field, named' },
      404: { description: 'No such conversation of this person' },
      429: { description: "Past the person's coach answers for today (Retry-After)" },
    },
    handle: async ({ userId, body }, context) => {
      const { answer } = await answerQuestion(context, userId, body);
      return { status: 200, body: answer };
    },
  }),
];
