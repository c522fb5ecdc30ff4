import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { listTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { linkTransfersAfterImport } from '../../lambdas/app/link-transfers-after-import';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { apiRouter, importDependencies } from '../support/app-harness';
import { MemoryBlobStore } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A current account paying a credit card, in the shapes real exports have. */
const CURRENT = [
  'Date,Description,Amount,Balance',
  '2024-03-01,SALARY ACME LTD,3000.00,3500.00',
  '2024-03-05,CREDIT CARD PAYMENT BARCLAYCARD,-420.50,3079.50',
  '2024-03-09,TESCO STORES 3217,-60.00,3019.50',
].join('\n');
const CARD = [
  'Transaction Date,Posted Date,Description,Debit,Credit',
  '2024-02-20,2024-02-21,AMAZON MKTPLACE PMTS,400.50,',
  '2024-02-25,2024-02-26,NETFLIX.COM,20.00,',
  '2024-03-07,2024-03-07,PAYMENT THANK YOU,,420.50',
  '2024-03-10,2024-03-11,SHELL 0456,55.00,',
].join('\n');

describe("transfers between a person's own accounts", () => {
  let database: TestDatabase;
  let deps: ImportDependencies;
  let blobs: MemoryBlobStore;
  let call: ReturnType<typeof createRouter>;
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

  beforeAll(async () => {
    database = await createTestDatabase();
    blobs = new MemoryBlobStore();
    deps = importDependencies(database, blobs);
    call = apiRouter(database, blobs, { logger });
  });
  afterAll(async () => database.close());

  const request = async (
    userId: string,
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ) => {
    const response = await call({
      rawPath: path,
      queryStringParameters: query,
      body: body === undefined ? undefined : JSON.stringify(body),
      requestContext: { http: { method, path }, authorizer: { jwt: { claims: { sub: userId } } } },
    } as unknown as ApiEvent);
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  };
  const importInto = async (userId: string, accountId: string, filename: string, content: string) => {
    const uploadId = randomUUID();
    const objectKey = uploadObjectKey(userId, uploadId, filename);
    blobs.put(objectKey, content);
    const result = await importStatement(deps, { userId, uploadId, objectKey, filename, accountHint: accountId });
    await linkTransfersAfterImport(database.db, logger)(userId, uploadId);
    return result;
  };

  it('links the card payment on both sides, files it under Transfers, and net worth moves by the purchases only', async () => {
    const userId = randomUUID();
    const current = (
      await request(userId, 'POST', '/accounts', {
        name: 'Current',
        kind: 'current',
        currency: 'GBP',
        openingBalance: 50000,
      })
    ).body;
    const card = (await request(userId, 'POST', '/accounts', { name: 'Card', kind: 'credit_card', currency: 'GBP' }))
      .body;

    await importInto(userId, current.id, 'current.csv', CURRENT);
    await importInto(userId, card.id, 'card.csv', CARD);

    const rows = await withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 50 }));
    const payment = rows.filter((r) => Math.abs(r.amount) === 42050);
    expect(payment).toHaveLength(2);
    expect(payment[0].transfer_id).not.toBeNull();
    expect(payment[0].transfer_id).toBe(payment[1].transfer_id);
    expect(payment.map((r) => r.category)).toEqual(['Transfers', 'Transfers']);
    expect(rows.filter((r) => r.transfer_id !== null)).toHaveLength(2);
    // Spending leaves transfers out: each purchase counts once, the card payment not at all.
    const spentByMonth: Record<string, number> = {};
    for (const r of rows.filter((row) => row.amount < 0 && row.transfer_id === null))
      spentByMonth[r.date.slice(0, 7)] = (spentByMonth[r.date.slice(0, 7)] ?? 0) - r.amount;
    expect(spentByMonth).toEqual({ '2024-02': 40050 + 2000, '2024-03': 6000 + 5500 });

    const worth = await request(userId, 'GET', '/networth', undefined, { from: '2024-02', to: '2024-03' });
    const gbp = worth.body.items.find((s: { currency: string }) => s.currency === 'GBP');
    // February: card purchases 420.50 owed; March: +3000 salary -60 groceries -55 fuel.
    expect(gbp.months).toEqual([
      { month: '2024-02', assets: 50000, liabilities: 42050, net: 7950 },
      {
        month: '2024-03',
        assets: 50000 + 300000 - 42050 - 6000,
        liabilities: 5500,
        net: 50000 + 300000 - 42050 - 6000 - 5500,
      },
    ]);
  });

  it('keeps a transfer a person unlinked by hand unlinked when the statements are imported again', async () => {
    const userId = randomUUID();
    const current = (await request(userId, 'POST', '/accounts', { name: 'Current', currency: 'GBP' })).body;
    const card = (await request(userId, 'POST', '/accounts', { name: 'Card', kind: 'credit_card', currency: 'GBP' }))
      .body;
    await importInto(userId, current.id, 'current.csv', CURRENT);
    await importInto(userId, card.id, 'card.csv', CARD);
    const linked = (await withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 50 }))).find(
      (r) => r.transfer_id !== null,
    );
    expect(linked).toBeDefined();

    expect((await request(userId, 'PATCH', `/transactions/${linked?.id}`, { transferId: null })).status).toBe(200);
    await importInto(userId, current.id, 'current-again.csv', CURRENT);
    await importInto(userId, card.id, 'card-again.csv', CARD);

    const rows = await withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 50 }));
    expect(rows.filter((r) => r.transfer_id !== null)).toHaveLength(0);
  });
});
