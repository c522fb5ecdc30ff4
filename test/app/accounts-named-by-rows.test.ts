import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { preparingOnWorker } from '../../lambdas/adapters/local/statement-worker';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { linkTransfersAfterImport } from '../../lambdas/app/link-transfers-after-import';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { apiClient } from '../support/api-client';
import { apiRouter, importDependencies } from '../support/app-harness';
import { MemoryBlobStore } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Mint's "export all transactions": a checking account, two cards and an Amazon card in one file (29 rows). */
const MINT = readFileSync(join(__dirname, '../fixtures/layouts/us-mint-export.csv'));

/** A bank's own export repeating its one account's number on every row (as de-gls, at-ingdiba, nl-knab do). */
const ONE_ACCOUNT = [
  'Buchungstag;Kontonummer;Verwendungszweck;Betrag;Waehrung',
  '01.03.2024;DE89370400440532013000;GEHALT ACME GMBH;2500,00;EUR',
  '04.03.2024;DE89370400440532013000;REWE SAGT DANKE;-54,20;EUR',
  '09.03.2024;DE89370400440532013000;STADTWERKE STROM;-80,00;EUR',
].join('\n');

describe('an export whose rows each name their account', () => {
  let database: TestDatabase;
  let blobs: MemoryBlobStore;
  let deps: ImportDependencies;
  let request: ReturnType<typeof apiClient>;
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });

  beforeAll(async () => {
    database = await createTestDatabase();
    blobs = new MemoryBlobStore();
    deps = importDependencies(database, blobs);
    request = apiClient(
      apiRouter(database, blobs, {
        logger,
        limits: { maxUploadBytes: 1_000_000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
      }),
    );
  });
  afterAll(async () => database.close());

  const importFile = async (
    userId: string,
    content: Uint8Array | string,
    filename: string,
    accountHint?: string,
    on: 'this thread' | 'a worker' = 'this thread',
  ) => {
    const uploadId = randomUUID();
    const objectKey = uploadObjectKey(userId, uploadId, filename);
    blobs.put(objectKey, content);
    const prepareOn = on === 'a worker' ? { prepareStatement: preparingOnWorker() } : {};
    const result = await importStatement(
      { ...deps, ...prepareOn },
      { userId, uploadId, objectKey, filename, accountHint },
    );
    await linkTransfersAfterImport(database.db, logger)(userId, uploadId);
    return { result, upload: (await request(userId, 'GET', `/uploads/${uploadId}`)).body };
  };
  const accountsOf = async (userId: string) => {
    const { items } = (await request(userId, 'GET', '/accounts')).body as {
      items: { id: string; name: string; balance: number; currency: string }[];
    };
    const rows = await withUser(database.db, userId, (trx) =>
      trx.selectFrom('transactions').select(['account_id']).where('deleted_at', 'is', null).execute(),
    );
    return items
      .map((account) => ({
        name: account.name,
        currency: account.currency,
        balance: account.balance,
        rows: rows.filter((row) => row.account_id === account.id).length,
      }))
      .filter((account) => account.rows > 0)
      .sort((a, b) => a.name.localeCompare(b.name));
  };

  it.each(['this thread', 'a worker'] as const)(
    "fills the four accounts Mint's file names, links the card payments as transfers, and a re-import adds nothing (read on %s)",
    async (on) => {
      const userId = randomUUID();
      const { result, upload } = await importFile(userId, MINT, 'transactions.csv', undefined, on);
      expect(result).toMatchObject({ outcome: 'imported', counts: { rowsRead: 29, imported: 29, duplicates: 0 } });
      expect(await accountsOf(userId)).toEqual([
        { name: 'Amazon', currency: 'USD', balance: -11993, rows: 4 },
        { name: 'Blue Business Cash(TM)', currency: 'USD', balance: -27025, rows: 4 },
        { name: 'Check ONE', currency: 'USD', balance: -719303, rows: 4 },
        { name: 'Platinum Card®', currency: 'USD', balance: 229406, rows: 17 },
      ]);
      expect(upload.accountReason).toMatch(
        /^the file names each row's account: 4 accounts \(Check ONE, Platinum Card®, /,
      );
      expect(upload.format.columns).toContainEqual({ index: 6, role: 'account', header: 'Account Name' });

      // Checking pays the cards: "American Express" -144.22 on 26 Feb is the card's "AUTOPAY PAYMENT" +144.22 on
      // 24 Feb, and -2,697.45 on 21 Feb its "ONLINE PAYMENT" the day before.
      const transfers = await withUser(database.db, userId, (trx) =>
        trx
          .selectFrom('transactions')
          .innerJoin('accounts', 'accounts.id', 'transactions.account_id')
          .select(['transactions.transfer_id', 'transactions.amount', 'accounts.name'])
          .where('transactions.transfer_status', '=', 'linked')
          .execute(),
      );
      const pairs = new Map<string, string[]>();
      for (const side of transfers)
        pairs.set(side.transfer_id!, [...(pairs.get(side.transfer_id!) ?? []), `${side.name} ${side.amount}`].sort());
      expect([...pairs.values()]).toEqual(
        expect.arrayContaining([
          ['Blue Business Cash(TM) 14422', 'Check ONE -14422'],
          ['Check ONE -269745', 'Platinum Card® 269745'],
        ]),
      );

      const again = await importFile(userId, MINT, 'transactions (1).csv', undefined, on);
      expect(again.result).toMatchObject({
        outcome: 'imported',
        counts: { rowsRead: 29, imported: 0, duplicates: 29 },
      });
      expect((await accountsOf(userId)).map((account) => account.rows)).toEqual([4, 4, 4, 17]);
    },
  );

  it('keeps every row in the account the person chose for the upload, and says the file named others', async () => {
    const userId = randomUUID();
    const chosen = (await request(userId, 'POST', '/accounts', { name: 'Everything', currency: 'USD' })).body;
    const { upload } = await importFile(userId, MINT, 'transactions.csv', chosen.id);
    expect(await accountsOf(userId)).toEqual([{ name: 'Everything', currency: 'USD', balance: -528915, rows: 29 }]);
    expect(upload.accountReason).toBe('the account chosen for this upload ("Everything")');
    expect(upload.warnings.map((w: { message: string }) => w.message)).toContainEqual(
      expect.stringContaining("the file names each row's account; the account chosen for this upload holds every row"),
    );
  });

  it("puts a bank export repeating its one account's number in one account", async () => {
    const userId = randomUUID();
    const { upload } = await importFile(userId, ONE_ACCOUNT, 'umsaetze.csv');
    expect(await accountsOf(userId)).toEqual([expect.objectContaining({ currency: 'EUR', balance: 236580, rows: 3 })]);
    expect(upload.accountReason).not.toMatch(/names each row's account/);
    expect(upload.format.columns.map((column: { role: string }) => column.role)).not.toContain('account');
  });
});
