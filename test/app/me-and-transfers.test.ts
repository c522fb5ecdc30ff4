import { Logger } from '@aws-lambda-powertools/logger';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter } from '../../lambdas/app/api/router';
import { createExportHandler } from '../../lambdas/app/export-worker';
import type { ExportMessage } from '../../lambdas/core/messages';
import { apiRoutes } from '../../lambdas/app/api/routes';
import { apiClient } from '../support/api-client';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { sqsEventOf } from '../support/sqs-event';

describe('linking a transfer by hand, exporting everything and erasing a person', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;
  const blobs = new MemoryBlobStore();
  const exportQueue = new RecordingQueue<ExportMessage>();
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

  beforeAll(async () => {
    // Every query refused over the Data API's 1 MiB: the export must page to pass.
    database = await createTestDatabase();
    call = createRouter(apiRoutes, {
      db: database.db,
      blobs,
      categoriseQueue: new RecordingQueue(),
      forecastQueue: new RecordingQueue(),
      exportQueue,
      languageModel: null,
      logger,
      limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    });
  });
  afterAll(async () => database.close());

  const request = (userId: string, method: string, path: string, body?: unknown) =>
    apiClient(call)(userId, method, path, body);

  /** A current account paying a credit card, texts that detection would not pair. */
  const twoAccounts = async (userId: string) => {
    const current = (await request(userId, 'POST', '/accounts', { name: 'Current', kind: 'current', currency: 'GBP' }))
      .body;
    const card = (await request(userId, 'POST', '/accounts', { name: 'Card', kind: 'credit_card', currency: 'GBP' }))
      .body;
    const paid = (
      await request(userId, 'POST', '/transactions', {
        accountId: current.id,
        date: '2024-04-02',
        amount: -45000,
        description: 'BANK OF X REF 88123',
      })
    ).body;
    const received = (
      await request(userId, 'POST', '/transactions', {
        accountId: card.id,
        date: '2024-04-09',
        amount: 45000,
        description: 'DIRECT DEBIT RECEIVED',
      })
    ).body;
    const coffee = (
      await request(userId, 'POST', '/transactions', {
        accountId: card.id,
        date: '2024-04-03',
        amount: -350,
        description: 'CAFE NERO 12',
      })
    ).body;
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
    expect(sameDirection.body.errors).toEqual([
      { path: 'transactionIds[1]', message: 'same direction as transactionIds[0]' },
    ]);
    expect((await request(randomUUID(), 'POST', '/transfers', { transactionIds: [paid.id, coffee.id] })).status).toBe(
      404,
    );
  });

  /**
   * What the export worker does on AWS (its queue's Lambda) and locally (the durable queue): each
   * queued message delivered, `receiveCount` times so far.
   */
  const runExportWorker = async (
    handler = createExportHandler({ db: database.db, blobs, logger }),
    receiveCount = 1,
  ) => {
    const messages = exportQueue.sent.splice(0);
    return handler(sqsEventOf(messages, receiveCount));
  };

  /** Queues an export, runs the worker, and answers the status route's last answer. */
  const exportOf = async (userId: string) => {
    const queued = await request(userId, 'POST', '/me/export');
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'pending', statusUrl: `/me/export/${queued.body.id}` });
    expect((await request(userId, 'GET', queued.body.statusUrl)).body.status).toBe('pending');
    expect(await runExportWorker()).toEqual({ batchItemFailures: [] });
    return request(userId, 'GET', queued.body.statusUrl);
  };

  /** The export behind the link the route answered, as NDJSON lines: rows grouped by table. */
  const readExport = async (url: string) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of await blobs.read(url.replace('memory://', ''))) chunks.push(chunk);
    const lines = gunzipSync(Buffer.concat(chunks)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const line of lines.slice(1)) {
      const { table, row } = JSON.parse(line);
      (tables[table] ??= []).push(row);
    }
    return { header, tables, lines: lines.length };
  };

  it('exports 200,000 transactions in pages under the Data API limit, to a gzipped file behind a link', async () => {
    const dora = randomUUID();
    const account = (await request(dora, 'POST', '/accounts', { name: 'Current', currency: 'EUR' })).body;
    await withUser(database.db, dora, (trx) =>
      sql`insert into transactions (user_id, account_id, date, amount, currency, description, fingerprint, notes, tags)
        select ${dora}::uuid, ${account.id}::uuid, date '2015-01-01' + (g % 3650), -100 - g, 'EUR',
          'CARD PURCHASE AT A SHOP WITH A LONG NAME ' || g, 'bench:' || g,
          case when g % 10 = 0 then 'a note about purchase ' || g end, array['bench']
        from generate_series(1, 200000) g`.execute(trx),
    );
    const answered = await exportOf(dora);
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('ready');
    expect(answered.body.counts).toMatchObject({ user: 1, accounts: 1, transactions: 200000, deletedImports: 0 });
    expect(answered.body.url).toMatch(new RegExp(`^memory://exports/${dora}/smart-spend-export-.*\\.ndjson\\.gz$`));
    expect(Date.parse(answered.body.expiresAt)).toBeGreaterThan(Date.now());

    const { header, tables } = await readExport(answered.body.url);
    expect(header).toMatchObject({ format: 'smart-spend-export', version: 2 });
    expect(answered.body.bytes).toBe(blobs.objects.get(answered.body.url.replace('memory://', ''))?.length);
    const transactions = tables.transactions as {
      id: string;
      amount: number;
      description: string;
      notes: string | null;
    }[];
    expect(transactions).toHaveLength(200000);
    // every row once: no page boundary dropped or repeated one
    expect(new Set(transactions.map((t) => t.id)).size).toBe(200000);
    expect(transactions.reduce((sum, t) => sum + t.amount, 0)).toBe(-(200000 * 100 + (200000 * 200001) / 2));
    expect(transactions.filter((t) => t.notes !== null)).toHaveLength(20000);
    expect(tables.accounts).toMatchObject([{ id: account.id, name: 'Current' }]);
  }, 300_000);

  it('exports everything a person owns and erases all of it, files included, leaving others untouched', async () => {
    const bob = randomUUID();
    const carol = randomUUID();
    await twoAccounts(bob);
    await twoAccounts(carol);
    await request(bob, 'POST', '/rules', { matchKind: 'contains', pattern: 'nero', category: 'Coffee' });
    blobs.put(`uploads/${bob}/u1/statement.csv`, 'Date,Description,Amount\n');
    blobs.put(`uploads/${carol}/u2/statement.csv`, 'Date,Description,Amount\n');

    const exported = await exportOf(bob);
    expect(exported.body.status).toBe('ready');
    const { header, tables } = await readExport(exported.body.url);
    expect(header).toMatchObject({ format: 'smart-spend-export', version: 2 });
    expect(tables.user).toMatchObject([{ id: bob }]);
    expect(tables.accounts.map((a) => a.name).sort()).toEqual(['Card', 'Current']);
    expect(tables.transactions).toHaveLength(3);
    expect(tables.rules).toMatchObject([{ pattern: 'nero', category: 'Coffee' }]);

    const erased = await request(bob, 'DELETE', '/me');
    // the statement and the export; the local stack keeps no sign-in to delete
    expect(erased.body).toEqual({ erased: true, files: 2, signIn: 'notKept' });
    expect((await request(bob, 'GET', '/transactions')).body.items).toEqual([]);
    expect((await request(bob, 'GET', '/rules')).body.items).toEqual([]);
    expect([...blobs.objects.keys()].filter((key) => key.includes(bob))).toEqual([]);
    expect((await request(carol, 'GET', '/transactions')).body.items).toHaveLength(3);
    expect(blobs.objects.has(`uploads/${carol}/u2/statement.csv`)).toBe(true);
  });

  it('answers one job while an export is queued, the recent file once it is ready, and nothing to another person', async () => {
    const erin = randomUUID();
    await twoAccounts(erin);
    const first = await request(erin, 'POST', '/me/export');
    const again = await request(erin, 'POST', '/me/export');
    const viaGet = await request(erin, 'GET', '/me/export');
    expect([again.status, viaGet.status]).toEqual([202, 202]);
    expect([again.body.id, viaGet.body.id]).toEqual([first.body.id, first.body.id]);
    expect(exportQueue.sent).toHaveLength(1); // one job, one message
    expect((await request(randomUUID(), 'GET', `/me/export/${first.body.id}`)).status).toBe(404);
    expect((await request(erin, 'GET', '/me/export/not-a-uuid')).status).toBe(404);

    await runExportWorker();
    // a second delivery of the same message (at least once) leaves the ready export as it is
    exportQueue.sent.push({ version: 1, userId: erin, exportId: first.body.id });
    expect(await runExportWorker()).toEqual({ batchItemFailures: [] });
    const ready = await request(erin, 'GET', '/me/export');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ id: first.body.id, status: 'ready', counts: { transactions: 3 } });
    expect([...blobs.objects.keys()].filter((key) => key.startsWith(`exports/${erin}/`))).toHaveLength(1);
    // a new POST writes a new export (the person may have changed something since)
    const next = await request(erin, 'POST', '/me/export');
    expect(next.body.id).not.toBe(first.body.id);
  });

  it('marks an export failed with a reason when its last delivery fails, and retries before that', async () => {
    const fred = randomUUID();
    await twoAccounts(fred);
    const queued = await request(fred, 'POST', '/me/export');
    const brokenStore = Object.assign(Object.create(blobs) as MemoryBlobStore, {
      writeStream: async () => {
        throw new Error('S3 is down');
      },
    });
    const failing = createExportHandler({ db: database.db, blobs: brokenStore, logger, maxReceiveCount: 3 });
    const message = { version: 1 as const, userId: fred, exportId: queued.body.id };
    exportQueue.sent.splice(0, exportQueue.sent.length, message);
    // a batch of one that fails whole is thrown: the queue redelivers it
    await expect(runExportWorker(failing, 1)).rejects.toThrow(/All records failed/);
    expect((await request(fred, 'GET', queued.body.statusUrl)).body.status).toBe('running');
    exportQueue.sent.push(message);
    await expect(runExportWorker(failing, 3)).rejects.toThrow(/All records failed/);
    const failed = await request(fred, 'GET', queued.body.statusUrl);
    expect(failed.body).toMatchObject({ status: 'failed', reason: expect.stringContaining('ask for a new one') });
    expect(failed.body.url).toBeUndefined();
    // a failed export does not block the next one
    expect((await request(fred, 'POST', '/me/export')).body.id).not.toBe(queued.body.id);
  });

  it('leaves no export file behind when the person erases themselves while it is being written', async () => {
    const gina = randomUUID();
    await twoAccounts(gina);
    exportQueue.sent.splice(0); // only gina's export
    await request(gina, 'POST', '/me/export');
    const erasingWhileWriting = Object.assign(Object.create(blobs) as MemoryBlobStore, {
      writeStream: async (key: string, chunks: AsyncIterable<Uint8Array>) => {
        const written = await blobs.writeStream(key, chunks);
        expect((await request(gina, 'DELETE', '/me')).body).toMatchObject({ erased: true, files: 1 });
        return written;
      },
    });
    await runExportWorker(createExportHandler({ db: database.db, blobs: erasingWhileWriting, logger }));
    expect([...blobs.objects.keys()].filter((key) => key.includes(gina))).toEqual([]);
  });
});
