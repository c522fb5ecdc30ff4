import { detectRecurring } from '../../../lambdas/core/insights/detect-recurring';
import { cadenceNamedIn } from '../../../lambdas/core/insights/named-cadence';
import { readHistory, readLabels } from './read-fixture';

type Row = { date: string; amount: number; description: string; category?: string };
const asHistory = (rows: Row[], currency = 'INR') =>
  [...rows]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((row, index) => ({ category: null, ...row, id: String(index + 1), currency }));
/** Top-ups of one text bought whenever the credit runs out: every 9-23 days, at a few prices. */
const topUps = (from: string, count: number, description: string): Row[] => {
  const rows: Row[] = [];
  const day = new Date(`${from}T00:00:00Z`);
  for (let index = 0; index < count; index += 1) {
    rows.push({ date: day.toISOString().slice(0, 10), amount: -[25100, 30100, 14900][index % 3], description });
    day.setUTCDate(day.getUTCDate() + 9 + ((index * 7) % 15));
  }
  return rows;
};

describe('the cadence a bank text names', () => {
  it.each([
    ['1 month subscription', 'monthly', '1 month'],
    ['MONTHLY PLAN 499', 'monthly', 'monthly'],
    ['No daily limit plan ( 25 GB 30 days)', 'monthly', '30 days'],
    ['internet renewal (3 months pack)', 'quarterly', '3 months'],
    ['LIFE COVER QUARTERLY PREMIUM', 'quarterly', 'quarterly'],
    ['Semi-annual premium', 'semiannual', 'semi-annual'],
    ['Telco recharge 365 days', 'yearly', '365 days'],
    ['Annual recharge', 'yearly', 'annual'],
    ['ANNUAL MEMBERSHIP FEE', 'yearly', 'annual'],
    ['yearly membership', 'yearly', 'yearly'],
    ['Antivirus 12 months licence', 'yearly', '12 months'],
    ['subscription 1 yr', 'yearly', '1 yr'],
  ])('reads %s as %s', (text, cadence, words) => {
    expect(cadenceNamedIn(text)).toEqual({ cadence, words });
  });

  it.each([
    ['6 months ( 30mb UL plan + 1 month free)'],
    ['DRX DLY 20+ YR TREAS BULL 3X'],
    ['SEVEN DAYS CAMBRIDGE GB'],
    ['HBR 2 Months subscription'],
    ['Amazon prime subscription'],
  ])('reads no cadence in %s (none named, or two)', (text) => {
    expect(cadenceNamedIn(text)).toBeNull();
  });
});

describe('a charge whose text names its cadence', () => {
  it('finds a yearly prepaid plan from two renewals a year apart at one price, among the provider’s small top-ups', () => {
    const rows: Row[] = [
      ...topUps('2019-01-04', 40, 'Telco prepaid data booster'),
      { date: '2019-03-11', amount: -259900, description: 'Telco prepaid recharge 365 days' },
      { date: '2020-03-12', amount: -259900, description: 'Telco prepaid recharge 365 days' },
    ];
    const series = detectRecurring(asHistory(rows), { asOf: '2020-06-01' });
    const plan = series.filter((one) => one.amount === -259900);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({
      cadence: 'yearly',
      occurrences: 2,
      cadenceNamed: '365 days',
      nextExpected: '2021-03-12',
      nextAmount: -259900,
      status: 'active',
    });
  });

  it('finds a monthly plan from three charges, a month skipped and the price cut once', () => {
    const rows: Row[] = [
      { date: '2021-02-05', amount: -19900, description: 'StreamBox 1 month pass' },
      { date: '2021-03-07', amount: -19900, description: 'StreamBox 1 month pass' },
      { date: '2021-05-05', amount: -14900, description: 'StreamBox 1 month pass' },
      { date: '2021-12-20', amount: -19900, description: 'StreamBox 1 month pass' },
    ];
    const series = detectRecurring(asHistory(rows), { asOf: '2021-05-20' });
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      cadence: 'monthly',
      occurrences: 3,
      cadenceNamed: '1 month',
      amount: -14900,
      nextExpected: '2021-06-05',
      nextAmount: -14900,
    });
    expect(series[0].transactionIds).toEqual(['1', '2', '3']);
  });

  it('follows a yearly plan renewed under another text naming a year, on its due date at about its price', () => {
    const plan = (date: string, amount: number, description: string): Row => ({ date, amount, description });
    const rows: Row[] = [
      plan('2019-03-11', -259900, 'Telco prepaid recharge 365 days'),
      plan('2020-03-12', -259900, 'Telco prepaid recharge 365 days'),
      plan('2021-03-11', -254500, 'Yearly plan renewal'),
      // Not on the plan's next due date, and another price: another purchase.
      plan('2021-09-30', -254500, 'Yearly plan renewal'),
      plan('2022-03-12', -199900, 'Annual pass'),
    ];
    const series = detectRecurring(asHistory(rows), { asOf: '2022-06-01' });
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      cadence: 'yearly',
      occurrences: 3,
      lastDate: '2021-03-11',
      nextExpected: '2022-03-11',
      nextAmount: -254500,
      status: 'active',
    });
  });

  it('makes no series of a word alone: two "monthly" charges 20 days apart at two prices', () => {
    const rows: Row[] = [
      { date: '2022-04-02', amount: -49900, description: 'MONTHLY PLAN' },
      { date: '2022-04-22', amount: -59900, description: 'MONTHLY PLAN' },
    ];
    expect(detectRecurring(asHistory(rows), { asOf: '2022-06-01' })).toEqual([]);
  });

  it('makes a series only of the cadence the text names: an "annual" fee charged a month apart is none', () => {
    const rows: Row[] = [
      { date: '2022-01-15', amount: -9500, description: 'ANNUAL CARD FEE' },
      { date: '2022-02-15', amount: -9500, description: 'ANNUAL CARD FEE' },
    ];
    expect(detectRecurring(asHistory(rows), { asOf: '2022-06-01' })).toEqual([]);
  });

  it('makes no yearly series of two charges at two prices, nor of a pair with the same charge again in between', () => {
    const repriced: Row[] = [
      { date: '2018-09-01', amount: -9500, description: 'ANNUAL MEMBERSHIP FEE' },
      { date: '2019-09-01', amount: -12000, description: 'ANNUAL MEMBERSHIP FEE' },
    ];
    expect(detectRecurring(asHistory(repriced), { asOf: '2019-12-01' })).toEqual([]);
    const boughtAgain: Row[] = [
      { date: '2018-05-10', amount: -99900, description: 'Gym yearly membership' },
      { date: '2018-08-20', amount: -99900, description: 'Gym yearly membership' },
      { date: '2019-05-10', amount: -99900, description: 'Gym yearly membership' },
    ];
    expect(detectRecurring(asHistory(boughtAgain), { asOf: '2019-06-01' })).toEqual([]);
  });

  it('makes no monthly series of "30 days" top-ups bought whenever the credit runs out, though three fall a month apart', () => {
    // Jan 6, Feb 6 and Mar 7 would make a plan with one price change; the top-up of Jan 19 says they are bought as needed.
    const rows: Row[] = [
      { date: '2020-01-06', amount: -29600, description: 'Data plan 30 days' },
      { date: '2020-01-19', amount: -29600, description: 'Data plan 30 days' },
      { date: '2020-02-06', amount: -29600, description: 'Data plan 30 days' },
      { date: '2020-03-07', amount: -25100, description: 'Data plan 30 days' },
    ];
    expect(detectRecurring(asHistory(rows), { asOf: '2020-04-01' })).toEqual([]);
  });
});

describe('plans named by their cadence in a real household diary', () => {
  const diary = readHistory('recurring/in-household-diary.csv', 'INR');
  const labels = readLabels('recurring/in-household-diary.labels.json');
  const found = detectRecurring(diary, { asOf: '2018-09-20' });
  const matchOf = (name: RegExp) => {
    const rows = new Set(labels.series.find((series) => name.test(series.name))!.rows.map(String));
    return found.find((series) => series.transactionIds.filter((id) => rows.has(id)).length * 2 >= rows.size);
  };

  it('finds the "1 month subscription" plan and the "365 days" mobile plan renewed as "Annual recharge", saying the text named the cadence', () => {
    expect(matchOf(/^OTT/)).toMatchObject({ cadence: 'monthly', cadenceNamed: '1 month', occurrences: 3 });
    expect(matchOf(/^Mobile annual/)).toMatchObject({
      cadence: 'yearly',
      cadenceNamed: '365 days',
      occurrences: 3,
      lastDate: '2017-07-20',
      status: 'active',
    });
  });

  it('makes no series of its other texts naming a cadence (two "Monthly recharge" top-ups, two 3-month packs)', () => {
    expect(found.filter((series) => series.cadenceNamed)).toHaveLength(2);
  });
});
