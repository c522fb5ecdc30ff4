import { detectAnomalies } from '../../../lambdas/core/insights/detect-anomalies';
import { detectRecurring, type RecurringInput } from '../../../lambdas/core/insights/detect-recurring';
import { readHistory } from './read-fixture';

const diary = readHistory('recurring/in-household-diary.csv', 'INR');
const asOf = '2018-09-20';
/** The diary's monthly fund purchase of 1,000.00, 17 charges from March 2015 (its text changed in 2016). */
const fund = detectRecurring(diary, { asOf })
  .find((series) => series.name === 'Reliance Mutual Fund')!
  .transactionIds.map((id) => diary.find((row) => row.id === id)!)
  .sort((a, b) => a.date.localeCompare(b.date));
const nextDay = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The fund's charges at the amounts given by position (unlisted ones as they are). */
function withFund(amounts: (index: number, amount: number) => number, extra: RecurringInput[] = []) {
  const at = new Map(fund.map((row, index) => [row.id, index]));
  return [
    ...diary.map((row) => (at.has(row.id) ? { ...row, amount: amounts(at.get(row.id)!, row.amount) } : row)),
    ...extra,
  ];
}

const riseAlerts = (rows: RecurringInput[]) =>
  detectAnomalies(rows, { asOf, recurring: detectRecurring(rows, { asOf }) }).filter(
    (alert) => alert.kind === 'price_rise',
  );

describe('a recurring price that rose soon after it changed', () => {
  // 1,000.00 five times, 700.00 twice (a new tariff), then 805.00 from the eighth charge on.
  const tariff = (index: number, amount: number) => (index < 5 ? amount : index < 7 ? -70000 : -80500);

  it('names the rise when the new price holds on the charges after it', () => {
    const rises = riseAlerts(withFund(tariff));
    expect(rises.find((alert) => alert.transactionId === fund[7].id)?.reason).toContain(
      'went up from 700.00 INR to 805.00 INR a month',
    );
  });

  it('does not call a bill that varies after two equal charges a price rise', () => {
    // 805.00 twice, then 760.00, 820.00, 745.00 ...: a usage bill, not a new price.
    const varying = [-80500, -80500, -76000, -82000, -74500, -79000, -83000, -77000, -81000, -75000];
    const rows = withFund((index, amount) => (index < 7 ? tariff(index, amount) : varying[index - 7]));
    expect(riseAlerts(rows).filter((alert) => alert.transactionId === fund[7].id)).toEqual([]);
  });

  it('does not take a charge and its copy two days later for a price held twice', () => {
    // 1,000.00 five times, one charge of 700.00 posted again two days later, then 805.00.
    const copy = { ...fund[5], id: 'copy', date: nextDay(fund[5].date, 2), amount: -70000 };
    const rows = withFund((index, amount) => (index < 5 ? amount : index === 5 ? -70000 : -80500), [copy]);
    expect(riseAlerts(rows).filter((alert) => alert.transactionId === fund[6].id)).toEqual([]);
  });
});

describe('a recurring price that rose when the bank’s text for it changed', () => {
  it('names the rise on the first charge under the new text, and not when the new text is another payee', () => {
    // The fund's 1,000.00 a month as "reliance mutual fund" to December 2015, then as "Mutual fund B".
    const renamed = (name: string) =>
      diary.map((row) =>
        row.description === 'Mutual fund B'
          ? { ...row, description: name, amount: Math.round(row.amount * 1.15) }
          : row,
      );
    const first = diary.find((row) => row.description === 'Mutual fund B')!;
    expect(riseAlerts(renamed('Mutual fund B')).find((alert) => alert.transactionId === first.id)?.reason).toContain(
      'went up from 1000.00 INR to 1150.00 INR a month',
    );
    expect(riseAlerts(renamed('Index tracker B')).filter((alert) => alert.transactionId === first.id)).toEqual([]);
  });
});

describe('a recurring price that rose after a one-off charge in its place', () => {
  it('names the rise when one of the charges before it was five times the price', () => {
    // The note-less deposit on the 10th (a second one on the 5th shares its category): the series
    // the recurring detector finds is the only thing that tells the two schedules apart.
    const deposits = diary
      .filter((row) => row.description === '' && row.category === 'Recurring Deposit' && Number(row.date.slice(8)) >= 9)
      .sort((a, b) => a.date.localeCompare(b.date));
    const [oneOff, from] = [deposits[5], deposits[7]];
    const rows = diary.map((row) =>
      row.id === oneOff.id
        ? { ...row, amount: row.amount * 5 }
        : deposits.includes(row) && row.date >= from.date
          ? { ...row, amount: Math.round(row.amount * 1.15) }
          : row,
    );
    expect(riseAlerts(rows).find((alert) => alert.transactionId === from.id)?.reason).toContain(
      'went up from 1000.00 INR to 1150.00 INR a month',
    );
  });
});

describe('a plan that comes back at a higher price long after it stopped', () => {
  it('is not a price rise of the plan that stopped', () => {
    // The diary's audible subscription (eight months of 199.00 to February 2016) taken again two
    // years later at 228.85: another plan, not the old one's price going up.
    const plan = diary.filter((row) => /audible/i.test(row.description));
    const again = plan.map((row, index) => ({
      ...row,
      id: `again-${index}`,
      date: nextDay(row.date, 730),
      amount: Math.round(row.amount * 1.15),
    }));
    expect(riseAlerts([...diary, ...again]).filter((alert) => alert.transactionId === 'again-0')).toEqual([]);
  });
});
