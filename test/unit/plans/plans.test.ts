import { healthScore } from '../../../lambdas/core/health/health-score';
import { percentileAmong } from '../../../lambdas/core/health/peer-percentile';
import { goalPlan, goalTimeline, reversePlan } from '../../../lambdas/core/plans/goal-plan';
import type { MonthFigures } from '../../../lambdas/core/plans/monthly-figures';
import { recommendBudget } from '../../../lambdas/core/plans/recommend-budget';
import { typicalIncome } from '../../../lambdas/core/plans/typical-income';

const month = (income: number, needs: number, byCategory: Record<string, number>): MonthFigures => {
  const wants = Object.values(byCategory).reduce((s, v) => s + v, 0);
  return { month: '2024-01', income, expenses: needs + wants, byGroup: { needs, wants, savings: 0 }, byCategory };
};

describe('typical income', () => {
  it('is the median of steady months and the lower quartile of irregular ones', () => {
    expect(typicalIncome([300_000, 310_000, 290_000, 300_000])).toMatchObject({
      monthly: 300_000,
      basis: 'median',
      irregular: false,
    });
    const freelance = typicalIncome([100_000, 500_000, 150_000, 400_000, 120_000, 450_000]);
    expect(freelance).toMatchObject({ basis: 'lower-quartile', irregular: true });
    expect(freelance.monthly).toBeLessThan(200_000);
    expect(typicalIncome([])).toMatchObject({ monthly: 0, basis: 'none' });
  });
});

describe('a 50/30/20 recommendation', () => {
  const months = [
    month(400_000, 180_000, { Dining: 10_000, Travel: 0 }),
    month(400_000, 180_000, { Dining: 12_000, Travel: 90_000 }),
    month(400_000, 180_000, { Dining: 11_000, Travel: 0 }),
    month(400_000, 180_000, { Dining: 9_000, Travel: 60_000 }),
  ];
  it('splits the typical income and takes goals from savings first', () => {
    const plan = recommendBudget(months, 50_000, () => true);
    expect(plan.plan).toEqual({ needs: 200_000, wants: 120_000, savings: 80_000 });
    expect(plan.goals).toMatchObject({ fromSavings: 50_000, shortfall: 0 });
    expect(plan.comparison[0]).toEqual({ group: 'needs', planned: 200_000, actual: 180_000, difference: -20_000 });
  });
  it('cuts the most variable want, named with its amount, when goals need more than savings', () => {
    const plan = recommendBudget(months, 100_000, () => true);
    // Travel swings most: at most half its average month (37,500 → 18,750), the rest from Dining
    expect(plan.cuts).toEqual([
      expect.objectContaining({ category: 'Travel', amount: 18_750 }),
      expect.objectContaining({ category: 'Dining', amount: 1_250 }),
    ]);
    expect(plan.goals).toMatchObject({ shortfall: 20_000, uncovered: 0 });
    expect(plan.plan).toEqual({ needs: 200_000, wants: 100_000, savings: 100_000 });
  });
});

describe('goal arithmetic', () => {
  it('reaches milestones at the monthly amount and reverses a date into a monthly amount', () => {
    const timeline = goalTimeline(120_000, 0, 10_000, '2025-01-15');
    expect(timeline.monthsNeeded).toBe(12);
    expect(timeline.milestones.map((m) => m.date)).toEqual(['2025-04-30', '2025-07-31', '2025-10-31', '2026-01-31']);
    expect(reversePlan(120_000, 20_000, '2025-11-01', '2025-01-15')).toEqual({
      months: 10,
      remaining: 100_000,
      requiredMonthly: 10_000,
    });
    expect(goalTimeline(100, 0, 0, '2025-01-15').monthsNeeded).toBeNull();
  });
  it('judges feasibility against the real surplus with every goal counted', () => {
    const plan = goalPlan({
      target: 120_000,
      saved: 0,
      targetDate: '2026-01-20',
      today: '2025-01-15',
      surplus: 15_000,
      otherGoalsMonthly: 8_000,
      cut: { category: 'Dining', amount: 2_000 },
    });
    expect(plan).toMatchObject({ requiredMonthly: 10_000, feasible: false, surplusShare: 0.667, allGoalsShare: 1.2 });
    expect(plan.scenarios.find((s) => s.name === 'with-cut')).toMatchObject({
      monthly: 12_000,
      months: 10,
      cut: { category: 'Dining', amount: 2_000 },
    });
  });
});

describe('the health score', () => {
  const months = Array.from({ length: 6 }, () => ({ income: 300_000, expenses: 240_000, needs: 150_000 }));
  it('scores what is known, says what is missing and shares its weight out visibly', () => {
    const result = healthScore({
      currency: 'EUR',
      months,
      liquidBalance: 450_000,
      debt: null,
      debtPayments: null,
      goals: [],
    });
    expect(result.missing.map((m) => m.name)).toEqual(['debtToIncome', 'goalProgress']);
    expect(result.components.map((c) => [c.name, c.score])).toEqual([
      ['savingsRate', 100],
      ['spendingConsistency', 100],
      ['emergencyFund', 50],
    ]);
    expect(result.components.map((c) => c.weight)).toEqual([0.4, 0.333, 0.267]);
    expect(result.score).toBe(87);
    expect(result.components.every((c) => c.reason.length > 0 && c.improve.length > 0)).toBe(true);
    // 3 months of essentials covered; 3 more are 4,500.00 EUR
    expect(result.components[2].improve).toBe('Another 4500.00 EUR set aside would cover 6 months.');
  });
  it('makes no score up without data', () => {
    expect(
      healthScore({ currency: 'EUR', months: [], liquidBalance: null, debt: null, debtPayments: null, goals: [] }),
    ).toMatchObject({ score: null, components: [] });
  });
});

describe('a peer percentile', () => {
  it('interpolates between the cohort cut points and never names a rank beyond them', () => {
    const cuts = [0, 0.05, 0.1, 0.2, 0.3];
    expect(percentileAmong(0.15, cuts)).toBe(63);
    expect(percentileAmong(-0.5, cuts)).toBe(5);
    expect(percentileAmong(0.9, cuts)).toBe(95);
  });
});
