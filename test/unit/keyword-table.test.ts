import { keywordCategorisation, loadKeywordTable } from '../../lambdas/app/keyword-categorisation';
import type { TransactionRow } from '../../lambdas/adapters/postgres/repositories/transactions';

describe('the merchant knowledge shipped in the Lambda layer', () => {
  const categorise = keywordCategorisation(loadKeywordTable());
  const tx = (description: string, amount: number) => ({ id: description, description, amount }) as unknown as TransactionRow;

  it.each([
    ['TESCO STORES 3217', -4210, 'Groceries'],
    ['REWE SAGT DANKE 4711', -2345, 'Groceries'],
    ['NETFLIX.COM', -999, 'Subscriptions'],
    ['UBER *TRIP HELP.UBER.COM', -1250, 'Transport'],
    ['UBER EATS AMSTERDAM', -2300, 'Dining'],
    ['SHELL 0456 FUEL', -6000, 'Fuel'],
    ['GEHALT ACME GMBH', 250000, 'Salary'],
    ['PAYMENT THANK YOU', 50000, 'Transfers'],
    ['KONTOFÜHRUNGSENTGELT', -495, 'Fees & Charges'],
  ])('answers "%s" on day one', async (description, amount, category) => {
    const [decision] = await categorise.categorise(undefined as never, 'user', [tx(description, amount)]);
    expect(decision.category).toBe(category);
    expect(decision.decidedBy).toMatch(/^keyword-table@\d+\.\d+\.\d+:/);
  });

  it('falls back to Income or Other, with low confidence, for a merchant it does not know', async () => {
    const decisions = await categorise.categorise(undefined as never, 'user', [tx('XQ LTD 99', -100), tx('XQ LTD 99', 100)]);
    expect(decisions.map((d) => [d.category, d.confidence])).toEqual([['Other', 0.2], ['Income', 0.2]]);
  });
});
