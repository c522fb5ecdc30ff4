import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { listNotifications } from '../../lambdas/adapters/postgres/repositories/notifications';
import { insertTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { detectInsightsForEveryone } from '../../lambdas/app/detect-insights';
import { createForecastHandler } from '../../lambdas/app/forecast';
import { uuidV7 } from '../../lambdas/core/import/uuid-v7';
import { DEFAULT_PERSON_LIMITS } from '../../lambdas/core/person-limits';
import { shiftMonth } from '../../lambdas/core/summary/months';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const today = new Date().toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
const lastMonth = shiftMonth(thisMonth, -1);

describe('alerts written after every import, without any route being read', () => {
  let database: TestDatabase;
  let request: ReturnType<typeof apiClient>;
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });
  const person = randomUUID();
  let account = '';

  /** A statement as the parser writes it (fingerprints make a second import of it add nothing), categorised as the categoriser would. */
  const importStatement = async (
    name: string,
    rows: { date: string; amount: number; description: string; category: string }[],
  ) =>
    withUser(database.db, person, async (trx) => {
      const withIds = rows.map((row, index) => ({ ...row, id: uuidV7(), fingerprint: `${name}:${index}` }));
      const inserted = new Set(
        await insertTransactions(
          trx,
          person,
          withIds.map((row) => ({
            id: row.id,
            accountId: account,
            uploadId: null,
            date: row.date,
            amount: row.amount,
            currency: 'EUR',
            description: row.description,
            balance: null,
            fingerprint: row.fingerprint,
          })),
        ),
      );
      for (const row of withIds.filter((candidate) => inserted.has(candidate.id)))
        await trx.updateTable('transactions').set({ category: row.category }).where('id', '=', row.id).execute();
      return inserted.size;
    });
  /** What the parser does after an import: one message to the forecast Lambda, which runs the after-import work. */
  const afterImport = async () => {
    const handle = createForecastHandler({ db: database.db, logger });
    const result = await handle({
      Records: [{ messageId: randomUUID(), body: JSON.stringify({ version: 1, userId: person, uploadId: null }) }],
    } as SQSEvent);
    expect(result.batchItemFailures).toEqual([]);
  };
  const outbox = () => withUser(database.db, person, (trx) => listNotifications(trx, 100));

  /** Last month: groceries within the budget, and a bakery that took the same 45.00 twice. */
  const march = [
    { date: `${lastMonth}-03`, amount: -6_000, description: 'FRESHMART SUPERMARKET', category: 'Groceries' },
    { date: `${lastMonth}-10`, amount: -4_500, description: 'CORNER BAKERY', category: 'Dining' },
    { date: `${lastMonth}-11`, amount: -4_500, description: 'CORNER BAKERY', category: 'Dining' },
  ];
  /** This month: one shop that takes groceries past their limit of 100.00. */
  const april = [
    { date: `${thisMonth}-01`, amount: -15_000, description: 'FRESHMART SUPERMARKET', category: 'Groceries' },
  ];
  const newSince = async (before: readonly { id: string }[]) =>
    (await outbox()).filter((alert) => !before.some((old) => old.id === alert.id));

  beforeAll(async () => {
    database = await createTestDatabase();
    request = apiClient(
      createRouter(apiRoutes, {
        personLimits: { ...DEFAULT_PERSON_LIMITS, requestsPerMinute: 1_000_000 },
        db: database.db,
        blobs: new MemoryBlobStore(),
        categoriseQueue: new RecordingQueue(),
        forecastQueue: new RecordingQueue(),
        languageModel: null,
        logger,
        limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      }),
    );
    account = (await request(person, 'POST', '/accounts', { name: 'Current', currency: 'EUR' })).body.id;
    expect(await importStatement('march', march)).toBe(3);
    const budget = await request(person, 'PUT', '/budgets/Groceries', { monthlyLimit: 10_000 });
    expect([budget.status, budget.body]).toEqual([201, expect.anything()]);
    expect(
      (
        await request(person, 'POST', '/goals', {
          name: 'Bike',
          targetAmount: 100_000,
          currency: 'EUR',
          currentSaved: 55_000,
        })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => database.close());

  it('an import writes the charge taken twice and the goal milestone, and no budget alert while it is on track', async () => {
    expect(await outbox()).toEqual([]);
    await afterImport();
    const written = await outbox();
    expect(written.filter((alert) => alert.kind === 'budget')).toEqual([]);
    const milestones = written.filter((alert) => alert.kind === 'goal_milestone');
    // 55% saved: the 50% milestone, once (not 25% as well)
    expect(milestones.map((alert) => alert.title)).toEqual(['Bike: 50% saved']);
    expect(milestones[0].body).toContain('550.00 EUR of 1000.00 EUR');
    const charges = written.filter((alert) => alert.kind === 'anomaly');
    expect(charges.map((alert) => alert.body)).toEqual([
      expect.stringContaining('Corner Bakery charged 45.00 EUR again a day after'),
    ]);
  });

  it('reading the status twice writes nothing; the import that pushes a budget over writes one alert, and nothing else new', async () => {
    const before = await outbox();
    expect(await importStatement('april', april)).toBe(1);
    const stored = () =>
      withUser(database.db, person, async (trx) => ({
        budgets: await trx.selectFrom('budgets').select(['category', 'last_state']).execute(),
        profiles: await trx.selectFrom('spending_profiles').select(['month', 'computed_at']).execute(),
      }));
    const beforeReads = await stored();
    for (let read = 0; read < 2; read += 1)
      expect((await request(person, 'GET', '/budgets/status')).body.items[0].status).toBe('over');
    // a GET shows the budget over and writes neither an alert, nor the budget's state, nor a cached profile
    expect(await newSince(before)).toEqual([]);
    expect(await stored()).toEqual(beforeReads);
    await afterImport();
    const written = await newSince(before);
    expect(written.map((alert) => [alert.kind, alert.title])).toEqual([['budget', 'Over budget: Groceries']]);
    expect(written[0].data).toMatchObject({ status: 'over', spent: 15_000, currency: 'EUR', month: thisMonth });
  });

  it('importing the same statement again, the nightly run and reading the status write none', async () => {
    const before = await outbox();
    expect(await importStatement('april', april)).toBe(0);
    await afterImport();
    await detectInsightsForEveryone(database.jobsDb, today, () => undefined);
    expect((await request(person, 'GET', '/budgets/status')).body.items[0].status).toBe('over');
    expect(await newSince(before)).toEqual([]);
  });

  it('a later import that takes the goal past 75% writes that milestone, once', async () => {
    expect((await request(person, 'GET', '/goals')).body.items).toHaveLength(1);
    const goal = (await request(person, 'GET', '/goals')).body.items[0];
    expect((await request(person, 'PATCH', `/goals/${goal.id}`, { currentSaved: 80_000 })).status).toBe(200);
    await afterImport();
    await afterImport();
    const milestones = (await outbox()).filter((alert) => alert.kind === 'goal_milestone');
    expect(milestones.map((alert) => alert.title).sort()).toEqual(['Bike: 50% saved', 'Bike: 75% saved']);
  });
});
