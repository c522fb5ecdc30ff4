import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { insertTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { uuidV7 } from '../../lambdas/core/import/uuid-v7';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('linking a transfer by hand, exporting everything and erasing a person', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;
  const blobs = new MemoryBlobStore();

  beforeAll(async () => {
    // EXEMPT (owner: harden, issue 17): GET /me/export reads a person's 6,000 transactions in one
    // query, about 4 MB as the Data API would send it (~670 bytes a row); remove this exemption when the export pages.
    database = await createTestDatabase({ exemptFromDataApiLimit: { owner: 'harden', read: 'GET /me/export: all transactions in one select' } });
    call = createRouter(apiRoutes, {
      db: database.db, blobs, categoriseQueue: new RecordingQueue(), forecastQueue: new RecordingQueue(), languageModel: null,
      logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }), limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    });
  });
  afterAll(async () => database.close());

  const request = (userId: string, method: string, path: string, body?: unknown) => apiClient(call)(userId, method, path, body);

  /** A current account paying a credit card, texts that detection would not pair. */
  const twoAccounts = async (userId: string) => {
    const current = (await request(userId, 'POST', '/accounts', { name: 'Current', kind: 'current', currency: 'GBP' })).body;
    const card = (await request(userId, 'POST', '/accounts', { name: 'Card', kind: 'credit_card', currency: 'GBP' })).body;
    const paid = (await request(userId, 'POST', '/transactions', { accountId: current.id, date: '2024-04-02', amount: -45000, description: 'BANK OF X REF 88123' })).body;
    const received = (await request(userId, 'POST', '/transactions', { accountId: card.id, date: '2024-04-09', amount: 45000, description: 'DIRECT DEBIT RECEIVED' })).body;
    const coffee = (await request(userId, 'POST', '/transactions', { accountId: card.id, date: '2024-04-03', amount: -350, description: 'CAFE NERO 12' })).body;
    return { current, card, paid, received, coffee };
  };

  it('links the two sides of a card payment as one transfer, once, and only the person’s own', async () => {
    const alice = randomUUID();
    const { paid, received, coffee } = await twoAccounts(alice);
    const linked = await request(alice, 'POST', '/transfers', { transactionIds: [paid.id, received.id] });
    expect(linked.status).toBe(201);
    expect(linked.body.transactions).toMatchObject([
      { id: paid.id, transferId: linked.body.transferId, category: 'Transfers', categorySource: 'manual' },
      { id: received.id, transferId: linked.body.transferId, category: 'Transfers', categorySource: 'manual' },
    ]);
    expect((await request(alice, 'POST', '/transfers', { transactionIds: [paid.id, received.id] })).status).toBe(409);
    const sameDirection = await request(alice, 'POST', '/transfers', { transactionIds: [coffee.id, paid.id] });
    expect(sameDirection.status).toBe(400);
    expect(sameDirection.body.errors).toEqual([{ path: 'transactionIds[1]', message: 'same direction as transactionIds[0]' }]);
    expect((await request(randomUUID(), 'POST', '/transfers', { transactionIds: [paid.id, coffee.id] })).status).toBe(404);
  });

  it('sends a large export gzipped when the client accepts it, so it fits Lambda’s 6 MB answer', async () => {
    const dora = randomUUID();
    const account = (await request(dora, 'POST', '/accounts', { name: 'Current', currency: 'EUR' })).body;
    await withUser(database.db, dora, (trx) => insertTransactions(trx, dora, Array.from({ length: 6000 }, (_, i) => ({
      id: uuidV7(), accountId: account.id, uploadId: null, date: '2024-01-01', amount: -100 - i, currency: 'EUR',
      description: `CARD PURCHASE AT A SHOP WITH A LONG NAME ${i}`, balance: null, fingerprint: `bench:${i}`,
    })), { arrays: true }));
    const event = (headers: Record<string, string>) => ({
      rawPath: '/me/export', headers, requestContext: { http: { method: 'GET', path: '/me/export' }, authorizer: { jwt: { claims: { sub: dora } } } },
    }) as unknown as ApiEvent;
    const zipped = await call(event({ 'accept-encoding': 'gzip, deflate' }));
    expect(zipped).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } });
    const unzipped = JSON.parse(gunzipSync(Buffer.from(zipped.body ?? '', 'base64')).toString('utf8'));
    expect(unzipped.transactions).toHaveLength(6000);
    expect((zipped.body ?? '').length).toBeLessThan(JSON.stringify(unzipped).length / 4);
    const plain = await call(event({}));
    expect(plain.isBase64Encoded).toBeUndefined();
    expect(JSON.parse(plain.body ?? '').transactions).toHaveLength(6000);
  });

  it('exports everything a person owns and erases all of it, files included, leaving others untouched', async () => {
    const bob = randomUUID();
    const carol = randomUUID();
    await twoAccounts(bob);
    await twoAccounts(carol);
    await request(bob, 'POST', '/rules', { matchKind: 'contains', pattern: 'nero', category: 'Coffee' });
    blobs.put(`uploads/${bob}/u1/statement.csv`, 'Date,Description,Amount\n');
    blobs.put(`uploads/${carol}/u2/statement.csv`, 'Date,Description,Amount\n');

    const exported = await request(bob, 'GET', '/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ format: 'smart-spend-export', version: 1, user: { id: bob } });
    expect(exported.body.accounts.map((a: { name: string }) => a.name).sort()).toEqual(['Card', 'Current']);
    expect(exported.body.transactions).toHaveLength(3);
    expect(exported.body.rules).toMatchObject([{ pattern: 'nero', category: 'Coffee' }]);

    const erased = await request(bob, 'DELETE', '/me');
    expect(erased.body).toEqual({ erased: true, files: 1 });
    expect((await request(bob, 'GET', '/transactions')).body.items).toEqual([]);
    expect((await request(bob, 'GET', '/rules')).body.items).toEqual([]);
    expect([...blobs.objects.keys()].filter((key) => key.includes(bob))).toEqual([]);
    expect((await request(carol, 'GET', '/transactions')).body.items).toHaveLength(3);
    expect(blobs.objects.has(`uploads/${carol}/u2/statement.csv`)).toBe(true);
  });
});
