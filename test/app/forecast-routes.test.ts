import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { readForecastState } from '../../lambdas/adapters/postgres/repositories/forecasts';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { createForecastHandler } from '../../lambdas/app/forecast';
import { refitForecasts } from '../../lambdas/app/refit-forecasts';
import { addMonths } from '../../lambdas/core/forecast/calendar-months';
import { forecastEveryone } from '../../lambdas/tasks/forecast-everyone';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const thisMonth = new Date().toISOString().slice(0, 7);
const HISTORY = 26;
const GROCERIES = [
  [5, -6200],
  [12, -7400],
  [19, -5900],
] as const;

describe('forecasts through the API, on real PostgreSQL', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });
  const alice = randomUUID();
  const bob = randomUUID();
  const carol = randomUUID();
  let aliceAccount = '';

  const request = (userId: string, method: string, path: string, body?: unknown) =>
    apiClient(call)(userId, method, path, body);
  const spend = async (
    userId: string,
    accountId: string,
    date: string,
    amount: number,
    description: string,
    category: string,
  ) => {
    const answer = await request(userId, 'POST', '/transactions', { accountId, date, amount, description, category });
    if (answer.status !== 201) throw new Error(`could not add ${description}: ${JSON.stringify(answer.body)}`);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    call = createRouter(apiRoutes, {
      db: database.db,
      blobs: new MemoryBlobStore(),
      categoriseQueue: new RecordingQueue(),
      forecastQueue: new RecordingQueue(),
      languageModel: null,
      logger,
      limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    });
    // Alice: 26 complete months of rent on the 1st, salary on the 25th, groceries three times a month, plus this month's rent.
    aliceAccount = (
      await request(alice, 'POST', '/accounts', {
        name: 'Current',
        currency: 'EUR',
        openingBalance: 150000,
        openingDate: `${addMonths(thisMonth, -HISTORY)}-01`,
      })
    ).body.id;
    for (let k = HISTORY; k >= 1; k -= 1) {
      const month = addMonths(thisMonth, -k);
      await spend(alice, aliceAccount, `${month}-01`, -90000, 'RENT HOMES LTD', 'Housing');
      await spend(alice, aliceAccount, `${month}-25`, 250000, 'ACME PAYROLL', 'Salary');
      for (const [day, amount] of GROCERIES)
        await spend(
          alice,
          aliceAccount,
          `${month}-${String(day).padStart(2, '0')}`,
          amount + 37 * k,
          'SUPERMARKET',
          'Groceries',
        );
    }
    await spend(alice, aliceAccount, `${thisMonth}-01`, -90000, 'RENT HOMES LTD', 'Housing');
  });
  afterAll(async () => database.close());

  it('forecasts total spending from the complete months, with intervals around the expected amount', async () => {
    const answer = await request(alice, 'GET', '/forecast?months=6');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      currency: 'EUR',
      series: 'spending',
      horizon: 6,
      historyMonths: HISTORY,
      reason: null,
    });
    expect(answer.body.model).toEqual(expect.any(String));
    expect(answer.body.history).toHaveLength(24);
    expect(answer.body.history[23].month).toBe(addMonths(thisMonth, -1));
    expect(answer.body.points.map((p: { month: string }) => p.month)).toEqual(
      [0, 1, 2, 3, 4, 5].map((k) => addMonths(thisMonth, k)),
    );
    for (const p of answer.body.points) {
      // About 90,000 rent + 19,500 groceries a month.
      expect(p.expected).toBeGreaterThan(100000);
      expect(p.expected).toBeLessThan(120000);
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.expected);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
    }
  });

  it('forecasts one category or one 50/30/20 group', async () => {
    const groceries = await request(alice, 'GET', '/forecast?category=Groceries&months=3');
    expect(groceries.body).toMatchObject({ series: 'category:Groceries', historyMonths: HISTORY });
    for (const p of groceries.body.points) expect(Math.abs(p.expected - 19500)).toBeLessThan(2000);
    const needs = await request(alice, 'GET', '/forecast?group=needs&months=1');
    expect(needs.body.series).toBe('group:needs');
    expect(Math.abs(needs.body.points[0].expected - 109500)).toBeLessThan(5000);
    const unknown = await request(alice, 'GET', '/forecast?category=Yachts');
    expect(unknown.body).toMatchObject({ model: null, points: [], reason: expect.stringMatching(/no spending/) });
  });

  it('projects savings per month and their running total', async () => {
    const answer = await request(alice, 'GET', '/forecast/savings?months=3');
    expect(answer.status).toBe(200);
    expect(answer.body.series).toBe('net');
    const [first, second] = answer.body.points;
    expect(Math.abs(first.expected - (250000 - 109500))).toBeLessThan(10000);
    expect(second.cumulativeExpected).toBe(first.expected + second.expected);
  });

  it('projects the account day by day with rent and salary on their dates', async () => {
    const answer = await request(alice, 'GET', '/forecast/cashflow?days=62');
    expect(answer.status).toBe(200);
    const [account] = answer.body.items;
    expect(account).toMatchObject({ accountId: aliceAccount, currency: 'EUR', name: 'Current' });
    expect(account.points).toHaveLength(62);
    // Manual entries are categorised on save as imports are, so each payee is its merchant key.
    expect(account.recurring).toEqual(
      expect.arrayContaining([
        { payee: 'rent homes', amount: -90000, dayOfMonth: 1 },
        { payee: 'acme payroll', amount: 250000, dayOfMonth: 25 },
      ]),
    );
    expect(account.nextIncome).toMatch(/-25$/);
    // It starts from 90 days of actual end-of-day balances, the last being today's: this month's rent shows as a 90,000 drop on the 1st.
    const today = new Date().toISOString().slice(0, 10);
    expect(account.history).toHaveLength(90);
    expect(account.history[89]).toEqual({ date: today, balance: account.balance });
    const firstOfMonth = account.history.findIndex((d: { date: string }) => d.date === `${thisMonth}-01`);
    expect(account.history[firstOfMonth - 1].balance - account.history[firstOfMonth].balance).toBe(90000);
    const payday = account.history.findIndex((d: { date: string }) => d.date === `${addMonths(thisMonth, -1)}-25`);
    expect(account.history[payday].balance - account.history[payday - 1].balance).toBe(250000);
    // This month's rent is already paid: the first drop of 90,000 is next month's first day.
    const nextFirst = account.points.find((p: { date: string }) => p.date === `${addMonths(thisMonth, 1)}-01`);
    const dayBefore = account.points[account.points.indexOf(nextFirst) - 1];
    expect(dayBefore.expected - nextFirst.expected).toBeGreaterThan(85000);
    expect(account.shortfallProbability).toBeGreaterThanOrEqual(0);
    expect(account.shortfallProbability).toBeLessThanOrEqual(1);
  });

  it('answers a bad query with a 400 naming the field', async () => {
    const tooFar = await request(alice, 'GET', '/forecast?months=30');
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.errors[0].path).toBe('query.months');
    const both = await request(alice, 'GET', '/forecast?category=Groceries&group=needs');
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([{ path: 'query.group', message: 'not allowed together with category' }]);
    expect((await request(alice, 'GET', '/forecast?currency=eur')).body.errors[0].path).toBe('query.currency');
    expect((await request(alice, 'GET', '/forecast/cashflow?days=181')).body.errors[0].path).toBe('query.days');
  });

  it('asks which currency when a person has two, and never adds them together', async () => {
    const euros = (await request(bob, 'POST', '/accounts', { name: 'Euro', currency: 'EUR' })).body.id;
    const pounds = (await request(bob, 'POST', '/accounts', { name: 'Sterling', currency: 'GBP' })).body.id;
    for (let k = 6; k >= 1; k -= 1) {
      await spend(bob, euros, `${addMonths(thisMonth, -k)}-10`, -10000, 'CAFE', 'Dining');
      await spend(bob, pounds, `${addMonths(thisMonth, -k)}-10`, -50000, 'LANDLORD', 'Housing');
    }
    const ambiguous = await request(bob, 'GET', '/forecast');
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.errors).toEqual([{ path: 'query.currency', message: 'choose one of EUR, GBP' }]);
    const gbp = await request(bob, 'GET', '/forecast?currency=GBP&months=1');
    expect(gbp.body).toMatchObject({ currency: 'GBP', historyMonths: 6 });
    expect(Math.abs(gbp.body.points[0].expected - 50000)).toBeLessThan(1000);
    // Bob's forecasts are his own: Alice's groceries are nowhere in them.
    expect((await request(bob, 'GET', '/forecast?currency=EUR&category=Groceries')).body.model).toBeNull();
  });

  it('says why there is no forecast yet, and refits on read once the ledger has changed', async () => {
    const account = (await request(carol, 'POST', '/accounts', { name: 'Main', currency: 'EUR' })).body.id;
    await spend(carol, account, `${addMonths(thisMonth, -2)}-03`, -4000, 'BOOKS', 'Shopping');
    await spend(carol, account, `${addMonths(thisMonth, -1)}-03`, -4500, 'BOOKS', 'Shopping');
    const early = await request(carol, 'GET', '/forecast');
    expect(early.body).toMatchObject({
      model: null,
      historyMonths: 2,
      reason: expect.stringMatching(/only 2 complete month/),
    });
    await spend(carol, account, `${addMonths(thisMonth, -3)}-03`, -5000, 'BOOKS', 'Shopping');
    const later = await request(carol, 'GET', '/forecast');
    expect(later.body).toMatchObject({ historyMonths: 3, reason: null });
    expect(later.body.model).toEqual(expect.any(String));
  });

  it('forecasts a split transaction’s parts under their own categories, as the summary counts them, and leaves transfers out', async () => {
    const erin = randomUUID();
    const account = (await request(erin, 'POST', '/accounts', { name: 'Main', currency: 'EUR' })).body.id;
    for (let k = 4; k >= 1; k -= 1) {
      const date = `${addMonths(thisMonth, -k)}-09`;
      const shop = await request(erin, 'POST', '/transactions', {
        accountId: account,
        date,
        amount: -10000,
        description: 'HYPERMARKET',
        category: 'Groceries',
      });
      const split = await request(erin, 'PATCH', `/transactions/${shop.body.id}`, {
        splits: [
          { category: 'Groceries', amount: -6000 },
          { category: 'Shopping', amount: -4000 },
        ],
      });
      expect(split.status).toBe(200);
      await spend(erin, account, date, -50000, 'TO SAVINGS POT', 'Transfers');
    }
    const shopping = await request(erin, 'GET', '/forecast?category=Shopping&months=1');
    expect(shopping.body).toMatchObject({ historyMonths: 4, reason: null });
    expect(shopping.body.points[0].expected).toBe(4000);
    const groceries = await request(erin, 'GET', '/forecast?category=Groceries&months=1');
    expect(groceries.body.points[0].expected).toBe(6000);
    const total = await request(erin, 'GET', '/forecast?months=1');
    expect(total.body.points[0].expected).toBe(10000);
  });

  it('the forecast Lambda refits after an import, and the nightly job refits everyone', async () => {
    const dave = randomUUID();
    const account = (await request(dave, 'POST', '/accounts', { name: 'Main', currency: 'EUR' })).body.id;
    for (let k = 4; k >= 1; k -= 1)
      await spend(dave, account, `${addMonths(thisMonth, -k)}-08`, -2500, 'GYM', 'Health');
    const handle = createForecastHandler({ db: database.db, logger });
    const result = await handle({
      Records: [{ messageId: 'm1', body: JSON.stringify({ version: 1, userId: dave, uploadId: null }) }],
    } as SQSEvent);
    expect(result.batchItemFailures).toEqual([]);
    const stored = await withUser(database.db, dave, (trx) => readForecastState(trx));
    expect(stored?.asOfMonth).toBe(thisMonth);

    // An import's refit and a refit on read at the same moment: the second waits for the first to commit
    // and then replaces its rows, rather than failing on them.
    let stored1: () => void = () => undefined;
    let release: () => void = () => undefined;
    const firstStored = new Promise<void>((resolve) => {
      stored1 = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = withUser(database.db, dave, async (trx) => {
      await refitForecasts(trx, dave);
      stored1();
      await gate;
    });
    await firstStored;
    const second = withUser(database.db, dave, (trx) => refitForecasts(trx, dave));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await first;
    await expect(second).resolves.toMatchObject({ withForecast: expect.any(Number) });
    const gym = await request(dave, 'GET', '/forecast?category=Health&months=1');
    expect(gym.body).toMatchObject({ historyMonths: 4, reason: null });

    const lines: string[] = [];
    const summary = await forecastEveryone(database.jobsDb, (line) => lines.push(line));
    expect(summary.users).toBeGreaterThanOrEqual(4);
    expect(summary.withForecast).toBeGreaterThan(0);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`${summary.users}/${summary.users} people`));
  });
});
