import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { apiRoutes } from '../../lambdas/app/api/routes';
import type { CategoriseMessage, ForecastMessage } from '../../lambdas/core/messages';
import { sniffKind } from '../../lambdas/core/statement/open-statement';
import { MemoryBlobStore, RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('POST /sms', () => {
  let database: TestDatabase;
  let call: ReturnType<typeof createRouter>;
  const categorise = new RecordingQueue<CategoriseMessage>();
  const forecast = new RecordingQueue<ForecastMessage>();

  beforeAll(async () => {
    database = await createTestDatabase();
    call = createRouter(apiRoutes, {
      db: database.db,
      blobs: new MemoryBlobStore(),
      categoriseQueue: categorise,
      forecastQueue: forecast,
      languageModel: null,
      logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
      limits: { maxUploadBytes: 1000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    });
  });
  afterAll(async () => database.close());

  const post = async (userId: string, messages: string[]) => {
    const response = await call({
      rawPath: '/sms',
      body: JSON.stringify({ messages, receivedOn: '2026-02-21' }),
      requestContext: { http: { method: 'POST', path: '/sms' }, authorizer: { jwt: { claims: { sub: userId } } } },
    } as unknown as ApiEvent);
    return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') };
  };

  it('imports real bank alerts into the account their last four digits name, rejects what is not a transaction, and adds nothing twice', async () => {
    const userId = randomUUID();
    const messages = [
      'Ac XX1234 Debited with Rs.5000.00, 20-02-2026 07:47:16. Aval Bal Rs.27000.00 CR. Helpline 18001800/18002021-PNB',
      'Your OTP for login is 482913. Do not share it with anyone.',
    ];
    const first = await post(userId, messages);
    expect(first).toEqual({
      status: 200,
      body: { imported: 1, duplicates: 0, rejected: [{ index: 1, reason: expect.any(String) }] },
    });
    expect((await post(userId, messages)).body).toMatchObject({ imported: 0, duplicates: 1 });

    const rows = await withUser(database.db, userId, (trx) => listTransactions(trx, { limit: 10 }));
    expect(rows.map((r) => [r.date, r.amount, r.currency.trim(), r.balance])).toEqual([
      ['2026-02-20', -500000, 'INR', 2700000],
    ]);
    expect(categorise.sent.at(-1)).toMatchObject({ userId, transactionIds: [rows[0].id] });
  });
});

describe('telling a file of SMS alerts from a CSV statement', () => {
  it('reads a bank CSV exported as .txt as CSV, and a text file of alerts as SMS', () => {
    const hdfc = readFileSync(join(__dirname, '../fixtures/bank-csv/in-hdfc-1.txt'));
    expect(sniffKind(hdfc, 'in-hdfc-1.txt')).toBe('csv');
    const alerts = Buffer.from(
      'Ac XX1234 Debited with Rs.5000.00, 20-02-2026 07:47:16. Aval Bal Rs.27000.00 CR.\nINR 250.00 spent on card ending 4421 at SWIGGY on 21-02-2026.\n',
    );
    expect(sniffKind(alerts, 'alerts.txt')).toBe('sms');
  });
});
