import type { Server } from 'node:http';
import { badRequest } from '../../lambdas/app/api/problem';
import { startHttpServer, type HttpServerOptions } from '../../lambdas/local/http-server';

/** The local server answers its own errors as the AWS router does: problem+json, a 500 that names nothing. */
describe('local HTTP server', () => {
  let server: Server;
  let base: string;
  const failures: unknown[] = [];

  beforeAll(async () => {
    const options: HttpServerOptions = {
      port: 0,
      verifyToken: async () => null,
      api: async () => {
        throw new Error('duplicate key value violates unique constraint, Key (iban)=(GB33BUKB20201555555555)');
      },
      maxBodyBytes: 16,
      onError: (error) => failures.push(error),
      localRoutes: [
        {
          method: 'POST',
          match: (path) => path === '/local/refuse',
          handle: async () => {
            throw badRequest('userId must be a UUID', [{ path: 'userId', message: 'expected a UUID' }]);
          },
        },
      ],
    };
    server = await startHttpServer(options);
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers an unexpected error with a problem+json 500 that reveals none of its message', async () => {
    const response = await fetch(`${base}/transactions`);
    const text = await response.text();
    expect([response.status, response.headers.get('content-type')]).toEqual([500, 'application/problem+json']);
    expect(JSON.parse(text)).toEqual({
      type: 'https://smart-spend.dev/problems/internal',
      title: 'Something went wrong on our side',
      status: 500,
      detail: 'the request could not be completed',
    });
    expect(text).not.toMatch(/iban|GB33|duplicate/i);
    expect(failures).toHaveLength(1);
  });

  it('answers a local route’s refusal as problem+json naming the field', async () => {
    const response = await fetch(`${base}/local/refuse`, { method: 'POST', body: '{}' });
    expect([response.status, response.headers.get('content-type')]).toEqual([400, 'application/problem+json']);
    expect(await response.json()).toMatchObject({
      status: 400,
      errors: [{ path: 'userId', message: 'expected a UUID' }],
    });
  });

  it('answers a body over the limit with a problem+json 413', async () => {
    const response = await fetch(`${base}/local/refuse`, { method: 'POST', body: 'x'.repeat(17) });
    expect([response.status, response.headers.get('content-type')]).toEqual([413, 'application/problem+json']);
    expect(await response.json()).toMatchObject({
      type: 'https://smart-spend.dev/problems/payload-too-large',
      status: 413,
    });
  });
});
