import { carryOverIdentity } from '../../../lambdas/core/insights/carry-over';
import { counterpartyKey, productKey } from '../../../lambdas/core/insights/counterparty-key';
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

  it('follows a monthly investment whose note the person renamed (ICICI prudential, then Mutual fund A) as one series', () => {
    const sip = labelOf(/^SIP 1/);
    const texts = new Set(sip.rows.map((row) => diary[row - 1].description.trim().toLowerCase()));
    // The labelled series is written under more than one name.
    expect(texts.size).toBeGreaterThan(1);
    const series = matchOf(/^SIP 1/);
    expect(series).toMatchObject({ cadence: 'monthly', kind: 'savings', fixedAmount: true, amount: -100000 });
    expect(series!.transactionIds.length).toBeLessThanOrEqual(2 * sip.rows.length);
  });

  it('expects a monthly payment on its usual day of the next month, across month lengths', () => {
    expect(nextExpectedDate('monthly', ['2023-11-30', '2023-12-31', '2024-01-31'])).toBe('2024-02-29');
    expect(nextExpectedDate('monthly', ['2024-03-05', '2024-04-08', '2024-05-06'])).toBe('2024-06-06');
    expect(nextExpectedDate('quarterly', ['2023-03-15', '2023-06-15', '2023-09-15'])).toBe('2023-12-15');
  });

  it('expects a yearly renewal that lapsed and restarted on another day on its new day, not its old one', () => {
    expect(nextExpectedDate('yearly', ['2016-09-20', '2018-11-19', '2019-11-18', '2020-11-17'])).toBe('2021-11-18');
  });
});

describe('telling recurring series apart within one counterparty', () => {
  const day = (start: string, months: number, dayOfMonth: number) => {
    const date = new Date(`${start}T00:00:00Z`);
    date.setUTCMonth(date.getUTCMonth() + months, dayOfMonth);
    return date.toISOString().slice(0, 10);
  };

  it('keeps a product apart from the brand’s other charges: Amazon Music is not every Amazon order', () => {
    expect(counterpartyKey('Amazon Music*MW5M30H60')).toBe(counterpartyKey('Amazon.com*2K4HL7XY1'));
    expect(productKey('Amazon Music*MW5M30H60')).toBe(productKey('Amazon Music*0Z5VB7DH3'));
    expect(productKey('Amazon Music*MW5M30H60')).not.toBe(productKey('Amazon.com*2K4HL7XY1'));

    // A plan at 7.99 on the 30th among orders of every size on every other day, several of them near 7.99.
    const rows = [];
    for (let month = 0; month < 18; month += 1) {
      rows.push({ date: day('2020-01-01', month, 28), amount: -799, description: `Amazon Music*M${month}X` });
      // Orders on no fixed day, three of them within 15% of the plan's price.
      for (const [order, amount] of [
        [0, -(700 + month * 7)],
        [1, -(2599 + month * 311)],
        [2, -(800 + ((month * 37) % 60))],
        [3, -(4350 - month * 97)],
        [4, -(760 + month * 3)],
      ])
        rows.push({
          date: day('2020-01-01', month, 1 + ((month * 11 + order * 7) % 26)),
          amount,
          description: `Amazon.com*${month}${order}Q7XY1`,
        });
    }
    const history = rows
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((row, index) => ({ ...row, id: String(index + 1), currency: 'USD', category: 'Shopping' }));
    const series = detectRecurring(history, { asOf: '2021-06-30' });
    expect(series).toEqual([
      expect.objectContaining({ cadence: 'monthly', amount: -799, occurrences: 18, fixedAmount: true }),
    ]);
  });

  it('finds two cards’ autopays under one bank text, each on its own day and at whatever the statement was', () => {
    const rows = [];
    for (let month = 0; month < 14; month += 1) {
      rows.push({ date: day('2022-01-01', month, 1), amount: 20000 + ((month * 7919) % 150000) });
      rows.push({ date: day('2022-01-01', month, 24), amount: 5000 + ((month * 3571) % 90000) });
    }
    const history = rows.map((row, index) => ({
      ...row,
      id: String(index + 1),
      currency: 'USD',
      description: 'AUTOMATIC PAYMENT - THANK',
      category: 'Transfer',
    }));
    const series = detectRecurring(history, { asOf: '2023-02-28' });
    expect(series.map((one) => [one.cadence, one.kind, one.occurrences])).toEqual([
      ['monthly', 'transfer', 14],
      ['monthly', 'transfer', 14],
    ]);
    expect(new Set(series.map((one) => one.nextExpected))).toEqual(new Set(['2023-03-01', '2023-03-24']));
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
