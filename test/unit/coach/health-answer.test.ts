import { deterministicDraft, type ToolCall } from '../../../lambdas/core/coach/deterministic-coach';
import { factsOf, type ToolOutcome } from '../../../lambdas/core/coach/facts';
import { figureFormat } from '../../../lambdas/core/coach/format';
import type { DetectedIntent } from '../../../lambdas/core/coach/intents';
import { verifyText } from '../../../lambdas/core/coach/verify';
import { healthScore } from '../../../lambdas/core/health/health-score';

/** The coach's health answer, checked against the very tool results it read, as every answer is. */
async function answerFor(months: { income: number; expenses: number; needs: number }[]) {
  const outcomes: ToolOutcome[] = [];
  const tools: ToolCall = async (name, input) => {
    const output =
      name === 'health'
        ? {
            month: '2026-12',
            currency: 'GBP',
            ...healthScore({ currency: 'GBP', months, liquidBalance: null, debt: null, debtPayments: null, goals: [] }),
          }
        : { items: [] };
    outcomes.push({ name, input, output });
    return output;
  };
  const intent: DetectedIntent = { intent: 'health', month: null, amount: null };
  const draft = await deterministicDraft(intent, tools, figureFormat('en-GB'), '2026-12-04');
  return { draft, unmatched: verifyText(draft.answer, factsOf(outcomes, 'What is my score?', '2026-12-04')).unmatched };
}

describe('the coach on the health score', () => {
  it('states the scale with the score, and the verifier confirms both, even at 0', async () => {
    // Spending far above income, and swinging wildly: every component that has data scores 0.
    const { draft, unmatched } = await answerFor([
      { income: 100_000, expenses: 100_000, needs: 50_000 },
      { income: 100_000, expenses: 700_000, needs: 350_000 },
      { income: 100_000, expenses: 400_000, needs: 200_000 },
    ]);
    expect(draft.answer).toMatch(/^Your financial health score is 0 out of 100\./);
    // A negative savings rate is said as what it is, not as "you kept -300%".
    expect(draft.answer).toContain('You spent 300% more than your income over the last 3 complete months');
    expect(unmatched).toEqual([]);
  });
});
