import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PERSON_LIMITS } from '../../lambdas/core/person-limits';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const fixtures = join(__dirname, '..', 'fixtures', 'summary');
const expected = JSON.parse(readFileSync(join(fixtures, 'za-2023-08-to-10.expected.json'), 'utf8')) as {
  currency: string;
  groups: Record<string, string>;
  months: Record<string, { income: number; expenses: number; net: number; byCategory: Record<string, number> }>;
};
const rows = readFileSync(join(fixtures, 'za-2023-08-to-10.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const fields = line
      .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
      .map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return {
      date: fields[0],
      description: fields[1],
      amount: Math.round(Number(fields[2]) * 100),
      category: fields[3],
    };
  });

describe('GET /summary against a hand-computed real history (South African bank, Aug–Oct 2023)', () => {
  let database: TestDatabase;
  let request: ReturnType<typeof apiClient>;
  const person = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    request = apiClient(
      createRouter(apiRoutes, {
        // Typing three months of a history by hand is more requests a minute than a person makes: the per-person limit is lifted.
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
    const account = await request(person, 'POST', '/accounts', { name: 'Cheque', currency: 'ZAR' });
    for (const [name, group] of Object.entries(expected.groups)) {
      expect((await request(person, 'POST', '/categories', { name, group })).status).toBe(201);
    }
    // The hand computation counts every other label as spending (money in there nets against it):
    // said explicitly, or a label such as "Refund" would be given the income group its name suggests.
    for (const name of new Set(rows.map((row) => row.category.trim()))) {
      if (name in expected.groups) continue;
      const created = await request(person, 'POST', '/categories', { name, group: 'wants' });
      expect([201, 409]).toContain(created.status);
    }
    for (const row of rows) {
      const created = await request(person, 'POST', '/transactions', { accountId: account.body.id, ...row });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => database.close());

  it.each(Object.keys(expected.months))(
    'gives %s the income, spending, net and per-label spending worked out by hand',
    async (month) => {
      const answer = await request(person, 'GET', `/summary?from=${month}&to=${month}`);
      expect(answer.status).toBe(200);
      expect(answer.body.items).toHaveLength(1);
      const summary = answer.body.items[0];
      const want = expected.months[month];
      expect(summary).toMatchObject({ currency: 'ZAR', income: want.income, expenses: want.expenses, net: want.net });
      const byLabel = Object.fromEntries(
        summary.byCategory
          .filter((c: { group: string }) => c.group !== 'income')
          .map((c: { category: string; amount: number }) => [c.category, c.amount]),
      );
      expect(byLabel).toEqual(want.byCategory);
    },
  );

  it('gives the three months as one period and month by month, compared with the period before', async () => {
    const answer = await request(person, 'GET', '/summary?from=2023-08&to=2023-10');
    const summary = answer.body.items[0];
    const months = Object.entries(expected.months);
    expect(summary.byMonth).toEqual(
      months.map(([month, m]) => ({ month, income: m.income, expenses: m.expenses, net: m.net })),
    );
    expect(summary.expenses).toBe(months.reduce((sum, [, m]) => sum + m.expenses, 0));
    expect(summary.previous).toMatchObject({ from: '2023-05', to: '2023-07', income: 0, expenses: 0 });
    const september = (await request(person, 'GET', '/summary?from=2023-09&to=2023-09')).body.items[0];
    expect(september.change.expenses).toMatchObject({
      other: expected.months['2023-08'].expenses,
      difference: expected.months['2023-09'].expenses - expected.months['2023-08'].expenses,
    });
  });

  it('names the parameter at fault', async () => {
    const inverted = await request(person, 'GET', '/summary?from=2023-10&to=2023-08');
    expect(inverted.status).toBe(400);
    expect(inverted.body.errors[0].path).toBe('query.from');
    const currency = await request(person, 'GET', '/summary?from=2023-10&to=2023-10&currency=EUR');
    expect(currency.status).toBe(400);
    expect(currency.body.errors[0].path).toBe('query.currency');
    const months = await request(person, 'GET', '/trends?months=37');
    expect(months.status).toBe(400);
    expect(months.body.errors[0].path).toBe('query.months');
    const badMonth = await request(person, 'GET', '/summary?from=2023-13');
    expect(badMonth.body.errors[0].path).toBe('query.from');
  });

  it('gives the monthly series per label and group', async () => {
    const answer = await request(person, 'GET', '/trends?months=3&to=2023-10');
    expect(answer.status).toBe(200);
    const series = answer.body.items[0];
    expect(series.months).toEqual(['2023-08', '2023-09', '2023-10']);
    expect(series.expenses).toEqual(Object.values(expected.months).map((m) => m.expenses));
    const groceries = series.categories.find((c: { category: string }) => c.category === 'Groceries');
    expect(groceries.amounts).toEqual(Object.values(expected.months).map((m) => m.byCategory.Groceries ?? 0));
  });
});
