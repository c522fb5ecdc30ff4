import { carryOverIdentity } from '../../../lambdas/core/insights/carry-over';
import { counterpartyKey, productKey, seriesCounterpartyKey } from '../../../lambdas/core/insights/counterparty-key';
import { detectRecurring, nextExpectedDate } from '../../../lambdas/core/insights/detect-recurring';
import { labelledShare, readHistory, readLabels } from './read-fixture';

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
    expect(found.length).toBeGreaterThan(8);
    expect(labelledShare(found, labels)).toBeGreaterThanOrEqual(0.85);
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

  it('gives a fund’s charge back to its own text when another fund’s charge two days later took it as a copy', () => {
    // SIP 2 on the 7th (`reliance mutual fund`, then `Mutual fund B`), typed on the 8th in Feb and
    // Mar 2016 beside `Mutual fund C` on the 10th: under the coarse key `mutual` the two are one
    // charge seen twice, and the 10th's longer chain took them. They are fund B's charges.
    const sip = labelOf(/^SIP 2/);
    const series = matchOf(/^SIP 2/);
    expect(series).toMatchObject({ cadence: 'monthly', kind: 'savings', amount: -100000 });
    expect(series!.transactionIds.length).toBeLessThanOrEqual(2 * sip.rows.length);
    const fundB = diary.filter((row) => row.description === 'Mutual fund B').map((row) => row.id);
    expect(fundB.filter((id) => series!.transactionIds.includes(id))).toEqual(fundB);
    // Fund C keeps its own charges of those months.
    expect(matchOf(/^SIP 3/)).toBeDefined();
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

describe('series the detector used to miss, on small histories shaped like the real ones', () => {
  const monthDay = (start: string, months: number, dayOfMonth: number) => {
    const date = new Date(`${start}T00:00:00Z`);
    date.setUTCMonth(date.getUTCMonth() + months, dayOfMonth);
    return date.toISOString().slice(0, 10);
  };
  type Row = { date: string; amount: number; description: string; category?: string };
  /** `months` charges of one amount and text, on a day of each month from `start`'s month on. */
  const monthlyRows = (start: string, months: number, dayOfMonth: number, amount: number, description: string): Row[] =>
    Array.from({ length: months }, (_, month) => ({ date: monthDay(start, month, dayOfMonth), amount, description }));
  const asHistory = (rows: Row[], currency = 'USD') =>
    [...rows]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((row, index) => ({ category: null, ...row, id: String(index + 1), currency }));
  const idsOf = (history: { id: string; description: string; category?: string | null }[], test: RegExp) =>
    history.filter((row) => test.test(`${row.description}|${row.category ?? ''}`)).map((row) => row.id);

  it('tells apart two payees the person typed no note for by the category each payment is filed under', () => {
    // A diary: the cook and the maid are each paid 3,000 at the start of the month, a day apart,
    // and the note is left empty; the category says who was paid.
    const rows: Row[] = [];
    for (let month = 0; month < 12; month += 1) {
      rows.push({ date: monthDay('2016-01-01', month, 2), amount: -300000, description: '', category: 'Cook' });
      rows.push({ date: monthDay('2016-01-01', month, 3), amount: -300000, description: '', category: 'maid' });
    }
    const history = asHistory(rows, 'INR');
    const series = detectRecurring(history, { asOf: '2016-12-20' });
    expect(series.map((one) => [one.name, one.cadence, one.occurrences, one.merchant])).toEqual([
      ['Cook: payment of 3000.00 INR', 'monthly', 12, ''],
      ['Maid: payment of 3000.00 INR', 'monthly', 12, ''],
    ]);
    expect(series[0].transactionIds.sort()).toEqual(idsOf(history, /\|Cook$/).sort());
  });

  it('keys a row by its category only when its text names nobody: a bank text is never replaced by a guess', () => {
    expect(seriesCounterpartyKey('NETFLIX.COM 866-579-7172', null, 'Entertainment')).toBe(
      counterpartyKey('NETFLIX.COM 866-579-7172'),
    );
    expect(seriesCounterpartyKey('', null, 'Public Provident Fund')).toBe('category:public provident fund');
    expect(seriesCounterpartyKey('  ', null, null)).toBe('');
  });

  it('follows a usage-based bill that grows from 9 to 280 over eight years, a little each month', () => {
    const rows: Row[] = [];
    let amount = 900;
    for (let month = 0; month < 96; month += 1) {
      // About 4% more a month on average, up or down by as much as 12% from one month to the next.
      amount = Math.round(amount * (1.036 + 0.12 * Math.sin(month * 2.1)));
      rows.push({
        date: monthDay('2016-01-01', month, 10 + (month % 4)),
        amount: -amount,
        description: `ACME CLOUD *${['JAN', 'FEB', 'MAR'][month % 3]}-${10744714 + month * 4211}`,
        category: 'Business Services',
      });
    }
    const history = asHistory(rows);
    const last = -rows[rows.length - 1].amount;
    expect(last / 900).toBeGreaterThan(20);
    const series = detectRecurring(history, { asOf: '2023-12-20' });
    expect(series.map((one) => [one.cadence, one.occurrences, one.fixedAmount, one.kind])).toEqual([
      ['monthly', 96, false, 'bill'],
    ]);
  });

  it('does not take a shop’s receipts of every size on about the same day each month for a drifting bill', () => {
    const rows: Row[] = [];
    let seed = 7;
    for (let month = 0; month < 24; month += 1) {
      seed = (seed * 48271) % 2147483647;
      // Anything from 5 to 300, no two months alike.
      rows.push({
        date: monthDay('2020-01-01', month, 14 + (month % 3)),
        amount: -(500 + (seed % 29500)),
        description: 'HARDWARE WAREHOUSE #4411',
        category: 'Home Improvement',
      });
    }
    expect(detectRecurring(asHistory(rows), { asOf: '2021-12-31' })).toEqual([]);
  });

  it('keeps two holdings’ dividend reinvestments apart, and the fund’s larger purchases out of both', () => {
    // Two holdings of one fund reinvest their dividends on the same days each quarter, each at its
    // own size; the person also buys the fund (several times larger) on days near those.
    const rows: Row[] = [];
    const reinvested = [21, 21, 22, 19, 22, 23, 27, 25, 18, 20, 26, 25, 20, 19, 26, 28];
    for (let quarter = 0; quarter < 16; quarter += 1) {
      const date = monthDay('2016-12-01', quarter * 3, reinvested[quarter]);
      rows.push({
        date,
        amount: -(43000 + quarter * 4700),
        description: 'NORTHFIELD 500 INDEX ADMIRAL CL - Reinvestment',
      });
      rows.push({
        date,
        amount: -(31000 + quarter * 500),
        description: 'NORTHFIELD 500 INDEX ADMIRAL CL - Reinvestment',
      });
    }
    // Purchases of 3,000 to 7,000 on no fixed day, about monthly for a year; the first the day
    // before the first reinvestment.
    rows.push({ date: '2016-12-20', amount: -500000, description: 'NORTHFIELD 500 INDEX ADMIRAL CL - Buy' });
    let seed = 11;
    for (let month = 6; month < 18; month += 1) {
      seed = (seed * 48271) % 2147483647;
      rows.push({
        date: monthDay('2016-12-01', month, 1 + (seed % 28)),
        amount: -(300000 + (seed % 9) * 50000),
        description: 'NORTHFIELD 500 INDEX ADMIRAL CL - Buy',
      });
    }
    const history = asHistory(rows.map((row) => ({ ...row, category: 'Investments' })));
    const series = detectRecurring(history, { asOf: '2020-12-31' });
    const reinvestments = series.filter((one) => one.cadence === 'quarterly' && one.occurrences > 4);
    expect(reinvestments.map((one) => one.occurrences)).toEqual([16, 16]);
    const holdingOf = (id: string) => {
      const { amount, description } = history[Number(id) - 1];
      if (/Buy/.test(description)) return 'buy';
      return -amount >= 43000 ? 'larger' : 'smaller';
    };
    expect(reinvestments.map((one) => [...new Set(one.transactionIds.map(holdingOf))].sort()).sort()).toEqual([
      ['larger'],
      ['smaller'],
    ]);
  });

  it('follows a yearly membership renewed at a new price most years and under a new text halfway', () => {
    const rows: Row[] = [
      ...[9900, 9900, 9900, 11900].map((amount, year) => ({
        date: `${2014 + year}-07-02`,
        amount: -amount,
        description: 'AmazonPrime Membership',
      })),
      ...[11900, 11900, 12763, 14908, 14908].map((amount, year) => ({
        date: `${2018 + year}-07-0${3 + (year % 2)}`,
        amount: -amount,
        description: `Amazon Prime*${['MJ9TH4ZC0', '297C404U2', 'CI8E13ED3', 'CM0VI4K93', 'XQ81BB7Z2'][year]}`,
      })),
    ];
    const series = detectRecurring(asHistory(rows), { asOf: '2022-08-01' });
    expect(series.map((one) => [one.cadence, one.occurrences])).toEqual([['yearly', 9]]);
  });

  it('keeps a yearly plan billed in November apart from another billed in July, and folds converted copies', () => {
    // A plan billed in pounds shows twice a year's charge, the copy converted on another day (122.21
    // and 122.44); years later a plan of the same text is billed each July.
    const november = [
      ['2013-11-01', 7864, '2013-11-03', 7864],
      ['2014-11-01', 12647, '2014-11-03', 12647],
      ['2015-11-01', 12221, '2015-11-03', 12244],
      ['2016-11-02', 9703, '2016-11-03', 9762],
    ] as const;
    const rows: Row[] = november.flatMap(([date, amount, copyDate, copyAmount]) => [
      { date, amount: -amount, description: 'Amazon Prime' },
      { date: copyDate, amount: -copyAmount, description: 'Amazon Prime' },
    ]);
    [11900, 11900, 12763, 14908, 14908].forEach((amount, year) =>
      rows.push({ date: `${2019 + year}-07-03`, amount: -amount, description: 'Amazon Prime' }),
    );
    const series = detectRecurring(asHistory(rows), { asOf: '2023-08-01' });
    expect(series.map((one) => [one.cadence, one.firstDate, one.lastDate, one.transactionIds.length])).toEqual([
      ['yearly', '2013-11-01', '2016-11-02', 8],
      ['yearly', '2019-07-03', '2023-07-03', 5],
    ]);
  });

  it('follows a monthly plan whose text glues the brand to changing account names with an underscore', () => {
    // A workspace plan billed on the 1st or 2nd under three spellings that take turns month by month.
    const texts = [
      'GOOGLE *GSUITE_INFINCC@GOOGLE.CA09BSAW1 ADVERTISING',
      'GOOGLE *GSUITE_INFINIT - CC@GOOGLE.COM, CA',
      'GOOGLE*GSUITE INFINITEA.ORG GOOGLE INC - CC GOOGLE.COM',
    ];
    const spelling = [0, 0, 0, 0, 0, 1, 2, 1, 1, 1, 2, 0, 0, 2, 0, 0, 2, 0, 1, 0];
    const rows: Row[] = spelling.map((text, month) => ({
      date: monthDay('2018-11-01', month, 1 + (month % 2)),
      amount: month < 6 ? -500 : -600,
      description: texts[text],
    }));
    const series = detectRecurring(asHistory(rows), { asOf: '2020-07-15' });
    expect(series.map((one) => [one.cadence, one.occurrences])).toEqual([['monthly', 20]]);
  });

  it('follows a phone bill of varying amounts whose text changed outright, its cleaned copies included', () => {
    // A year as `PROJECT FI`, then two as `GOOGLE FI`, billed on the 13th at 8 to 73; from the
    // eleventh month the feed also shows each charge under a cleaned `GOOGLE SERVICES` text.
    const amounts = [
      2990, 5909, 4181, 836, 3025, 2509, 4484, 2784, 2941, 2876, 3303, 1403, 3013, 3623, 3114, 2999, 2924, 3887, 3512,
      3125, 3285, 3121, 2784, 3174, 3876, 3808, 4358, 7324, 3960, 6247, 3080, 3250, 4106, 4504, 5530, 4117,
    ];
    const rows: Row[] = amounts.flatMap((amount, month) => {
      const date = monthDay('2017-11-01', month, 13);
      const text = month < 12 ? 'GOOGLE *PROJECT FI G.CO/HELPPAYA0727Q7C' : 'GOOGLE *GOOGLE FI G.CO/HELPPAY#A09NYSI9';
      const charge = { date, amount: -amount, description: text };
      return month >= 10 ? [charge, { date, amount: -amount, description: 'GOOGLE SERVICES' }] : [charge];
    });
    const history = asHistory(rows);
    const series = detectRecurring(history, { asOf: '2020-11-20' });
    expect(series.map((one) => [one.cadence, one.direction, one.transactionIds.length])).toEqual([
      ['monthly', 'out', history.length],
    ]);
  });

  it('does not join two payees’ short runs of varying charges that meet on a due date', () => {
    // Five months of one payee, then five of another from the next due date at about the same level:
    // a rename needs half a year under each text.
    const rows: Row[] = [3120, 2890, 3400, 2750, 3010, 2980, 3330, 2700, 3150, 2860].map((amount, month) => ({
      date: monthDay('2020-01-01', month, 12),
      amount: -amount,
      description: month < 5 ? 'ACME GAS CO' : 'ZETA POWER LLC',
      category: 'Bills & Utilities',
    }));
    const series = detectRecurring(asHistory(rows), { asOf: '2020-11-01' });
    expect(series.map((one) => [one.merchant, one.occurrences])).toEqual([
      [counterpartyKey('ACME GAS CO'), 5],
      [counterpartyKey('ZETA POWER LLC'), 5],
    ]);
  });

  it('does not join a plan that comes back years later at another price to the one that stopped', () => {
    const rows: Row[] = [];
    for (let month = 0; month < 30; month += 1)
      rows.push({ date: monthDay('2012-09-01', month, 24), amount: -199, description: 'GOOGLE *Google Storage' });
    for (let month = 0; month < 30; month += 1)
      rows.push({
        date: monthDay('2020-02-01', month, 25),
        amount: month < 6 ? -99 : -199,
        description: 'GOOGLE *Google Storage',
      });
    const series = detectRecurring(asHistory(rows), { asOf: '2022-08-01' });
    expect(series.map((one) => [one.firstDate, one.occurrences])).toEqual([
      ['2012-09-24', 30],
      ['2020-02-25', 30],
    ]);
  });

  it('finds two deposits of one amount on the 5th and the 10th filed under one category', () => {
    const rows: Row[] = [];
    for (let month = 0; month < 10; month += 1) {
      rows.push({
        date: monthDay('2015-03-01', month, 5),
        amount: -100000,
        description: '',
        category: 'Recurring Deposit',
      });
      rows.push({
        date: monthDay('2015-03-01', month, 10),
        amount: -100000,
        description: '',
        category: 'Recurring Deposit',
      });
    }
    const series = detectRecurring(asHistory(rows, 'INR'), { asOf: '2015-12-20' });
    expect(series.map((one) => [one.cadence, one.occurrences, one.nextExpected])).toEqual([
      ['monthly', 10, '2016-01-05'],
      ['monthly', 10, '2016-01-10'],
    ]);
  });

  it('finds a card’s monthly cash reward however it varies, even with some months filed under transport', () => {
    const rows: Row[] = [];
    const rewards = [4247, 2812, 1930, 2989, 3092, 3075, 7727, 2483, 3373, 698, 363, 991, 6730, 2384, 3096, 1318];
    rewards.forEach((amount, month) =>
      rows.push({
        date: monthDay('2010-07-01', month, 2),
        amount,
        description: 'PLATINUM CASH REWARD',
        category: month % 3 === 0 ? 'Auto & Transport' : 'Income',
      }),
    );
    const series = detectRecurring(asHistory(rows), { asOf: '2011-11-20' });
    // A card's cash back is money given back, not earned: the labels' `other`, as statement credits.
    expect(series.map((one) => [one.cadence, one.occurrences, one.direction, one.kind])).toEqual([
      ['monthly', 16, 'in', 'other'],
    ]);
  });

  it('does not take a fee charged a few times a month, now and then a month apart, for a schedule', () => {
    // A 0.40 fee whenever a card payment bounces: four a month, on no fixed day.
    const days = [2, 8, 18, 27, 4, 9, 13, 22, 5, 10, 16, 25, 5, 11, 21, 28, 6, 12, 19, 24];
    const rows: Row[] = days.map((dayOfMonth, index) => ({
      date: monthDay('2021-08-01', Math.floor(index / 4), dayOfMonth),
      amount: -40,
      description: 'Card Purchase Insufficient Funds Fee',
      category: 'Bank Fees',
    }));
    expect(detectRecurring(asHistory(rows, 'ZAR'), { asOf: '2021-12-31' })).toEqual([]);
  });
  it('follows a prepaid TV plan renewed every 28-33 days, which walks through the calendar month, as monthly', () => {
    // A DTH recharge bought when the last one runs out: 26-33 days apart (once 53, a renewal
    // skipped), so it walks from the 25th to the 9th in a year, at about its price.
    const gaps = [33, 30, 26, 33, 32, 29, 29, 32, 53, 30, 28, 28, 29];
    const amounts = [19100, 15600, 15600, 17900, 15700, 15700, 15700, 16600, 15700, 15700, 20000, 15700, 15700, 15700];
    const day = (offset: number) => new Date(Date.UTC(2017, 9, 23) + offset * 86_400_000).toISOString().slice(0, 10);
    const rows: Row[] = [];
    let offset = 0;
    amounts.forEach((amount, index) => {
      rows.push({ date: day(offset), amount: -amount, description: 'Home - Tata Play recharge', category: 'TV' });
      offset += gaps[index] ?? 0;
    });
    const history = asHistory(rows, 'INR');
    const series = detectRecurring(history, { asOf: day(offset + 10) });
    expect(series.map((one) => [one.cadence, one.occurrences, one.kind, one.status])).toEqual([
      ['monthly', 14, 'bill', 'active'],
    ]);
    // The next renewal is counted from the last one (the recent renewals came 28-32 days apart, 29 in the middle).
    expect(series[0].nextExpected).toBe(day(offset + 29));
    // The evaluation's reading of the next date is the product's: counted from the last charge too.
    expect(series[0].fromLastCharge).toBe(true);
    const dates = series[0].transactionIds.map((id) => history.find((row) => row.id === id)!.date);
    expect(nextExpectedDate('monthly', dates, series[0])).toBe(series[0].nextExpected);

    // Mobile top-ups bought when the credit runs out are not a plan: as often, at any amount.
    const topUps: Row[] = rows.map((row, index) => ({
      ...row,
      amount: -[5000, 19900, 9900, 14900, 4900, 29900, 9900][index % 7],
      description: 'Mobile recharge',
    }));
    expect(detectRecurring(asHistory(topUps, 'INR'), { asOf: day(offset) })).toEqual([]);
  });
  it('keys a web payment by the payee glued into its text when the key is only a channel word', () => {
    // `WEB PMTS` is how the rent was paid; `WEBRAMPARTNERS2` says to whom.
    const rent = 'WEBRAMPARTNERS2-SHR (WEB PMTS)WITHDRAWAL-ACH-A-RAMPARTNERS2-SHR WEBRAMPARTNERS2-SHR (WEB PMTS)';
    const other = 'WEBKANEREALTY-SKYOP (WEB PMTS)';
    expect(counterpartyKey(rent)).toBe('rampartners');
    expect(counterpartyKey(other)).toBe('webkanerealty skyop web');
    // A key that names someone is left as it was.
    expect(counterpartyKey('WEBPAYPAL (INST XFER)WITHDRAWAL-ACH-A-PAYPAL WEBPAYPAL (INST XFER)')).toBe(
      counterpartyKey('WEBPAYPAL (INST XFER)'),
    );
  });

  it('tells a move to another landlord on the same day at a rent 2.5% higher from a renamed payment', () => {
    const rows: Row[] = [];
    for (let month = 0; month < 12; month += 1)
      rows.push({
        date: monthDay('2017-07-01', month, 3 + (month % 2)),
        amount: -162415 - (month % 3) * 300,
        description: 'WEBRAMPARTNERS2-SHR (WEB PMTS)WITHDRAWAL-ACH-A-RAMPARTNERS2-SHR',
        category: 'Mortgage & Rent',
      });
    for (let month = 12; month < 24; month += 1)
      rows.push({
        date: monthDay('2017-07-01', month, 2 + (month % 3)),
        amount: -166552 - (month % 2) * 400,
        description: 'WEBKANEREALTY-SKYOP (WEB PMTS)',
        category: 'Mortgage & Rent',
      });
    const history = asHistory(rows);
    const series = detectRecurring(history, { asOf: '2019-06-20' });
    expect(series.map((one) => [one.merchant, one.cadence, one.occurrences, one.kind])).toEqual([
      ['rampartners', 'monthly', 12, 'rent'],
      ['webkanerealty skyop web', 'monthly', 12, 'rent'],
    ]);
  });
  it('finds yearly renewals of one price, each on its own day, beside a monthly plan at that price', () => {
    // A 12.00 monthly plan on about the 24th, and four domains renewed at 12.00 on the day each was
    // bought (Apr 13, Aug 1, Nov 4, Nov 7), for six years: 16 charges of 12.00 a year.
    const rows: Row[] = [];
    for (let month = 0; month < 72; month += 1)
      rows.push({
        date: monthDay('2018-01-01', month, 23 + (month % 3)),
        amount: -1200,
        description: 'GOOGLE*DOMAINS GOOGL G.CO HELPPAY#',
      });
    const renewals: [number, number][] = [
      [3, 13],
      [7, 1],
      [10, 4],
      [10, 7],
    ];
    for (let year = 0; year < 6; year += 1)
      for (const [month, dayOfMonth] of renewals)
        rows.push({
          date: monthDay('2018-01-01', year * 12 + month, dayOfMonth + (year % 2)),
          amount: -1200,
          description: year % 2 ? 'GOOGLE *DOMAINS G.CO/HELPPAY#' : 'GOOGLE*DOMAINS GOOGL G.CO HELPPAY#',
        });
    const history = asHistory(rows);
    const series = detectRecurring(history, { asOf: '2023-12-31' });
    const yearly = series.filter((one) => one.cadence === 'yearly');
    expect(yearly.map((one) => [one.firstDate.slice(5), one.occurrences, one.nextExpected.slice(5)]).sort()).toEqual([
      ['04-13', 6, '04-14'],
      ['08-01', 6, '08-02'],
      ['11-04', 6, '11-05'],
      ['11-07', 6, '11-08'],
    ]);
    expect(series.filter((one) => one.cadence === 'monthly').map((one) => one.occurrences)).toEqual([72]);
  });

  it('follows a yearly renewal whose first years’ text is the brand alone, later with a reference', () => {
    // `GOOGLE *Domains` keys as `domains`, the later texts as `domains g helppay` and `domains googl g`:
    // the brand's coarse group holds all three.
    const texts = [
      'GOOGLE *Domains',
      'GOOGLE *DOMAINS G.CO/HELPPAY# CAA08OPC0H PYMT',
      'GOOGLE*DOMAINS GOOGL G.CO HELPPAY#',
    ];
    const rows: Row[] = [0, 0, 1, 1, 1, 2, 2, 2].map((text, year) => ({
      date: `${2015 + year}-08-01`,
      amount: -1200,
      description: texts[text],
      category: 'Bills & Utilities',
    }));
    const series = detectRecurring(asHistory(rows), { asOf: '2022-08-10' });
    expect(series.map((one) => [one.cadence, one.occurrences])).toEqual([['yearly', 8]]);
  });

  it('does not take a monthly bill for a shop because one of its charges was filed under transport', () => {
    // A 12.00 bill on the 7th with six other 12.00 charges of the payee in its year; one bill filed
    // under transport by a categoriser's guess. Everyday spending needs more than a fifth of the charges.
    const rows: Row[] = [];
    for (let month = 0; month < 12; month += 1)
      rows.push({
        date: monthDay('2020-01-01', month, 7),
        amount: -1200,
        description: 'ACME HOSTING',
        category: month === 5 ? 'Auto & Transport' : 'Bills & Utilities',
      });
    for (const [month, dayOfMonth] of [
      [1, 20],
      [3, 15],
      [5, 25],
      [7, 18],
      [9, 27],
      [10, 19],
    ])
      rows.push({ date: monthDay('2020-01-01', month, dayOfMonth), amount: -1200, description: 'ACME HOSTING' });
    const series = detectRecurring(asHistory(rows), { asOf: '2020-12-20' });
    expect(series.map((one) => [one.cadence, one.occurrences, one.firstDate])).toEqual([['monthly', 12, '2020-01-07']]);
    const shop = rows.map((row) => ({ ...row, category: 'Food & Dining' }));
    expect(detectRecurring(asHistory(shop), { asOf: '2020-12-20' })).toEqual([]);
  });

  it('reads a monthly plan as monthly on both sides of a three-month gap, not as three quarterly plans', () => {
    // Read quarterly, the plan's charges bridge the gap and make longer chains; once the monthly
    // reading of the years after the gap has taken its charges, what the quarterly ones have left
    // comes after the monthly reading of the year before it.
    const rows = [
      ...monthlyRows('2018-06-01', 13, 19, -1495, 'Audible'),
      ...monthlyRows('2019-10-01', 48, 19, -1495, 'Audible'),
    ];
    const series = detectRecurring(asHistory(rows), { asOf: '2023-10-01' });
    expect(series.map((one) => [one.cadence, one.occurrences])).toEqual([['monthly', 61]]);
  });

  it('does not join a plan that stopped to one that starts months later on another day under another text', () => {
    // `Spotify USA` on the 28th until March, then `ADY*Spotify` on the 5th from October: another
    // subscription. The same plan resumed under its own text on a new day is the same one.
    const rows = [
      ...monthlyRows('2013-11-01', 17, 28, -999, 'Spotify USA 877 778 1161 NY'),
      ...monthlyRows('2015-10-01', 24, 5, -999, 'ADY*Spotify USA'),
    ];
    const series = detectRecurring(asHistory(rows), { asOf: '2017-10-01' });
    expect(series.map((one) => [one.firstDate, one.occurrences])).toEqual([
      ['2013-11-28', 17],
      ['2015-10-05', 24],
    ]);
    const resumed = rows.map((row) => ({ ...row, description: 'Spotify USA' }));
    expect(detectRecurring(asHistory(resumed), { asOf: '2017-10-01' }).map((one) => one.occurrences)).toEqual([41]);
  });

  it('keeps a renewal four days before a monthly plan’s charge at its price out of the plan', () => {
    // A 12.00 monthly plan on the 24th, and a domain renewed at 12.00 each December 20th: in
    // December the renewal comes first, within the plan's few days, but the plan's charge is the 24th.
    const rows = monthlyRows('2020-01-01', 48, 24, -1200, 'GOOGLE*DOMAINS GOOGL');
    for (let year = 0; year < 4; year += 1)
      rows.push({ date: `${2020 + year}-12-20`, amount: -1200, description: 'GOOGLE*DOMAINS GOOGL' });
    const series = detectRecurring(asHistory(rows), { asOf: '2023-12-31' });
    expect(series.map((one) => [one.cadence, one.occurrences, one.firstDate.slice(5)]).sort()).toEqual([
      ['monthly', 48, '01-24'],
      ['yearly', 4, '12-20'],
    ]);
  });
  it('finds a payee known only by its category when every payment filed there is on one day, months skipped, amount moving', () => {
    // A diary: rent typed with no note, filed under Rent, on the 1st-2nd; February, April and May
    // were not written down, and the amount moved (2,833, 2,543, 2,500). Every Rent row is on that day.
    const rent = [
      ['2015-03-02', -283300],
      ['2015-06-01', -254300],
      ['2015-07-01', -283300],
      ['2015-08-02', -250000],
    ].map(([date, amount]) => ({ date: String(date), amount: Number(amount), description: '', category: 'Rent' }));
    const series = detectRecurring(asHistory(rent, 'INR'), { asOf: '2015-08-31' });
    expect(series.map((one) => [one.cadence, one.occurrences, one.kind])).toEqual([['monthly', 4, 'rent']]);
    // Not so when the category also holds payments off that day, or is everyday spending.
    const another = { date: '2015-05-17', amount: -120000, description: '', category: 'Rent' };
    expect(detectRecurring(asHistory([...rent, another], 'INR'), { asOf: '2015-08-31' })).toEqual([]);
    const food = rent.map((row) => ({ ...row, category: 'Food' }));
    expect(detectRecurring(asHistory(food, 'INR'), { asOf: '2015-08-31' })).toEqual([]);
  });
  it('does not take a data top-up bought whenever the credit ran out for a plan, though a fortnight or a month fits a few', () => {
    // The diary's top-ups at one price, every 1-20 days: six of them fall on a fortnightly schedule
    // with two others beside it, and four (one a 296 pack) on the 17th-20th of four months with
    // five others at about that price.
    const dates = ['2016-12-09', '2016-12-17', '2016-12-25', '2017-01-05', '2017-01-20', '2017-02-01', '2017-02-02'];
    const rows: Row[] = [...dates, '2017-02-13', '2017-02-18'].map((date) => ({
      date,
      amount: -30100,
      description: 'Mobile Service Provider recharge wfh',
    }));
    for (const date of ['2017-03-10', '2017-03-19'])
      rows.push({ date, amount: -29600, description: 'Mobile Service Provider freedom pack' });
    expect(detectRecurring(asHistory(rows, 'INR'), { asOf: '2017-04-30' })).toEqual([]);
  });
  it('follows wages typed by hand with no note, four months of a year not written down, the amount stepping up', () => {
    // The maid paid around the 1st, 1,000 and then 2,000, filed under `maid`; July, August, November
    // and March were not recorded on their day (one paid on the 17th, one on the 21st).
    const paid: [string, number][] = [
      ['2017-05-01', -100000],
      ['2017-06-01', -100000],
      ['2017-08-17', -102000],
      ['2017-09-01', -82000],
      ['2017-10-02', -200000],
      ['2017-10-21', -200000],
      ['2017-12-01', -200000],
      ['2018-01-01', -200000],
      ['2018-02-01', -200000],
      ['2018-04-02', -200000],
    ];
    const rows = paid.map(([date, amount]) => ({ date, amount, description: '', category: 'maid' }));
    const series = detectRecurring(asHistory(rows, 'INR'), { asOf: '2018-04-30' });
    expect(series.map((one) => [one.cadence, one.occurrences, one.amount])).toEqual([['monthly', 8, -200000]]);
    // A bank text that skips four months of twelve is no monthly schedule.
    const banked = rows.map((row) => ({ ...row, description: 'ACME HOME SERVICES' }));
    const bankedSeries = detectRecurring(asHistory(banked, 'INR'), { asOf: '2018-04-30' });
    expect(bankedSeries.filter((one) => one.cadence === 'monthly')).toEqual([]);
  });
});
