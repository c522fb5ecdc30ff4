import { categoryGrouper } from '../../../lambdas/core/summary/category-groups';
import { flowOf, type FlowCell } from '../../../lambdas/core/summary/money-flows';
import { summarise } from '../../../lambdas/core/summary/summarise';
import { trends } from '../../../lambdas/core/summary/trends';

const groupOf = categoryGrouper(new Map([['Side gig', 'income']]));
const cell = (
  month: string,
  category: string,
  spent: number,
  received: number,
  currency = 'EUR',
  count = 1,
): FlowCell => ({ month, key: category, category, currency, spent, received, count });

describe('money flows', () => {
  it('nets a refund against its category, leaves transfers out and reads an unlabelled row by its direction', () => {
    expect(flowOf('wants', 10_000, 2_500)).toEqual({ income: 0, expenses: 7_500 });
    expect(flowOf('income', 500, 300_000)).toEqual({ income: 299_500, expenses: 0 });
    expect(flowOf('transfer', 50_000, 50_000)).toEqual({ income: 0, expenses: 0 });
    expect(flowOf('uncategorised', 1_000, 4_000)).toEqual({ income: 4_000, expenses: 1_000 });
  });
});

describe('summarise', () => {
  const cells = [
    ...['2024-01', '2024-02', '2024-03'].flatMap((m) => [
      cell(m, 'Salary', 0, 200_000),
      cell(m, 'Groceries', 30_000, 0, 'EUR', 4),
    ]),
    cell('2024-04', 'Salary', 0, 200_000),
    cell('2024-04', 'Groceries', 45_000, 5_000, 'EUR', 6),
    cell('2024-04', 'Side gig', 0, 10_000),
    cell('2024-04', 'Transfers', 80_000, 80_000),
    cell('2024-04', 'Dining', 700, 0, 'USD'),
  ];
  const [eur, usd] = summarise(
    cells,
    '2024-04',
    '2024-04',
    groupOf,
    'category',
    new Map([
      ['EUR', '2024-01'],
      ['USD', '2024-04'],
    ]),
  );

  it('answers once per currency and never adds two currencies together', () => {
    expect(usd).toMatchObject({ currency: 'USD', expenses: 700, income: 0, savingsRate: null });
    expect(eur).toMatchObject({
      currency: 'EUR',
      income: 210_000,
      expenses: 40_000,
      net: 170_000,
      savingsRate: 0.8095,
    });
  });

  it('gives each category its share, count and change against the previous month and the 3-month average', () => {
    const groceries = eur.byCategory.find((c) => c.key === 'Groceries')!;
    expect(groceries).toMatchObject({ group: 'needs', amount: 40_000, share: 1, count: 6 });
    expect(groceries.change).toEqual({ other: 30_000, difference: 10_000, percent: 0.3333 });
    expect(groceries.vsAverage3).toEqual({ other: 30_000, difference: 10_000, percent: 0.3333 });
    expect(groceries.vsAverage12).toBeNull();
    expect(eur.byCategory.map((c) => c.key)).not.toContain('Transfers');
    expect(eur.averages.months3).toEqual({ income: 200_000, expenses: 30_000 });
  });

  it('gives the monthly series per category and group', () => {
    const [series] = trends(
      cells.filter((c) => c.currency === 'EUR'),
      '2024-03',
      '2024-04',
      groupOf,
    );
    expect(series.expenses).toEqual([30_000, 40_000]);
    expect(series.income).toEqual([200_000, 210_000]);
    expect(series.groups.find((g) => g.group === 'needs')!.amounts).toEqual([30_000, 40_000]);
  });
});
