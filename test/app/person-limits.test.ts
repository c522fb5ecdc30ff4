import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { ensureUser } from '../../lambdas/adapters/postgres/repositories/users';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { budgetedLanguageModel } from '../../lambdas/app/budgeted-language-model';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { LanguageModelUnavailableError, type LanguageModel } from '../../lambdas/ports/language-model';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

/** Issue 17, item 6: one person cannot run up the bill; past a limit, 429 with Retry-After. */
describe('per-person limits', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;

  const send = async (userId: string, method: string, path: string, body?: unknown) => {
    const response = await call({
      rawPath: path,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {},
      requestContext: { http: { method, path }, authorizer: { jwt: { claims: { sub: userId } } } },
    } as unknown as ApiEvent);
    return {
      status: Number(response.statusCode),
      headers: response.headers ?? {},
      body: response.body ? JSON.parse(response.body) : null,
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    call = createRouter(apiRoutes, {
      db: database.db,
      blobs: new MemoryBlobStore(),
      categoriseQueue: new RecordingQueue(),
      forecastQueue: new RecordingQueue(),
      languageModel: null,
      knowledge: loadMerchantKnowledge(),
      logger,
      limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      personLimits: { uploadsPerDay: 2, rowsPerMonth: 3, languageModelCallsPerDay: 2, requestsPerMinute: 8 },
    });
  });
  afterAll(async () => database.close());

  it('refuses a third upload in a day with 429 and when to come back', async () => {
    const person = randomUUID();
    expect((await send(person, 'POST', '/uploads', { filename: 'a.csv' })).status).toBe(201);
    expect((await send(person, 'POST', '/uploads', { filename: 'b.csv' })).status).toBe(201);
    const third = await send(person, 'POST', '/uploads', { filename: 'c.csv' });
    expect(third.status).toBe(429);
    expect(third.body.detail).toMatch(/2 uploads a day/);
    const wait = Number(third.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(86_400);
    expect((await send(randomUUID(), 'POST', '/uploads', { filename: 'a.csv' })).status).toBe(201);
  });

  it('refuses SMS past the rows a month may import', async () => {
    const person = randomUUID();
    const refused = await send(person, 'POST', '/sms', {
      messages: ['Rs 1.00 debited', 'Rs 2.00 debited', 'Rs 3.00 debited', 'Rs 4.00 debited'],
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses an upload declared larger than the limit, and signs the declared size', async () => {
    const person = randomUUID();
    expect((await send(person, 'POST', '/uploads', { filename: 'big.csv', size: 1001 })).status).toBe(413);
  });

  it('answers 429 past the requests a minute, for that person only', async () => {
    const person = randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await send(person, 'GET', '/accounts')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect((await send(randomUUID(), 'GET', '/accounts')).status).toBe(200);
  });

  it('stops calling the language model for a person past their calls a day', async () => {
    const person = randomUUID();
    let calls = 0;
    const model: LanguageModel = {
      modelId: 'fake',
      converse: async () => {
        calls += 1;
        return { text: '{}', modelId: 'fake' };
      },
    };
    await withUser(database.db, person, async (trx) => {
      await ensureUser(trx, person);
      const budgeted = budgetedLanguageModel(model, trx, person, 2);
      await budgeted.converse({ system: '', messages: [] });
      await budgeted.converse({ system: '', messages: [] });
      await expect(budgeted.converse({ system: '', messages: [] })).rejects.toThrow(LanguageModelUnavailableError);
    });
    expect(calls).toBe(2);
  });
});
