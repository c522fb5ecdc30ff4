import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

/**
 * Every kind of bad input the hardening review found answering 500 (issue 17), sent as API
 * Gateway sends it: each must be a 4xx problem+json that names the field, or (for what was
 * never bad input at all: a new person's first write, two first imports at once) succeed.
 */
describe('bad input is answered 4xx naming the field, never 500', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;
  const owner = randomUUID();
  const stranger = randomUUID();
  let ownersAccount = '';
  let strangersAccount = '';

  /** An HTTP API event: rawPath as sent (still %-encoded), query parameters decoded, as API Gateway and the local server give them. */
  const send = async (userId: string, method: string, target: string, body?: unknown) => {
    const url = new URL(target, 'http://api.local');
    const response = await call({
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      queryStringParameters: url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: {},
      requestContext: { http: { method, path: url.pathname }, authorizer: { jwt: { claims: { sub: userId } } } },
    } as unknown as ApiEvent);
    return {
      status: Number(response.statusCode),
      contentType: String(response.headers?.['content-type'] ?? ''),
      body: response.body ? JSON.parse(response.body) : null,
    };
  };
  const cursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');

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
    });
    ownersAccount = (await send(owner, 'POST', '/accounts', { name: 'Current', currency: 'GBP' })).body.id;
    strangersAccount = (await send(stranger, 'POST', '/accounts', { name: 'Theirs', currency: 'GBP' })).body.id;
  });
  afterAll(async () => database.close());

  const entry = (overrides: Record<string, unknown>) => ({
    accountId: ownersAccount,
    date: '2024-03-01',
    amount: -420,
    description: 'TESCO',
    ...overrides,
  });

  // [what, method, path, body, status, the field the problem names]
  const refusals: [string, string, string | (() => string), unknown | (() => unknown), number, string][] = [
    ['body date: 30 February', 'POST', '/transactions', () => entry({ date: '2024-02-30' }), 400, 'date'],
    ['body date: month 13', 'POST', '/transactions', () => entry({ date: '2024-13-01' }), 400, 'date'],
    ['body date: year 0', 'POST', '/transactions', () => entry({ date: '0000-01-01' }), 400, 'date'],
    [
      'body date: 29 February of a common year',
      'POST',
      '/transactions',
      () => entry({ date: '2023-02-29' }),
      400,
      'date',
    ],
    [
      'account opening date: 31 April',
      'POST',
      '/accounts',
      { name: 'Savings', currency: 'GBP', openingDate: '2024-04-31' },
      400,
      'openingDate',
    ],
    [
      'SMS receivedOn: 30 February',
      'POST',
      '/sms',
      { messages: ['Rs 500 debited'], receivedOn: '2024-02-30' },
      400,
      'receivedOn',
    ],
    ['query from: 30 February', 'GET', '/transactions?from=2024-02-30', undefined, 400, 'query.from'],
    ['query to: month 13', 'GET', '/transactions?to=2024-13-01', undefined, 400, 'query.to'],
    ['query from: year 0', 'GET', '/transactions?from=0000-01-01', undefined, 400, 'query.from'],
    [
      'transactions cursor with 30 February',
      'GET',
      () => `/transactions?cursor=${cursor({ date: '2024-02-30', id: randomUUID() })}`,
      undefined,
      400,
      'query.cursor',
    ],
    [
      'uploads cursor with no timestamp',
      'GET',
      () => `/uploads?cursor=${cursor({ createdAt: 'yesterday', id: randomUUID() })}`,
      undefined,
      400,
      'query.cursor',
    ],
    [
      'NUL in a manual description',
      'POST',
      '/transactions',
      () => entry({ description: 'TES\u0000CO' }),
      400,
      'body.description',
    ],
    ['NUL in notes', 'POST', '/transactions', () => entry({ notes: 'a\u0000b' }), 400, 'body.notes'],
    ['NUL in a tag', 'POST', '/transactions', () => entry({ tags: ['ok', 'b\u0000d'] }), 400, 'body.tags.1'],
    ['NUL in an account name', 'POST', '/accounts', { name: 'Sav\u0000ings', currency: 'GBP' }, 400, 'body.name'],
    [
      'NUL in a rule pattern',
      'POST',
      '/rules',
      { matchKind: 'contains', pattern: 'a\u0000', category: 'Groceries' },
      400,
      'body.pattern',
    ],
    ['NUL in a category name', 'POST', '/categories', { name: 'Pets\u0000', group: 'wants' }, 400, 'body.name'],
    ['NUL in an SMS', 'POST', '/sms', { messages: ['Rs 500 debited\u0000'] }, 400, 'body.messages.0'],
    ['NUL in an upload file name', 'POST', '/uploads', { filename: 'march\u0000.csv' }, 400, 'body.filename'],
    ['NUL in a query parameter', 'GET', '/transactions?q=tes%00co', undefined, 400, 'query.q'],
    ['NUL in a path parameter', 'PUT', '/merchants/te%00sco/dont-learn', undefined, 400, 'path.merchant'],
    ['broken %-encoding: truncated sequence', 'GET', '/transactions/%E0%A4%A', undefined, 400, 'path.id'],
    ['broken %-encoding: not hex', 'PUT', '/merchants/%ZZ/dont-learn', undefined, 400, 'path.merchant'],
    ['broken %-encoding: a lone lead byte', 'PATCH', '/categories/%E0', { group: 'needs' }, 400, 'path.id'],
    [
      'a column mapping of null columns',
      'POST',
      '/uploads',
      { filename: 'a.csv', mapping: { columns: [null] } },
      400,
      'mapping.columns.0',
    ],
    [
      'a regex the linear-time engine cannot run',
      'POST',
      '/rules',
      { matchKind: 'regex', pattern: '(a)\\1', category: 'Groceries' },
      400,
      'body.pattern',
    ],
    [
      'a rule naming another person’s account',
      'POST',
      '/rules',
      () => ({ matchKind: 'contains', pattern: 'tesco', category: 'Groceries', accountId: strangersAccount }),
      404,
      'account',
    ],
    [
      'a rule naming an account nobody has',
      'POST',
      '/rules',
      () => ({ matchKind: 'contains', pattern: 'tesco', category: 'Groceries', accountId: randomUUID() }),
      404,
      'account',
    ],
    [
      'SMS into another person’s account',
      'POST',
      '/sms',
      () => ({ messages: ['Rs 500 debited from a/c XX1234 on 01-03-24'], accountId: strangersAccount }),
      404,
      'account',
    ],
    [
      'an upload into another person’s account',
      'POST',
      '/uploads',
      () => ({ filename: 'a.csv', accountId: strangersAccount }),
      404,
      'account',
    ],
    [
      'a manual entry in another person’s account',
      'POST',
      '/transactions',
      () => entry({ accountId: strangersAccount }),
      404,
      'account',
    ],
  ];

  it.each(refusals)('%s: %s %s %p answers %i naming %s', async (_what, method, path, body, status, field) => {
    const answer = await send(
      owner,
      method,
      typeof path === 'function' ? path() : path,
      typeof body === 'function' ? body() : body,
    );
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe('application/problem+json');
    const named = [answer.body.detail, ...(answer.body.errors ?? []).map((e: { path: string }) => e.path)].join(' ');
    expect(named).toContain(field);
  });

  it('refuses all of it without writing anything: the stranger still has only their own account, the owner no rule', async () => {
    expect((await send(owner, 'GET', '/rules')).body.items).toEqual([]);
    expect((await send(owner, 'GET', '/transactions')).body.items).toEqual([]);
    expect((await send(stranger, 'GET', `/transactions?accountId=${strangersAccount}`)).body.items).toEqual([]);
  });

  it.each([
    ['POST /rules', 'POST', '/rules', { matchKind: 'contains', pattern: 'tesco', category: 'Groceries' }, 201],
    ['POST /categories', 'POST', '/categories', { name: 'Pets', group: 'wants' }, 201],
    ['PUT /merchants/{merchant}/dont-learn', 'PUT', '/merchants/amazon/dont-learn', undefined, 200],
    ['PATCH /categories/{id} of a default', 'PATCH', '/categories/default:Groceries', { group: 'wants' }, 200],
  ])('a new person’s first request is %s: it succeeds', async (_what, method, path, body, status) => {
    const answer = await send(randomUUID(), method, path, body);
    expect(answer.status).toBe(status);
  });

  it.each([
    ['the default account (the alerts name none)', 'debited'],
    ['the account the alerts name (XX9911)', 'debited from a/c XX9911'],
  ])('three first SMS imports at once all land in one account: %s', async (_what, words) => {
    const person = randomUUID();
    const sms = (amount: number) => ({
      messages: [`Rs ${amount}.00 ${words} on 01-03-24 to VPA shop@upi`],
      receivedOn: '2024-03-01',
    });
    const answers = await Promise.all([
      send(person, 'POST', '/sms', sms(500)),
      send(person, 'POST', '/sms', sms(700)),
      send(person, 'POST', '/sms', sms(900)),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.reduce((sum, a) => sum + a.body.imported, 0)).toBe(3);
    const accounts = (await send(person, 'GET', '/accounts')).body.items as { id: string }[];
    const transactions = (await send(person, 'GET', '/transactions')).body.items as { accountId: string }[];
    expect(accounts).toHaveLength(1);
    expect(new Set(transactions.map((t) => t.accountId))).toEqual(new Set([accounts[0].id]));
  });
});
