import { projectCashflow } from '../../../lambdas/core/forecast/cashflow';
import { detectMonthlyRecurring, type PayeeMonth } from '../../../lambdas/core/forecast/monthly-recurring';

const months = ['2025-03', '2025-04', '2025-05', '2025-06'];
const monthly = (payee: string, total: number, day: number, seen = months): PayeeMonth[] =>
  seen.map((month) => ({ accountId: 'acc', payee, month, count: 1, total, day }));

describe('the monthly recurring pass', () => {
  it('finds rent and salary, and ignores an irregular shop and a weekly habit', () => {
    const rows = [
      ...monthly('RENT', -90000, 1),
      ...monthly('ACME PAYROLL', 250000, 25),
      ...[-1200, -8000, -300, -5000].map((total, i) => ({
        accountId: 'acc',
        payee: 'SHOP',
        month: months[i],
        count: 1,
        total,
        day: 10,
      })),
      ...months.map((month) => ({ accountId: 'acc', payee: 'COFFEE', month, count: 4, total: -1600, day: 2 })),
    ];
    const found = detectMonthlyRecurring(rows, months, '2025-07');
    expect(found.map((r) => [r.payee, r.amount, r.dayOfMonth])).toEqual([
      ['RENT', -90000, 1],
      ['ACME PAYROLL', 250000, 25],
    ]);
  });

  it('does not expect this month a payment already made this month', () => {
    const rows = [
      ...monthly('RENT', -90000, 1),
      { accountId: 'acc', payee: 'RENT', month: '2025-07', count: 1, total: -90000, day: 1 },
    ];
    const [rent] = detectMonthlyRecurring(rows, months, '2025-07');
    expect(rent.seenThisMonth).toBe(true);
    const projection = projectCashflow(
      { accountId: 'acc', currency: 'EUR', balance: 100000, otherMonthlyFlow: [0, 0, 0] },
      [rent],
      '2025-07-10',
      40,
    );
    const drops = projection.points.filter(
      (p, i) => p.expected < (i === 0 ? 100000 : projection.points[i - 1].expected),
    );
    expect(drops.map((p) => p.date)).toEqual(['2025-08-01']);
  });
});

describe('the cash-flow projection', () => {
  const rent = { accountId: 'acc', payee: 'RENT', amount: -90000, dayOfMonth: 1, seenThisMonth: false };
  const salary = { accountId: 'acc', payee: 'PAYROLL', amount: 250000, dayOfMonth: 25, seenThisMonth: false };
  const habits = [-140000, -150000, -160000, -145000, -155000, -150000];

  it('puts the bills on their dates, finds the lowest point and the next income', () => {
    const p = projectCashflow(
      { accountId: 'acc', currency: 'EUR', balance: 120000, otherMonthlyFlow: habits },
      [rent, salary],
      '2025-07-20',
      30,
    );
    expect(p.nextIncome).toBe('2025-07-25');
    expect(p.points).toHaveLength(30);
    expect(p.points[0].date).toBe('2025-07-21');
    expect(p.lowest.date <= '2025-07-24' || p.lowest.date >= '2025-08-01').toBe(true);
    const first = p.points.find((x) => x.date === '2025-08-01');
    const before = p.points.find((x) => x.date === '2025-07-31');
    expect((first?.expected ?? 0) - (before?.expected ?? 0)).toBeLessThan(-90000);
    for (const x of p.points) expect(x.lower80).toBeLessThanOrEqual(x.upper80);
  });

  it('calls a shortfall likely when the balance cannot last until payday, and unlikely when it can', () => {
    const thin = projectCashflow(
      { accountId: 'acc', currency: 'EUR', balance: 20000, otherMonthlyFlow: habits },
      [rent, salary],
      '2025-07-02',
      60,
    );
    const ample = projectCashflow(
      { accountId: 'acc', currency: 'EUR', balance: 900000, otherMonthlyFlow: habits },
      [rent, salary],
      '2025-07-02',
      60,
    );
    expect(thin.shortfallProbability).toBeGreaterThan(0.9);
    expect(ample.shortfallProbability).toBeLessThan(0.01);
    // The same ledger always gets the same answer.
    expect(
      projectCashflow(
        { accountId: 'acc', currency: 'EUR', balance: 20000, otherMonthlyFlow: habits },
        [rent, salary],
        '2025-07-02',
        60,
      ),
    ).toEqual(thin);
  });
});
