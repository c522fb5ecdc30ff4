import type { DetectedSeries } from '../../../lambdas/core/insights/detect-recurring';
import { nudgesOf } from '../../../lambdas/core/insights/nudges';

const TODAY = '2026-12-06';

/** A monthly subscription as the detector describes one, stopped or still charging. */
function subscription(
  name: string,
  price: number,
  lastDate: string,
  nextExpected: string,
  currency = 'GBP',
): DetectedSeries {
  return {
    merchant: name.toLowerCase(),
    name,
    currency,
    direction: 'out',
    cadence: 'monthly',
    kind: 'subscription',
    amount: -price,
    amountRange: { min: -price, max: -price },
    fixedAmount: true,
    occurrences: 12,
    transactionIds: [],
    firstDate: '2020-01-01',
    lastDate,
    nextExpected,
    nextAmount: -price,
    priceChange: null,
    status: nextExpected < '2026-11-01' ? 'stopped' : 'active',
    yearlyTotal: -price * 12,
  } as DetectedSeries;
}

const nudges = (recurring: DetectedSeries[]) => nudgesOf({ habits: null, recurring, anomalies: [], today: TODAY });

describe('nudges', () => {
  it('praises a subscription stopped this past year, not the ones dropped years ago', () => {
    const found = nudges([
      subscription('Netflix', 1099, '2026-05-03', '2026-06-03'),
      subscription('Old Gym', 3500, '2019-02-01', '2019-03-01'),
      subscription('Dropbox', 999, '2015-07-10', '2015-08-10'),
      subscription('Spotify', 1199, '2026-11-20', '2026-12-20'),
    ]).filter((n) => n.kind === 'subscriptions_stopped');
    expect(found).toEqual([
      {
        tone: 'positive',
        kind: 'subscriptions_stopped',
        message: 'Netflix has stopped charging you this past year: 131.88 GBP a year kept.',
        figure: 13188,
        unit: 'minor_units',
        currency: 'GBP',
      },
    ]);
  });

  it('says nothing of stopped subscriptions when none stopped lately', () => {
    expect(nudges([subscription('Old Gym', 3500, '2019-02-01', '2019-03-01')])).toEqual([]);
  });

  it('sums each currency on its own, in that currency’s minor units', () => {
    const found = nudges([
      subscription('Netflix', 1099, '2026-05-03', '2026-06-03'),
      subscription('Hulu', 1490, '2026-04-11', '2026-05-11', 'JPY'),
      subscription('Abema', 960, '2026-07-02', '2026-08-02', 'JPY'),
    ]).filter((n) => n.kind === 'subscriptions_stopped');
    expect(found.map((n) => n.message)).toEqual([
      'Netflix has stopped charging you this past year: 131.88 GBP a year kept.',
      '2 subscriptions have stopped charging you this past year: 29400 JPY a year kept.',
    ]);
  });
});
