import { budgetStatus } from '../../../lambdas/core/budgets/budget-status';
import { spendingProfile, type DailySpending } from '../../../lambdas/core/budgets/spending-profile';

const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];

/** Six months of one person: rent of 1,000.00 on the 1st, groceries of 50.00 every Saturday-ish (days 6, 13, 20, 27). */
const history: DailySpending[] = months.flatMap((month) => [
  { key: 'Housing', currency: 'EUR', month, day: 1, amount: 100_000 },
  ...[6, 13, 20, 27].map((day) => ({ key: 'Groceries', currency: 'EUR', month, day, amount: 5_000 })),
]);
const profile = spendingProfile(history, months).EUR;

describe("a budget's projected month-end from the person's own within-month profile", () => {
  it('learns that rent is all paid on the 1st and groceries spread over the month', () => {
    expect(profile.Housing).toEqual(expect.objectContaining({ typicalMonthly: 100_000 }));
    expect(profile.Housing.cumulative[1]).toBe(1);
    expect(profile.Groceries.cumulative[13]).toBe(0.5);
    expect(profile.Groceries.typicalMonthly).toBe(20_000);
  });

  it('does not read rent paid on the 1st as overspending on the 2nd', () => {
    const status = budgetStatus({
      month: '2024-07',
      dayOfMonth: 2,
      limit: 105_000,
      carried: 0,
      spent: 100_000,
      profile: profile.Housing,
    });
    expect(status).toMatchObject({
      projected: 100_000,
      status: 'warning',
      expectedCrossing: null,
      projection: 'profile',
    });
    // a month-long straight line would have said 31 × 1,000 = over by far
    const pace = budgetStatus({
      month: '2024-07',
      dayOfMonth: 2,
      limit: 105_000,
      carried: 0,
      spent: 100_000,
      profile: undefined,
    });
    expect(pace.projected).toBeGreaterThan(1_000_000);
  });

  it('still expects a rent that is due and has not come yet', () => {
    const status = budgetStatus({
      month: '2024-07',
      dayOfMonth: 5,
      limit: 90_000,
      carried: 0,
      spent: 0,
      profile: profile.Housing,
    });
    expect(status).toMatchObject({ projected: 100_000, status: 'warning', expectedCrossing: '2024-07-05' });
  });

  it('names the day the limit is expected to be crossed, and over once it is', () => {
    const onTrack = budgetStatus({
      month: '2024-07',
      dayOfMonth: 13,
      limit: 25_000,
      carried: 0,
      spent: 10_000,
      profile: profile.Groceries,
    });
    expect(onTrack).toMatchObject({ projected: 20_000, status: 'ok', expectedCrossing: null, remaining: 15_000 });
    const fast = budgetStatus({
      month: '2024-07',
      dayOfMonth: 13,
      limit: 25_000,
      carried: 0,
      spent: 18_000,
      profile: profile.Groceries,
    });
    expect(fast).toMatchObject({ projected: 28_000, status: 'warning', expectedCrossing: '2024-07-27' });
    const over = budgetStatus({
      month: '2024-07',
      dayOfMonth: 13,
      limit: 25_000,
      carried: 2_000,
      spent: 27_500,
      profile: profile.Groceries,
    });
    expect(over).toMatchObject({ available: 27_000, status: 'over', remaining: -500 });
  });

  it('reads a past month as final', () => {
    expect(
      budgetStatus({
        month: '2024-02',
        dayOfMonth: 31,
        limit: 10_000,
        carried: 0,
        spent: 9_000,
        profile: profile.Groceries,
      }),
    ).toMatchObject({ projected: 9_000, projection: 'final', status: 'warning' });
  });
});
