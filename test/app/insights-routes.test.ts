import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { insertTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { detectInsights } from '../../lambdas/app/detect-insights';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { uuidV7 } from '../../lambdas/core/import/uuid-v7';
import { unsubscribeToken } from '../../lambdas/core/insights/unsubscribe-token';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { readHistory } from '../unit/insights/read-fixture';

const SECRET = 'test-unsubscribe-secret-0123456789';

describe('insights and notifications through the API, on a real household history in PostgreSQL', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;
  const alice = randomUUID();
  const bob = randomUUID();
  const history = readHistory('recurring/in-household-diary.csv', 'INR');
  // The real diary, with one charge taken twice in its last weeks (its own last two months hold nothing unusual).
  const delivery = history.find((row) => row.date === '2018-09-11' && row.description === 'Home Food Delivery')!;
  const diary = [...history, { ...delivery, id: String(history.length + 1), date: '2018-09-12' }];

  /** As API Gateway calls the router: the query string parsed into queryStringParameters too. */
  const callWithQuery = (event: ApiEvent) => {
    const raw = (event as unknown as { rawQueryString?: string }).rawQueryString;
    return call(
      raw ? ({ ...event, queryStringParameters: Object.fromEntries(new URLSearchParams(raw)) } as ApiEvent) : event,
    );
  };
  const request = (userId: string, method: string, path: string, body?: unknown) =>
    apiClient(callWithQuery)(userId, method, path, body);
  const detect = (userId: string, today = '2018-09-21') =>
    withUser(database.db, userId, (trx) => detectInsights(trx, userId, today));

  /** Imports the diary into the person's account (categories as the person filed them), under fresh ids. */
  const importDiary = async (userId: string, accountId: string, round: string) => {
    const rows = diary.map((row) => ({ ...row, newId: uuidV7() }));
    await withUser(database.db, userId, async (trx) => {
      await insertTransactions(
        trx,
        userId,
        rows.map((row) => ({
          id: row.newId,
          accountId,
          uploadId: null,
          date: row.date,
          amount: row.amount,
          currency: 'INR',
          description: row.description,
          balance: null,
          fingerprint: `${round}:${row.id}`,
        })),
        { arrays: true },
      );
      for (const category of new Set(rows.map((row) => row.category!))) {
        await trx
          .updateTable('transactions')
          .set({ category })
          .where(
            'id',
            'in',
            rows.filter((row) => row.category === category).map((row) => row.newId),
          )
          .execute();
      }
    });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    call = createRouter(apiRoutes, {
      db: database.db,
      blobs: new MemoryBlobStore(),
      categoriseQueue: new RecordingQueue(),
      forecastQueue: new RecordingQueue(),
      languageModel: null,
      logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
      limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      unsubscribeSecret: SECRET,
    });
    const account = (await request(alice, 'POST', '/accounts', { name: 'Household', kind: 'current', currency: 'INR' }))
      .body;
    await importDiary(alice, account.id, 'first');
    await detect(alice);
    await request(bob, 'POST', '/accounts', { name: 'Current', kind: 'current', currency: 'INR' });
  });
  afterAll(async () => database.close());

  it('lists the salary as monthly income with its next date and amount, and the subscriptions’ yearly total', async () => {
    const answer = await request(alice, 'GET', '/insights/recurring');
    expect(answer.status).toBe(200);
    const salary = answer.body.items.find((item: { merchant: string }) => item.merchant === 'from workplace');
    expect(salary).toMatchObject({
      kind: 'income',
      cadence: 'monthly',
      direction: 'in',
      status: 'active',
      currency: 'INR',
    });
    expect(salary.nextExpected > salary.lastDate).toBe(true);
    expect(answer.body.items.length).toBeGreaterThan(5);
    expect(answer.body.computedAt).toEqual(expect.any(String));
    expect((await request(bob, 'GET', '/insights/recurring')).body.items).toEqual([]);
  });

  it('says why a series found from a few charges is listed: the words of its text that name its cadence', async () => {
    const { items } = (await request(alice, 'GET', '/insights/recurring')).body;
    const named = items.filter((item: { cadenceNamed: string | null }) => item.cadenceNamed !== null);
    expect(
      named.map((item: { cadence: string; cadenceNamed: string; occurrences: number }) => ({
        cadence: item.cadence,
        cadenceNamed: item.cadenceNamed,
        occurrences: item.occurrences,
      })),
    ).toEqual(
      expect.arrayContaining([
        { cadence: 'monthly', cadenceNamed: '1 month', occurrences: 3 },
        { cadence: 'yearly', cadenceNamed: '365 days', occurrences: 3 },
      ]),
    );
    expect(named).toHaveLength(2);
    // A series its rhythm alone made says nothing of the kind.
    const salary = items.find((item: { merchant: string }) => item.merchant === 'from workplace');
    expect(salary.cadenceNamed).toBeNull();
  });

  it('keeps a dismissal through re-detection and through a re-import of the whole history under new ids', async () => {
    const before = (await request(alice, 'GET', '/insights/recurring')).body.items.find(
      (item: { merchant: string }) => item.merchant === 'from workplace',
    );
    expect((await request(bob, 'PATCH', `/insights/recurring/${before.id}`, { dismissed: true })).status).toBe(404);
    const dismissed = await request(alice, 'PATCH', `/insights/recurring/${before.id}`, {
      dismissed: true,
      name: 'Salary',
      kind: 'income',
    });
    expect(dismissed.body).toMatchObject({ id: before.id, name: 'Salary', status: 'dismissed' });
    expect((await request(alice, 'PATCH', `/insights/recurring/${before.id}`, { kind: 'pocket money' })).status).toBe(
      400,
    );

    await detect(alice);
    const listed = (await request(alice, 'GET', '/insights/recurring')).body.items;
    expect(listed.find((item: { id: string }) => item.id === before.id)).toBeUndefined();

    // The whole history deleted and imported again: every transaction id is new.
    await withUser(database.db, alice, (trx) =>
      trx.updateTable('transactions').set({ deleted_at: new Date() }).execute(),
    );
    const account = (await request(alice, 'GET', '/accounts')).body.items[0];
    await importDiary(alice, account.id, 'second');
    await detect(alice);
    const all = (await request(alice, 'GET', '/insights/recurring?includeDismissed=true')).body.items;
    expect(all.filter((item: { merchant: string }) => item.merchant === 'from workplace')).toEqual([
      expect.objectContaining({ id: before.id, name: 'Salary', status: 'dismissed' }),
    ]);
  });

  it('lists unusual charges with a reason and a score, and lets the person dismiss one', async () => {
    const answer = await request(alice, 'GET', '/insights/anomalies?limit=500');
    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeGreaterThan(0);
    const [first] = answer.body.items;
    expect(first).toMatchObject({
      reason: expect.stringMatching(/\d/),
      score: expect.any(Number),
      dismissed: false,
      currency: 'INR',
    });
    expect((await request(bob, 'PATCH', `/insights/anomalies/${first.id}`, { dismissed: true })).status).toBe(404);
    expect((await request(alice, 'PATCH', `/insights/anomalies/${first.id}`, { dismissed: true })).body.dismissed).toBe(
      true,
    );
    await detect(alice);
    const after = (await request(alice, 'GET', '/insights/anomalies?limit=500')).body.items;
    expect(after.map((item: { id: string }) => item.id)).not.toContain(first.id);
  });

  it('serves habits with monthly amounts to keep, and nudges tied to figures', async () => {
    const habits = (await request(alice, 'GET', '/insights/habits')).body;
    expect(habits.asOf).toBe('2018-09-20');
    expect(habits.habits.currency).toBe('INR');
    expect(habits.habits.weekdayVsWeekend.weekdayDailyAverage).toBeGreaterThan(0);
    for (const opportunity of habits.habits.opportunities) expect(opportunity.monthlyAmount).toBeGreaterThanOrEqual(0);
    const nudges = (await request(alice, 'GET', '/insights/nudges')).body.items;
    for (const nudge of nudges)
      expect(nudge).toMatchObject({ message: expect.any(String), figure: expect.any(Number) });
  });

  it('shows notifications unread first, marks one read, hides a kind turned off in-app, and never repeats one on re-detection', async () => {
    const first = await request(alice, 'GET', '/notifications');
    expect(first.status).toBe(200);
    expect(first.body.items.length).toBeGreaterThan(0);
    const count = first.body.items.length;
    await detect(alice);
    expect((await request(alice, 'GET', '/notifications')).body.items).toHaveLength(count);

    const [top] = first.body.items;
    expect((await request(bob, 'PATCH', `/notifications/${top.id}`, { read: true })).status).toBe(404);
    expect((await request(alice, 'PATCH', `/notifications/${top.id}`, { read: true })).body.readAt).toEqual(
      expect.any(String),
    );
    const after = (await request(alice, 'GET', '/notifications')).body;
    expect(after.unread).toBe(first.body.unread - 1);
    if (count > 1) expect(after.items[after.items.length - 1].id).toBe(top.id);

    const kinds = new Set(after.items.map((item: { kind: string }) => item.kind));
    const hidden = [...kinds][0] as string;
    const me = await request(alice, 'PATCH', '/me', { notifications: { [hidden]: { inApp: false } } });
    expect(me.body.notifications[hidden]).toEqual({ inApp: false, email: true });
    expect(
      (await request(alice, 'GET', '/notifications')).body.items.filter(
        (item: { kind: string }) => item.kind === hidden,
      ),
    ).toEqual([]);
    expect((await request(alice, 'PATCH', '/me', { notifications: { nonsense: { email: false } } })).status).toBe(400);
  });

  it('turns off one kind of e-mail from a signed link without logging in, and refuses a forged one', async () => {
    const anonymous = async (path: string) => {
      const [rawPath, rawQueryString] = path.split('?');
      const response = await callWithQuery({
        rawPath,
        rawQueryString,
        requestContext: { http: { method: 'GET', path: rawPath } },
      } as unknown as ApiEvent);
      return { status: Number(response.statusCode), body: JSON.parse(response.body ?? 'null') };
    };
    const token = unsubscribeToken(SECRET, alice, 'upcoming_bill');
    expect(await anonymous(`/unsubscribe?token=${token}`)).toMatchObject({
      status: 200,
      body: { unsubscribed: true, kind: 'upcoming_bill' },
    });
    expect((await request(alice, 'GET', '/me')).body.notifications.upcoming_bill).toEqual({
      inApp: true,
      email: false,
    });
    expect(
      (await anonymous(`/unsubscribe?token=${unsubscribeToken('some-other-secret-entirely', alice, 'anomaly')}`))
        .status,
    ).toBe(404);
    expect((await request(alice, 'GET', '/me')).body.notifications.anomaly.email).toBe(true);
  });
});
