import { detectAnomalies } from '../../../lambdas/core/insights/detect-anomalies';
import { detectRecurring } from '../../../lambdas/core/insights/detect-recurring';
import { readUnsubscribeToken, unsubscribeToken } from '../../../lambdas/core/insights/unsubscribe-token';
import { readHistory } from './read-fixture';

describe('unusual charges in a real history', () => {
  const za = readHistory('categorised/za-bank-assessment.csv', 'ZAR');
  const asOf = '2023-11-30';

  it('raises at most two alerts a month on the history as it is', () => {
    const alerts = detectAnomalies(za, { asOf, recurring: detectRecurring(za, { asOf }) });
    // 2021-07-25 .. 2023-11-30: 28 months
    const months = 28;
    expect(alerts.length / months).toBeLessThanOrEqual(2);
    for (const alert of alerts) expect(alert.reason).toMatch(/\d/);
  });

  it('calls a bank’s charge a fee, and not a coffee shop’s purchase filed under "Coffee"', () => {
    const alerts = detectAnomalies(za, { asOf, recurring: [] }).filter((alert) => alert.kind === 'fee');
    const categoryOf = new Map(za.map((row) => [row.id, row.category]));
    const feeCategories = new Set(alerts.map((alert) => categoryOf.get(alert.transactionId ?? '')));
    expect(feeCategories).toContain('Bank Charges and Fees');
    expect(feeCategories).not.toContain('Coffee');
  });

  it('catches a card purchase charged again the next day, and a purchase five times the shop’s usual', () => {
    const purchase = za.filter((row) => /PnP Fam Elgin/.test(row.description))[4];
    const next = new Date(Date.parse(`${purchase.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const withDuplicate = [...za, { ...purchase, id: 'copy', date: next }];
    const duplicate = detectAnomalies(withDuplicate, { asOf, recurring: [] }).find(
      (alert) => alert.transactionId === 'copy',
    );
    expect(duplicate).toMatchObject({ kind: 'duplicate', amount: purchase.amount });
    expect(duplicate!.reason).toContain('again a day after');

    // Airtime at 149 five times, then one at five times that.
    const airtime = za.filter((row) => /prepaid airtime/i.test(row.description));
    const target = airtime[5];
    const inflated = za.map((row) => (row.id === target.id ? { ...row, amount: -149_00 * 5 } : row));
    const unusual = detectAnomalies(inflated, { asOf, recurring: [] }).find(
      (alert) => alert.transactionId === target.id,
    );
    expect(unusual).toMatchObject({ kind: 'unusual_amount' });
  });
});

describe('the unsubscribe link', () => {
  it('names the person and kind it was signed for, and nothing when tampered with or signed under another secret', () => {
    const token = unsubscribeToken('a-secret-of-the-deployment', 'user-1', 'anomaly');
    expect(readUnsubscribeToken('a-secret-of-the-deployment', token)).toEqual({ userId: 'user-1', kind: 'anomaly' });
    expect(readUnsubscribeToken('another-secret-entirely', token)).toBeNull();
    const forged = `${Buffer.from(JSON.stringify({ u: 'user-2', k: 'anomaly' })).toString('base64url')}.${token.split('.')[1]}`;
    expect(readUnsubscribeToken('a-secret-of-the-deployment', forged)).toBeNull();
  });
});

describe('unusual charges in the household diary', () => {
  const diary = readHistory('recurring/in-household-diary.csv', 'INR');
  const asOf = '2018-09-20';
  const series = detectRecurring(diary, { asOf });

  it('names a recurring price that rose on the first charge at the new price, with the old and new price', () => {
    const fixed = series.find(
      (one) => one.direction === 'out' && one.fixedAmount && one.occurrences >= 8 && one.merchant,
    )!;
    const dates = [...new Set(fixed.transactionIds.map((id) => diary.find((row) => row.id === id)!.date))].sort();
    const from = dates[5];
    const raised = diary.map((row) =>
      fixed.transactionIds.includes(row.id) && row.date >= from
        ? { ...row, amount: Math.round(row.amount * 1.15) }
        : row,
    );
    const alerts = detectAnomalies(raised, { asOf, recurring: detectRecurring(raised, { asOf }) });
    const rise = alerts.find((alert) => alert.kind === 'price_rise' && alert.date === from);
    expect(rise).toBeDefined();
    expect(rise!.reason).toContain('went up from');
    expect(fixed.transactionIds).toContain(rise!.transactionId);
  });

  it('does not call a fare the person pays twice a day a duplicate, and does call a one-off bill paid twice', () => {
    const alerts = detectAnomalies(diary, { asOf, recurring: series });
    const duplicates = alerts.filter((alert) => alert.kind === 'duplicate');
    // the diary holds hundreds of same-fare rides on consecutive days
    expect(duplicates.length).toBeLessThan(25);
    const bill = diary.find((row) => /reliance mutual fund/i.test(row.description))!;
    const next = new Date(Date.parse(`${bill.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const twice = detectAnomalies([...diary, { ...bill, id: 'again', date: next }], { asOf, recurring: series });
    expect(twice.find((alert) => alert.transactionId === 'again')).toMatchObject({ kind: 'duplicate' });
  });
});

describe('who a charge with no name in it was paid to', () => {
  const diary = readHistory('recurring/in-household-diary.csv', 'INR');
  const asOf = '2018-09-20';

  it('judges a note-less payment against the others of its category: a recurring deposit made five times its amount is unusual', () => {
    const deposits = diary.filter((row) => row.description === '' && row.category === 'Recurring Deposit');
    const target = deposits[9]; // nine deposits of 1,000 before it
    const inflated = diary.map((row) => (row.id === target.id ? { ...row, amount: row.amount * 5 } : row));
    const alert = detectAnomalies(inflated, { asOf, recurring: [] }).find((one) => one.transactionId === target.id);
    expect(alert).toMatchObject({ kind: 'unusual_amount', merchant: '' });
    expect(alert!.reason).toContain('recurring deposit payments with no description');
  });
});

describe('a charge posted twice, in a feed that shows each purchase twice under two texts', () => {
  const za = readHistory('categorised/za-bank-assessment.csv', 'ZAR');
  const asOf = '2023-11-30';
  // Every card purchase comes again the next day under another reference (as a feed's raw and
  // cleaned views of one charge do): repeats of an amount within 48 hours are this person's normal.
  const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const purchases = za.filter((row) => row.amount < 0 && /^POS Purchase/i.test(row.description));
  const feed = [
    ...za,
    ...purchases.map((row) => ({
      ...row,
      id: `view-${row.id}`,
      date: nextDay(row.date),
      description: `${row.description} 90417`,
    })),
  ];

  it('does not flag the feed’s second views, and does flag the same text charged again', () => {
    const quiet = detectAnomalies(feed, { asOf, recurring: [] }).filter((alert) => alert.kind === 'duplicate');
    // the first few views come before the history shows they are the feed's habit
    expect(quiet.filter((alert) => alert.transactionId?.startsWith('view-')).length).toBeLessThanOrEqual(
      purchases.length / 20,
    );

    const charged = purchases.filter((row) => /PnP Fam Elgin/.test(row.description)).at(-2)!;
    const again = { ...charged, id: 'again', date: nextDay(charged.date) };
    const alerts = detectAnomalies([...feed, again], { asOf, recurring: [] });
    expect(alerts.find((alert) => alert.transactionId === 'again')).toMatchObject({ kind: 'duplicate' });
  });
});

describe('a fixed charge whose price rose, before the recurring detector ties the new price to its series', () => {
  const diary = readHistory('recurring/in-household-diary.csv', 'INR');
  const asOf = '2018-09-20';
  const fund = diary.filter((row) => row.description === 'Mutual fund A');

  it('names the first charge at the new price from the charges themselves, and not a one-off extra', () => {
    const from = fund[4].date; // four monthly charges of 1,000 before it
    const raised = diary.map((row) =>
      row.description === 'Mutual fund A' && row.date >= from ? { ...row, amount: Math.round(row.amount * 1.15) } : row,
    );
    // No series given: only the charges' own schedule and price can tell.
    const rise = detectAnomalies(raised, { asOf, recurring: [] }).find((alert) => alert.kind === 'price_rise');
    expect(rise).toMatchObject({ transactionId: fund[4].id, date: from });
    expect(rise!.reason).toContain('went up from 1000.00 INR to 1150.00 INR a month');

    const once = diary.map((row) => (row.id === fund[4].id ? { ...row, amount: Math.round(row.amount * 1.15) } : row));
    const extra = detectAnomalies(once, { asOf, recurring: [] }).filter(
      (alert) => alert.kind === 'price_rise' && alert.transactionId === fund[4].id,
    );
    expect(extra).toEqual([]);
  });

  it('still names the rise when a one-off charge five times the price came on one of the charges before it', () => {
    const from = fund[5].date;
    const raised = diary.map((row) =>
      row.id === fund[3].id
        ? { ...row, amount: row.amount * 5 }
        : row.description === 'Mutual fund A' && row.date >= from
          ? { ...row, amount: Math.round(row.amount * 1.15) }
          : row,
    );
    const rise = detectAnomalies(raised, { asOf, recurring: [] }).find((alert) => alert.kind === 'price_rise');
    expect(rise).toMatchObject({ transactionId: fund[5].id, date: from });
  });
});

describe('a one-off purchase posted twice, for a person whose everyday charges often come back the next day', () => {
  const za = readHistory('categorised/za-bank-assessment.csv', 'ZAR');
  const asOf = '2023-11-30';
  const dayAfter = (date: string, days = 1) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  // The same coffee under the same text every day from August: a third of this person's charges
  // now repeat one of the day before, so a repeat alone is no news.
  const coffee = Array.from({ length: 120 }, (_, day) => ({
    id: `coffee-${day}`,
    date: dayAfter('2023-08-01', day),
    amount: -32_00,
    currency: 'ZAR',
    description: 'POS Purchase Vida E Caffe Parkhurst',
    category: 'Eating Out',
  }));
  const history = [...za, ...coffee].sort((a, b) => a.date.localeCompare(b.date));

  it('flags the purchase whose text the person had never seen before charged again, and not the daily coffee', () => {
    const jacket = history.find((row) => /Jet Sandton Sq/.test(row.description))!;
    const again = { ...jacket, id: 'again', date: dayAfter(jacket.date) };
    const alerts = detectAnomalies([...history, again], { asOf, recurring: [] });
    expect(alerts.find((alert) => alert.transactionId === 'again')).toMatchObject({ kind: 'duplicate' });
    // The second coffee at a café never seen before looks like the first charged twice; from then on it is a habit.
    expect(
      alerts.filter((alert) => alert.transactionId?.startsWith('coffee-')).map((alert) => alert.transactionId),
    ).toEqual(['coffee-1']);
  });
});
