import { carryOverIdentity } from '../../../lambdas/core/insights/carry-over';
import { detectRecurring, nextExpectedDate } from '../../../lambdas/core/insights/detect-recurring';
import { readHistory, readLabels } from './read-fixture';

describe('recurring series in real histories', () => {
  const diary = readHistory('recurring/in-household-diary.csv', 'INR');
  const labels = readLabels('recurring/in-household-diary.labels.json');
  const found = detectRecurring(diary, { asOf: '2018-09-20' });
  const labelOf = (name: RegExp) => labels.series.find((series) => name.test(series.name))!;
  const matchOf = (name: RegExp) => {
    const rows = new Set(labelOf(name).rows.map(String));
    return found.find((series) => series.transactionIds.filter((id) => rows.has(id)).length * 2 >= rows.size);
  };

  it('finds the salary as monthly income and the Audible plan as a monthly subscription that has stopped', () => {
    expect(matchOf(/^Salary/)).toMatchObject({ cadence: 'monthly', kind: 'income', direction: 'in' });
    const audible = matchOf(/^Audible/);
    expect(audible).toMatchObject({
      cadence: 'monthly',
      kind: 'subscription',
      amount: -19900,
      fixedAmount: true,
      status: 'stopped',
    });
    // 8 labelled charges; a yearly total at today's price
    expect(audible!.yearlyTotal).toBe(-19900 * 12);
  });

  it('lists mostly what a person would call recurring: at least 85% of the series it reports are labelled ones', () => {
    const right = found.filter((series) =>
      labels.series.some((label) => {
        const rows = new Set(label.rows.map(String));
        return series.transactionIds.filter((id) => rows.has(id)).length * 2 >= series.transactionIds.length;
      }),
    );
    expect(found.length).toBeGreaterThan(8);
    expect(right.length / found.length).toBeGreaterThanOrEqual(0.85);
  });

  it('does not report the milk, the vegetables or the tea bought about weekly as a subscription', () => {
    const everyday = found.filter((series) => /milk|vegetable|tea|chai|eggs/.test(series.merchant));
    expect(everyday).toEqual([]);
  });

  it('reports at most 3 series in a sample with most weeks missing, and nothing everyday', () => {
    const za = readHistory('categorised/za-bank-assessment.csv', 'ZAR');
    const series = detectRecurring(za, { asOf: '2023-11-30' });
    expect(series.length).toBeLessThanOrEqual(3);
    expect(series.filter((one) => /woolworths|checkers|pick n pay|spar|coffee/i.test(one.merchant))).toEqual([]);
  });

  it('flags a price rise with the old and new price when a fixed plan goes up and stays up', () => {
    const kindle = new Set(labelOf(/^Kindle/).rows.map(String));
    const lastTwo = [...kindle].slice(-2);
    const raised = diary.map((row) => (lastTwo.includes(row.id) ? { ...row, amount: -20900 } : row));
    const series = detectRecurring(raised, { asOf: '2016-05-01' }).find((one) =>
      one.transactionIds.some((id) => kindle.has(id)),
    );
    expect(series?.priceChange).toEqual({ from: -16900, to: -20900, date: raised[Number(lastTwo[0]) - 1].date });
  });

  it('expects a monthly payment on its usual day of the next month, across month lengths', () => {
    expect(nextExpectedDate('monthly', ['2023-11-30', '2023-12-31', '2024-01-31'])).toBe('2024-02-29');
    expect(nextExpectedDate('monthly', ['2024-03-05', '2024-04-08', '2024-05-06'])).toBe('2024-06-06');
    expect(nextExpectedDate('quarterly', ['2023-03-15', '2023-06-15', '2023-09-15'])).toBe('2023-12-15');
  });
});

describe('carrying a person’s decisions across re-detection', () => {
  it('gives a re-detected series the id of the stored one sharing its transactions, else of the same counterparty and cadence', () => {
    const stored = [
      {
        id: 'netflix',
        merchant: 'netflix',
        direction: 'out',
        currency: 'GBP',
        cadence: 'monthly',
        transactionIds: ['a', 'b', 'c'],
      },
      { id: 'gym', merchant: 'gym', direction: 'out', currency: 'GBP', cadence: 'monthly', transactionIds: ['x', 'y'] },
    ];
    const detected = [
      { merchant: 'gym club', direction: 'out', currency: 'GBP', cadence: 'monthly', transactionIds: ['x', 'y', 'z'] },
      { merchant: 'netflix', direction: 'out', currency: 'GBP', cadence: 'monthly', transactionIds: ['d', 'e', 'f'] },
      { merchant: 'spotify', direction: 'out', currency: 'GBP', cadence: 'monthly', transactionIds: ['g', 'h', 'i'] },
    ];
    expect(carryOverIdentity(stored, detected)).toEqual(['gym', 'netflix', null]);
  });
});
