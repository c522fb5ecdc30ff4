import { deterministicDraft, type ToolCall } from '../../../lambdas/core/coach/deterministic-coach';
import type { DetectedIntent } from '../../../lambdas/core/coach/intents';
import { figureFormat } from '../../../lambdas/core/coach/format';

/** A monthly payment out as `GET /insights/recurring` answers it: money out is negative. */
const series = (name: string, kind: string, price: number) => ({
  name,
  merchant: name.toLowerCase(),
  kind,
  cadence: 'monthly',
  currency: 'GBP',
  direction: 'out' as const,
  amount: -price,
  nextExpected: '2026-12-20',
  nextAmount: -price,
  yearlyTotal: -price * 12,
  status: 'active',
  priceChange: null,
});

/** The coach's tools as the API answers them: only the recurring payments are asked here. */
const toolsWith =
  (items: ReturnType<typeof series>[]): ToolCall =>
  async (name) => {
    if (name !== 'recurring') throw new Error(`not expected: ${name}`);
    const subscriptions = items.filter((s) => s.kind === 'subscription');
    return {
      items,
      subscriptionsYearly: subscriptions.length
        ? [
            {
              currency: 'GBP',
              total: subscriptions.reduce((sum, s) => sum + s.yearlyTotal, 0),
              count: subscriptions.length,
            },
          ]
        : [],
    };
  };

const ask = (items: ReturnType<typeof series>[]) =>
  deterministicDraft(
    { intent: 'subscriptions', month: null, amount: null } satisfies DetectedIntent,
    toolsWith(items),
    figureFormat('en-GB'),
    '2026-12-04',
  );

describe('which subscriptions could I drop', () => {
  it('names the subscriptions, dearest first', async () => {
    const draft = await ask([series('Spotify', 'subscription', 1199), series('Netflix', 'subscription', 1799)]);
    expect(draft.advice.map((a) => a.title)).toEqual(['Do you still use Netflix?', 'Do you still use Spotify?']);
    expect(draft.answer).toBe(
      'You have 2 active subscriptions costing £359.76 a year. The most expensive: Netflix £17.99 monthly (£215.88 a year), Spotify £11.99 monthly (£143.88 a year).',
    );
  });

  it('counts one subscription as one', async () => {
    const draft = await ask([series('Spotify', 'subscription', 1199)]);
    expect(draft.answer).toMatch(/^You have 1 active subscription costing £143\.88 a year\./);
  });

  it('with no subscription, offers the bills, never a transfer, savings, rent or the weekly shop', async () => {
    const draft = await ask([
      series('Card payment', 'transfer', 50_000),
      series('Vanguard', 'savings', 20_000),
      series('Tesco', 'other', 6_000),
      series('Kane Realty', 'rent', 95_000),
      series('Octopus Energy', 'bill', 8_500),
      series('Aviva', 'insurance', 2_400),
    ]);
    expect(draft.advice.map((a) => a.title)).toEqual(['Could Octopus Energy cost less?', 'Could Aviva cost less?']);
    expect(draft.answer).toBe(
      'You have no active subscriptions. Your regular bills, dearest first: Octopus Energy £85.00 monthly (£1,020.00 a year), Aviva £24.00 monthly (£288.00 a year).',
    );
    expect(draft.answer).not.toMatch(/Tesco|Vanguard|Card payment|Kane/);
  });

  it('says so when there is nothing to drop or cut', async () => {
    const draft = await ask([series('Card payment', 'transfer', 50_000), series('Tesco', 'other', 6_000)]);
    expect(draft.advice).toEqual([]);
    expect(draft.answer).toMatch(/no active subscriptions or regular bills/);
  });
});
