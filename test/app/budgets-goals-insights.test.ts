import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { listNotifications } from '../../lambdas/adapters/postgres/repositories/notifications';
import { cohortFigures } from '../../lambdas/adapters/postgres/repositories/peers';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { DEFAULT_PERSON_LIMITS } from '../../lambdas/core/person-limits';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { shiftMonth } from '../../lambdas/core/summary/months';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const thisMonth = new Date().toISOString().slice(0, 7);
const todayDay = Number(new Date().toISOString().slice(8, 10));

describe('budgets, goals, the health score and peers through the API', () => {
  let database: TestDatabase;
  let request: ReturnType<typeof apiClient>;
  const person = randomUUID();
  let current = '';
  let savings = '';

  /** Six complete months: salary 3,000.00 on the 25th, rent 1,000.00 on the 1st, groceries 4 × 60.00, dining that swings, and this month's rent. */
  async function history(
    userId: string,
    accountId: string,
    salary = 300_000,
    dining = [5_000, 40_000, 8_000, 35_000, 6_000, 30_000],
  ) {
    const rows: { date: string; amount: number; description: string; category: string }[] = [];
    for (let i = 6; i >= 1; i -= 1) {
      const month = shiftMonth(thisMonth, -i);
      rows.push({ date: `${month}-25`, amount: salary, description: 'ACME SALARY', category: 'Salary' });
      rows.push({ date: `${month}-01`, amount: -100_000, description: 'RENT', category: 'Housing' });
      for (const day of ['06', '13', '20', '27'])
        rows.push({ date: `${month}-${day}`, amount: -6_000, description: 'SUPERMARKET', category: 'Groceries' });
      rows.push({ date: `${month}-15`, amount: -dining[i - 1], description: 'RESTAURANT', category: 'Dining' });
    }
    rows.push({ date: `${thisMonth}-01`, amount: -100_000, description: 'RENT', category: 'Housing' });
    await withUser(database.db, userId, (trx) =>
      trx
        .insertInto('transactions')
        .values(
          rows.map((r, n) => ({
            ...r,
            user_id: userId,
            account_id: accountId,
            currency: 'EUR',
            fingerprint: `${userId}-${n}`,
          })),
        )
        .execute(),
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    request = apiClient(
      createRouter(apiRoutes, {
        // Dozens of people and hundreds of requests a minute from one test: the per-person request limit is lifted.
        personLimits: { ...DEFAULT_PERSON_LIMITS, requestsPerMinute: 1_000_000 },
        db: database.db,
        blobs: new MemoryBlobStore(),
        categoriseQueue: new RecordingQueue(),
        forecastQueue: new RecordingQueue(),
        languageModel: null,
        logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
        limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      }),
    );
    current = (await request(person, 'POST', '/accounts', { name: 'Current', currency: 'EUR' })).body.id;
    savings = (
      await request(person, 'POST', '/accounts', {
        name: 'Rainy day',
        kind: 'savings',
        currency: 'EUR',
        openingBalance: 300_000,
      })
    ).body.id;
    await history(person, current);
  });
  afterAll(async () => database.close());

  it('reads rent paid on the 1st as on track, not as a month heading for 31 rents', async () => {
    expect((await request(person, 'PUT', '/budgets/Housing', { monthlyLimit: 105_000 })).status).toBe(201);
    expect((await request(person, 'PUT', '/budgets/needs', { monthlyLimit: 200_000, rollover: true })).status).toBe(
      201,
    );
    expect((await request(person, 'GET', '/budgets')).body.items).toEqual([
      { category: 'Housing', kind: 'category', monthlyLimit: 105_000, currency: 'EUR', rollover: false },
      { category: 'needs', kind: 'group', monthlyLimit: 200_000, currency: 'EUR', rollover: true },
    ]);
    const status = await request(person, 'GET', '/budgets/status');
    expect(status.status).toBe(200);
    const housing = status.body.items.find((b: { category: string }) => b.category === 'Housing');
    expect(housing).toMatchObject({
      spent: 100_000,
      remaining: 5_000,
      projected: 100_000,
      projection: todayDay >= 28 ? expect.any(String) : 'profile',
      expectedCrossing: null,
    });
    expect(housing.status).toBe('warning'); // 95% used
    const needs = status.body.items.find((b: { category: string }) => b.category === 'needs');
    // last month's needs were 1,240.00 of 2,000.00: 760.00 carried over
    expect(needs).toMatchObject({ kind: 'group', carried: 76_000, available: 276_000, spent: 100_000 });
  });

  it('writes a change of budget state to the notifications outbox once, when the limit is set, never on a read', async () => {
    const budgetAlerts = async () =>
      (await withUser(database.db, person, (trx) => listNotifications(trx, 50))).filter((a) => a.kind === 'budget');
    // the limit of the test before (105,000 against 100,000 spent) already wrote the warning
    expect((await budgetAlerts()).map((a) => a.title)).toEqual(['Budget nearly used: Housing']);
    await request(person, 'PUT', '/budgets/Housing', { monthlyLimit: 90_000 });
    expect((await budgetAlerts()).map((a) => a.title).sort()).toEqual([
      'Budget nearly used: Housing',
      'Over budget: Housing',
    ]);
    const first = await request(person, 'GET', '/budgets/status');
    expect(first.body.items.find((b: { category: string }) => b.category === 'Housing').status).toBe('over');
    await request(person, 'GET', '/budgets/status');
    await request(person, 'PUT', '/budgets/Housing', { monthlyLimit: 90_000 });
    const alerts = await withUser(database.db, person, (trx) => listNotifications(trx, 50));
    expect(
      alerts
        .filter((a) => a.kind === 'budget')
        .map((a) => a.title)
        .sort(),
    ).toEqual(['Budget nearly used: Housing', 'Over budget: Housing']);
  });

  it('names what is wrong with a budget', async () => {
    const unknown = await request(person, 'PUT', '/budgets/Yachts', { monthlyLimit: 100 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('path.category');
    expect((await request(person, 'PUT', '/budgets/Dining', { monthlyLimit: -1 })).body.errors[0].path).toBe(
      'monthlyLimit',
    );
    expect(
      (await request(person, 'PUT', '/budgets/Dining', { monthlyLimit: 100, currency: 'JPY' })).body.errors[0].path,
    ).toBe('currency');
    expect((await request(person, 'GET', '/budgets/status?month=2024-13')).body.errors[0].path).toBe('query.month');
    expect((await request(person, 'DELETE', '/budgets/Dining')).status).toBe(404);
    expect((await request(person, 'DELETE', '/budgets/needs')).status).toBe(204);
  });

  it('recommends 50/30/20 from the typical income and cuts the most variable want when goals need more', async () => {
    const plain = await request(person, 'POST', '/budgets/recommend', {});
    expect(plain.status).toBe(200);
    expect(plain.body.income).toMatchObject({ monthly: 300_000, basis: 'median', irregular: false });
    expect(plain.body.plan).toEqual({ needs: 150_000, wants: 90_000, savings: 60_000 });
    expect(plain.body.cuts).toEqual([]);
    const goal = await request(person, 'POST', '/goals', {
      name: 'Car',
      targetAmount: 1_200_000,
      currency: 'EUR',
      targetDate: `${shiftMonth(thisMonth, 12)}-28`,
    });
    expect(goal.status).toBe(201);
    const withGoal = (await request(person, 'POST', '/budgets/recommend', {})).body;
    expect(withGoal.goals).toMatchObject({ monthlyNeeded: 100_000, fromSavings: 60_000, shortfall: 40_000 });
    expect(withGoal.cuts[0]).toMatchObject({ category: 'Dining' });
    expect(withGoal.cuts.reduce((s: number, c: { amount: number }) => s + c.amount, 0)).toBeLessThanOrEqual(40_000);
    expect(withGoal.comparison.map((c: { group: string }) => c.group)).toEqual(['needs', 'wants', 'savings']);
    await request(person, 'DELETE', `/goals/${goal.body.id}`);
  });

  it('plans a goal at the real surplus, with milestones, feasibility and scenarios; the calculators need no data', async () => {
    const goal = await request(person, 'POST', '/goals', {
      name: 'Holiday',
      targetAmount: 400_000,
      currency: 'EUR',
      accountId: savings,
    });
    expect(goal.body).toMatchObject({ currentSaved: 300_000, progress: 0.75 });
    const plan = await request(person, 'GET', `/goals/${goal.body.id}/plan`);
    expect(plan.status).toBe(200);
    // surplus each month: 3,000 − 1,000 − 240 − dining; the median of 1,710, 1,360, 1,680, 1,410, 1,700, 1,460 is 1,570
    expect(plan.body).toMatchObject({
      surplus: 157_000,
      saved: 300_000,
      remaining: 100_000,
      monthsNeeded: 1,
      feasible: true,
      surplusShare: 0.637,
    });
    expect(plan.body.milestones.map((m: { percent: number }) => m.percent)).toEqual([25, 50, 75, 100]);
    expect(plan.body.scenarios.map((s: { name: string }) => s.name)).toEqual(['faster', 'slower', 'with-cut']);
    const patched = await request(person, 'PATCH', `/goals/${goal.body.id}`, { targetAmount: 500_000 });
    expect(patched.body.targetAmount).toBe(500_000);
    expect((await request(randomUUID(), 'GET', `/goals/${goal.body.id}`)).status).toBe(404);
    expect(
      (
        await request(person, 'POST', '/goals', {
          name: 'x',
          targetAmount: 1,
          currency: 'EUR',
          targetDate: '2020-01-01',
        })
      ).body.errors[0].path,
    ).toBe('targetDate');

    const timeline = await request(randomUUID(), 'POST', '/goals/calculate-timeline', {
      targetAmount: 100_000,
      currentSaved: 10_000,
      monthlyContribution: 30_000,
      today: '2025-01-10',
    });
    expect(timeline.body).toMatchObject({ monthsNeeded: 3, projectedDate: '2025-04-30' });
    expect(timeline.body.milestones[0]).toEqual({ percent: 25, amount: 25_000, date: '2025-02-28' });
    const reverse = await request(randomUUID(), 'POST', '/goals/reverse-plan', {
      targetAmount: 120_000,
      targetDate: '2026-01-15',
      today: '2025-01-10',
    });
    expect(reverse.body).toMatchObject({ months: 12, requiredMonthly: 10_000 });
  });

  it('changes only what a PATCH names: renaming a goal keeps what was saved towards it', async () => {
    const goal = await request(person, 'POST', '/goals', {
      name: 'Bike',
      targetAmount: 150_000,
      currency: 'EUR',
      currentSaved: 60_000,
    });
    const renamed = await request(person, 'PATCH', `/goals/${goal.body.id}`, { name: 'New bike' });
    expect(renamed.body).toMatchObject({ name: 'New bike', currentSaved: 60_000, targetAmount: 150_000 });
  });

  it('scores financial health from what is known and says what is missing', async () => {
    const health = await request(person, 'GET', '/insights/health');
    expect(health.status).toBe(200);
    const names = health.body.components.map((c: { name: string }) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['savingsRate', 'spendingConsistency', 'emergencyFund', 'goalProgress']),
    );
    expect(health.body.missing.map((m: { name: string }) => m.name)).toEqual(['debtToIncome']);
    const weights = health.body.components.reduce((s: number, c: { weight: number }) => s + c.weight, 0);
    expect(weights).toBeCloseTo(1, 2);
    expect(health.body.score).toBeGreaterThan(0);
    const empty = await request(randomUUID(), 'GET', '/insights/health');
    expect(empty.body).toMatchObject({ score: null, components: [] });
    const history = await request(person, 'GET', '/insights/health/history?months=3');
    expect(history.body.items.map((h: { month: string }) => h.month)).toEqual([
      shiftMonth(thisMonth, -2),
      shiftMonth(thisMonth, -1),
      thisMonth,
    ]);
    expect((await request(person, 'GET', '/insights/health/history?months=40')).body.errors[0].path).toBe(
      'query.months',
    );
  });

  it('compares with peers only within an opted-in cohort of 20, and nothing leaks below it', async () => {
    expect((await request(person, 'GET', '/insights/peers')).body).toMatchObject({
      available: false,
      savingsRate: null,
    });
    expect((await request(person, 'PATCH', '/me', { peerComparison: true })).body).toMatchObject({
      peerComparison: true,
    });
    const peers: string[] = [];
    for (let i = 0; i < 19; i += 1) {
      const peer = randomUUID();
      peers.push(peer);
      const account = (await request(peer, 'POST', '/accounts', { name: 'Current', currency: 'EUR' })).body.id;
      await history(peer, account, 290_000 + i * 1_000, [9_000 + i * 100, 9_000, 9_000, 9_000, 9_000, 9_000]);
      if (i < 18) await request(peer, 'PATCH', '/me', { peerComparison: true });
    }
    // 19 opted in: no figure at all, not even through the function itself
    const below = await request(person, 'GET', '/insights/peers');
    expect(below.body).toMatchObject({ available: false, savingsRate: null, categoryShares: null });
    const direct = await withUser(database.db, person, async (trx) => {
      const figures = await cohortFigures(trx, person, 'EUR');
      const others = await sql<{
        n: number;
      }>`select count(*)::int as n from monthly_aggregates where user_id <> ${person}::uuid`.execute(trx);
      return { figures, others: others.rows[0].n };
    });
    expect(direct.figures).toMatchObject({ savingsRateCuts: null, categoryShareMedians: null });
    expect(direct.others).toBe(0);

    await request(peers[18], 'PATCH', '/me', { peerComparison: true });
    const at = await request(person, 'GET', '/insights/peers');
    expect(at.body.available).toBe(true);
    expect(at.body.savingsRate.percentile).toBeGreaterThanOrEqual(5);
    expect(at.body.categoryShares.map((c: { category: string }) => c.category).sort()).toEqual([
      'Dining',
      'Groceries',
      'Housing',
    ]);
    // the scope the function opened is closed again: ordinary reads still see only the person's rows
    const after = await withUser(database.db, person, async (trx) => {
      await cohortFigures(trx, person, 'EUR');
      const aggregates = await sql<{
        n: number;
      }>`select count(*)::int as n from monthly_aggregates where user_id <> ${person}::uuid`.execute(trx);
      const profiles = await sql<{ n: number }>`select count(*)::int as n from peer_profiles`.execute(trx);
      return [aggregates.rows[0].n, profiles.rows[0].n];
    });
    expect(after).toEqual([0, 1]);
    // opting out withdraws the person's profile: the cohort is 19 again and says nothing
    await request(peers[0], 'PATCH', '/me', { peerComparison: false });
    expect((await request(person, 'GET', '/insights/peers')).body).toMatchObject({
      available: false,
      savingsRate: null,
    });
  });
});
