import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

function event(
  method: string,
  path: string,
  options: { userId?: string; body?: unknown; query?: Record<string, string> } = {},
): ApiEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    queryStringParameters: options.query,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      ...(options.userId ? { authorizer: { jwt: { claims: { sub: options.userId } } } } : {}),
    },
  } as unknown as ApiEvent;
}

describe('the API router', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;
  const alice = randomUUID();
  const bob = randomUUID();

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
    });
  });
  afterAll(async () => database.close());

  it('answers a bad request with problem+json naming the field', async () => {
    const response = await call(event('POST', '/uploads', { userId: alice, body: { filename: '' } }));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body ?? '{}');
    expect(problem).toMatchObject({ status: 400, type: expect.stringContaining('bad-request') });
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'filename' })]);
  });

  it('answers 400 naming the query parameter when a limit is out of range', async () => {
    const response = await call(event('GET', '/transactions', { userId: alice, query: { limit: '5000' } }));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}').errors[0].path).toBe('query.limit');
  });

  it("answers 404, never 403, for another person's upload, and for an id that is not even a UUID", async () => {
    const created = await call(event('POST', '/uploads', { userId: alice, body: { filename: 'statement.csv' } }));
    expect(created.statusCode).toBe(201);
    const { uploadId } = JSON.parse(created.body ?? '{}');
    expect((await call(event('GET', `/uploads/${uploadId}`, { userId: alice }))).statusCode).toBe(200);
    expect((await call(event('GET', `/uploads/${uploadId}`, { userId: bob }))).statusCode).toBe(404);
    expect((await call(event('GET', '/uploads/not-a-uuid', { userId: alice }))).statusCode).toBe(404);
  });

  it('refuses a request without a user, and one with an unknown path or method', async () => {
    expect((await call(event('GET', '/transactions'))).statusCode).toBe(401);
    expect((await call(event('GET', '/nowhere', { userId: alice }))).statusCode).toBe(404);
    expect((await call(event('DELETE', '/uploads', { userId: alice }))).statusCode).toBe(405);
  });

  it('pages with a keyset cursor and rejects a cursor it never gave out', async () => {
    for (let i = 0; i < 3; i += 1)
      await call(event('POST', '/uploads', { userId: bob, body: { filename: `f${i}.csv` } }));
    const first = JSON.parse(
      (await call(event('GET', '/uploads', { userId: bob, query: { limit: '2' } }))).body ?? '{}',
    );
    expect(first.items).toHaveLength(2);
    const second = JSON.parse(
      (await call(event('GET', '/uploads', { userId: bob, query: { limit: '2', cursor: first.nextCursor } }))).body ??
        '{}',
    );
    expect(second.items).toHaveLength(1);
    expect(new Set([...first.items, ...second.items].map((u: { id: string }) => u.id)).size).toBe(3);
    expect((await call(event('GET', '/uploads', { userId: bob, query: { cursor: 'garbage' } }))).statusCode).toBe(400);
  });

  it('describes every route in the OpenAPI document, with bearer auth on all but /health, /openapi.json and the signed /unsubscribe link', async () => {
    const document = JSON.parse((await call(event('GET', '/openapi.json'))).body ?? '{}');
    for (const r of apiRoutes) {
      const operation = document.paths[r.path]?.[r.method.toLowerCase()];
      expect(operation).toBeDefined();
      const open = r.path === '/health' || r.path === '/openapi.json' || r.path === '/unsubscribe';
      expect(operation.security).toEqual(open ? [] : [{ bearer: [] }]);
    }
  });
});
