import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { createRouter } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { validateSplits } from '../../lambdas/core/ledger/splits';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('accounts and the transaction record through the API', () => {
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

  const request = (userId: string, method: string, path: string, body?: unknown) =>
    apiClient(call)(userId, method, path, body);

  it('keeps a cash account whose balance is its opening balance plus its transactions', async () => {
    const account = await request(alice, 'POST', '/accounts', {
      name: 'Wallet',
      kind: 'cash',
      currency: 'EUR',
      openingBalance: 5000,
      openingDate: '2024-01-01',
    });
    expect(account.status).toBe(201);
    const spent = await request(alice, 'POST', '/transactions', {
      accountId: account.body.id,
      date: '2024-01-05',
      amount: -1250,
      description: 'Bakery',
      category: 'Dining',
    });
    expect(spent.body).toMatchObject({ amount: -1250, currency: 'EUR', category: 'Dining', categorySource: 'manual' });
    expect((await request(alice, 'GET', `/accounts/${account.body.id}`)).body).toMatchObject({
      balance: 3750,
      balanceAsOf: '2024-01-05',
    });
    expect((await request(bob, 'GET', `/accounts/${account.body.id}`)).status).toBe(404);
    expect(
      (
        await request(bob, 'POST', '/transactions', {
          accountId: account.body.id,
          date: '2024-01-05',
          amount: -1,
          description: 'x',
        })
      ).status,
    ).toBe(404);
  });

  it('renames an account and removes it with its transactions, and never touches another person’s', async () => {
    const account = await request(alice, 'POST', '/accounts', {
      name: 'Old name',
      currency: 'EUR',
      openingBalance: 100,
    });
    await request(alice, 'POST', '/transactions', {
      accountId: account.body.id,
      date: '2024-03-01',
      amount: -40,
      description: 'Kiosk',
    });
    expect((await request(bob, 'PATCH', `/accounts/${account.body.id}`, { name: 'Stolen' })).status).toBe(404);
    const renamed = await request(alice, 'PATCH', `/accounts/${account.body.id}`, {
      name: 'New name',
      openingBalance: 200,
    });
    expect(renamed.body).toMatchObject({ name: 'New name', openingBalance: 200, balance: 160, currency: 'EUR' });
    expect((await request(bob, 'DELETE', `/accounts/${account.body.id}`)).status).toBe(404);
    expect((await request(alice, 'DELETE', `/accounts/${account.body.id}`)).status).toBe(204);
    expect((await request(alice, 'GET', `/accounts/${account.body.id}`)).status).toBe(404);
    expect((await request(alice, 'GET', '/transactions?q=Kiosk')).body.items).toEqual([]);
  });

  it('changes only what a PATCH names: a rename keeps the kind and the opening balance', async () => {
    const account = await request(alice, 'POST', '/accounts', {
      name: 'Rainy day',
      kind: 'savings',
      currency: 'GBP',
      openingBalance: 250_000,
    });
    const renamed = await request(alice, 'PATCH', `/accounts/${account.body.id}`, { name: 'Emergency fund' });
    expect(renamed.body).toMatchObject({ name: 'Emergency fund', kind: 'savings', openingBalance: 250_000 });
    const rebalanced = await request(alice, 'PATCH', `/accounts/${account.body.id}`, { openingBalance: 300_000 });
    expect(rebalanced.body).toMatchObject({ name: 'Emergency fund', kind: 'savings', openingBalance: 300_000 });
  });

  it('splits a transaction across categories only when the parts add up, naming the field that does not', async () => {
    const account = await request(alice, 'POST', '/accounts', { name: 'Current', currency: 'EUR' });
    const tx = await request(alice, 'POST', '/transactions', {
      accountId: account.body.id,
      date: '2024-02-01',
      amount: -10000,
      description: 'SUPERSTORE',
    });
    const bad = await request(alice, 'PATCH', `/transactions/${tx.body.id}`, {
      splits: [
        { category: 'Groceries', amount: -6000 },
        { category: 'Shopping', amount: -3000 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'splits', message: 'the parts add up to -9000, the transaction is -10000' },
    ]);
    const good = await request(alice, 'PATCH', `/transactions/${tx.body.id}`, {
      splits: [
        { category: 'Groceries', amount: -6000 },
        { category: 'Shopping', amount: -4000 },
      ],
      notes: 'weekly shop',
      tags: ['family'],
    });
    expect(good.status).toBe(200);
    expect(good.body.transaction).toMatchObject({
      splits: [
        { category: 'Groceries', amount: -6000 },
        { category: 'Shopping', amount: -4000 },
      ],
      notes: 'weekly shop',
      tags: ['family'],
    });
    expect((await request(bob, 'PATCH', `/transactions/${tx.body.id}`, { notes: 'mine now' })).status).toBe(404);
  });

  it('removes a manual transaction for good', async () => {
    const account = await request(alice, 'POST', '/accounts', { name: 'Spare', currency: 'EUR' });
    const tx = await request(alice, 'POST', '/transactions', {
      accountId: account.body.id,
      date: '2024-03-01',
      amount: -100,
      description: 'Coffee',
    });
    expect((await request(alice, 'DELETE', `/transactions/${tx.body.id}`)).status).toBe(204);
    expect((await request(alice, 'GET', `/transactions/${tx.body.id}`)).status).toBe(404);
    expect((await request(alice, 'DELETE', `/transactions/${tx.body.id}`)).status).toBe(404);
  });
});

describe('validateSplits', () => {
  it.each([
    [[{ category: 'A', amount: -100 }], 'splits'],
    [
      [
        { category: '', amount: -50 },
        { category: 'B', amount: -50 },
      ],
      'splits[0].category',
    ],
    [
      [
        { category: 'A', amount: 50 },
        { category: 'B', amount: -150 },
      ],
      'splits[0].amount',
    ],
  ])('names the field at fault', (splits, path) => {
    const check = validateSplits(-100, splits);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors.map((e) => e.path)).toContain(path);
  });
});
