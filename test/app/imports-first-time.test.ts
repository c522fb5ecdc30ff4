import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fromJson } from '../../lambdas/adapters/postgres/schema';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createRouter, type ApiEvent } from '../../lambdas/app/api/router';
import { importStatement, type ImportDependencies } from '../../lambdas/core/import/import-statement';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { apiClient } from '../support/api-client';
import { apiRouter, importDependencies } from '../support/app-harness';
import { MemoryBlobStore } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

interface ExpectedFile {
  file: string;
  country: string;
  encoding: string;
  rows: { date: string; amount: number; currency: string }[];
}

const FIXTURES = join(__dirname, '../fixtures/bank-csv');

/** Rows in a stable order (ids made in one millisecond do not keep the file's order). */
const sorted = <T extends { date: string; amount: number; currency: string }>(rows: T[]) =>
  rows
    .map(({ date, amount, currency }) => ({ date, amount, currency: currency.trim() }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.amount - b.amount || a.currency.localeCompare(b.currency));
const expected: ExpectedFile[] = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

describe('imports that are right the first time', () => {
  let database: TestDatabase;
  let blobs: MemoryBlobStore;
  let deps: ImportDependencies;
  let call: ReturnType<typeof createRouter>;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobs = new MemoryBlobStore();
    deps = importDependencies(database, blobs, { maxBytes: 5 * 1024 * 1024, maxRows: 100_000 });
    call = apiRouter(database, blobs, {
      limits: { maxUploadBytes: 100_000, maxUploadRows: 1000, uploadUrlExpirySeconds: 60 },
    });
  });
  afterAll(async () => database.close());

  const request = (userId: string, method: string, path: string, body?: unknown) =>
    apiClient(call)(userId, method, path, body);

  /** Imports a fixture as the person would drop it: under a name that says nothing of its bank. */
  const importFixture = async (userId: string, file: string, filename = `statement${extname(file)}`) => {
    const uploadId = randomUUID();
    const objectKey = uploadObjectKey(userId, uploadId, filename);
    blobs.put(objectKey, readFileSync(join(FIXTURES, file)));
    const result = await importStatement(deps, { userId, uploadId, objectKey, filename });
    return { result, uploadId };
  };
  const uploadOf = async (userId: string, uploadId: string) =>
    (await request(userId, 'GET', `/uploads/${uploadId}`)).body;
  const rowsOf = (userId: string, uploadId: string) =>
    withUser(database.db, userId, (trx) =>
      trx
        .selectFrom('transactions')
        .select(['date', 'amount', 'currency', 'account_id'])
        .where('upload_id', '=', uploadId)
        .orderBy('id')
        .execute(),
    );

  it.each(expected.map((file) => [file.file, file] as const))(
    '%s, imported by a person who said only their country, has the expected currency, dates and amounts',
    async (_name, file) => {
      const userId = randomUUID();
      expect((await request(userId, 'PATCH', '/me', { country: file.country })).body).toMatchObject({
        country: file.country,
        conventionsSource: 'said',
      });
      const { result, uploadId } = await importFixture(userId, file.file);
      expect(result.outcome).toBe('imported');
      const rows = await rowsOf(userId, uploadId);
      expect(sorted(rows)).toEqual(sorted(file.rows));
      const upload = await uploadOf(userId, uploadId);
      expect(upload.format).toMatchObject({ currencySource: expect.any(String), dateOrderSource: expect.any(String) });
      // No account holds two currencies: one account per currency the file holds.
      const accountsByCurrency = new Map(rows.map((row) => [row.currency, row.account_id]));
      expect(new Set(rows.map((row) => row.account_id)).size).toBe(accountsByCurrency.size);
    },
  );

  it.each(expected.map((file) => [file.file, file] as const))(
    '%s, imported by a person who said nothing, warns of every currency or date order it had to guess',
    async (_name, file) => {
      const userId = randomUUID();
      const { uploadId } = await importFixture(userId, file.file);
      const rows = await rowsOf(userId, uploadId);
      const upload = await uploadOf(userId, uploadId);
      const warnings: string[] = upload.warnings.map((w: { message: string }) => w.message);
      const { currencySource, dateOrderSource } = upload.format;
      expect(['mapping', 'file', 'account', 'bank', 'language', 'numberFormat', 'person', 'guess']).toContain(
        currencySource,
      );
      expect(['mapping', 'file', 'account', 'bank', 'language', 'numberFormat', 'person', 'guess']).toContain(
        dateOrderSource,
      );
      const currencies = [...new Set(rows.map((row) => row.currency.trim()))];
      if (currencySource !== 'file') {
        expect(warnings).toContainEqual(expect.stringContaining(`the currency ${upload.format.currency} was guessed`));
      }
      // A wrong currency or a wrong date never arrives without a warning naming the guess.
      if (currencies.join() !== [...new Set(file.rows.map((row) => row.currency))].join())
        expect(currencySource).not.toBe('file');
      const expectedDates = file.rows.map((row) => row.date).sort();
      if (
        rows
          .map((row) => row.date)
          .sort()
          .some((date, i) => date !== expectedDates[i])
      ) {
        expect(warnings).toContainEqual(
          expect.stringContaining('no date in the file has a day above 12, so its dates were read'),
        );
      }
    },
  );

  it('keeps two banks called ING apart, and says which account an upload went to and why', async () => {
    const userId = randomUUID();
    const german = await importFixture(userId, 'de-ing-1.csv', 'ING-Umsaetze.csv');
    const austrian = await importFixture(userId, 'at-ingdiba-1.csv', 'ING-DiBa-Umsaetze.csv');
    const first = await uploadOf(userId, german.uploadId);
    const second = await uploadOf(userId, austrian.uploadId);
    expect(second.accountId).not.toBe(first.accountId);
    expect(second.accountReason).toMatch(/another bank/);
    // The same German statement again goes where the first went, and adds nothing.
    const again = await importFixture(userId, 'de-ing-1.csv', 'ING-Umsaetze.csv');
    expect((await uploadOf(userId, again.uploadId)).accountId).toBe(first.accountId);
    expect(again.result).toMatchObject({ counts: { imported: 0 } });
  });

  it("learns a silent person's country and currency from their first statement and still warns when it relies on them", async () => {
    const userId = randomUUID();
    await importFixture(userId, 'in-paytm-1.csv', 'Paytm_Statement.csv');
    const me = (await request(userId, 'GET', '/me')).body;
    expect(me).toMatchObject({ country: 'IN', currency: 'INR', conventionsSource: 'learned' });
    const { uploadId } = await importFixture(userId, 'in-hdfc-1.txt');
    const upload = await uploadOf(userId, uploadId);
    expect(upload.format).toMatchObject({
      currency: 'INR',
      currencySource: 'person',
      dateOrder: 'DMY',
      dateOrderSource: 'person',
    });
    expect(upload.warnings.map((w: { message: string }) => w.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the currency INR was guessed (your earlier statements were in it)'),
        expect.stringContaining('no date in the file has a day above 12'),
      ]),
    );
  });

  it('takes the country from a Cognito locale claim on first use, and never over what the person said', async () => {
    const asCognito = async (userId: string, method: string, body?: unknown) => {
      const response = await call({
        rawPath: '/me',
        body: body === undefined ? undefined : JSON.stringify(body),
        requestContext: {
          http: { method, path: '/me' },
          authorizer: { jwt: { claims: { sub: userId, locale: 'en-IN' } } },
        },
      } as unknown as ApiEvent);
      return JSON.parse(String(response.body));
    };
    const fresh = randomUUID();
    expect(await asCognito(fresh, 'GET')).toMatchObject({
      country: 'IN',
      currency: 'INR',
      locale: 'en-IN',
      conventionsSource: 'cognito',
    });
    const said = randomUUID();
    await asCognito(said, 'PATCH', { country: 'GB' });
    expect(await asCognito(said, 'GET')).toMatchObject({ country: 'GB', conventionsSource: 'said' });
  });

  it('answers 400 naming the field for a country, currency or locale that is not one, and changes nothing', async () => {
    const userId = randomUUID();
    await request(userId, 'PATCH', '/me', { country: 'ch', locale: 'de-CH' });
    for (const [body, path] of [
      [{ country: 'XX' }, 'country'],
      [{ currency: 'EURO' }, 'currency'],
      [{ locale: 'not a locale!' }, 'locale'],
    ] as const) {
      const answer = await request(userId, 'PATCH', '/me', body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path })]);
    }
    expect((await request(userId, 'GET', '/me')).body).toMatchObject({
      country: 'CH',
      currency: 'CHF',
      locale: 'de-CH',
      conventionsSource: 'said',
    });
  });

  it("re-labels an account's currency with its transactions, refuses while it holds another currency, and never answers 200 for nothing", async () => {
    const userId = randomUUID();
    const { uploadId } = await importFixture(userId, 'in-hdfc-1.txt');
    const upload = await uploadOf(userId, uploadId);
    expect(upload.format.currency).toBe('USD');
    const bad = await request(userId, 'PATCH', `/accounts/${upload.accountId}`, { currency: 'RUPEES' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'currency' })]);
    const fixed = await request(userId, 'PATCH', `/accounts/${upload.accountId}`, { currency: 'INR' });
    expect(fixed).toMatchObject({ status: 200, body: { currency: 'INR' } });
    expect(new Set((await rowsOf(userId, uploadId)).map((row) => row.currency))).toEqual(new Set(['INR']));

    // An account that holds two currencies (made before accounts held one) cannot be re-labelled.
    const mixed = (await request(userId, 'POST', '/accounts', { name: 'Old mixed', currency: 'USD' })).body;
    await request(userId, 'POST', '/transactions', {
      accountId: mixed.id,
      date: '2024-01-02',
      amount: -100,
      description: 'A',
    });
    await withUser(database.db, userId, (trx) =>
      trx.updateTable('transactions').set({ currency: 'INR' }).where('account_id', '=', mixed.id).execute(),
    );
    await request(userId, 'POST', '/transactions', {
      accountId: mixed.id,
      date: '2024-01-03',
      amount: -200,
      description: 'B',
    });
    const refused = await request(userId, 'PATCH', `/accounts/${mixed.id}`, { currency: 'EUR', name: 'Renamed' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/USD and INR/);
    expect((await request(userId, 'GET', `/accounts/${mixed.id}`)).body).toMatchObject({
      currency: 'USD',
      name: 'Old mixed',
    });
    expect((await request(userId, 'PATCH', `/accounts/${mixed.id}`, { balance: 5 })).status).toBe(400);
  });

  it('sends rows of a currency the account does not hold to an account in that currency', async () => {
    const userId = randomUUID();
    const { uploadId } = await importFixture(userId, 'hk-hsbc-1.csv');
    const rows = await rowsOf(userId, uploadId);
    const accounts = (await request(userId, 'GET', '/accounts')).body.items as { id: string; currency: string }[];
    for (const row of rows) expect(accounts.find((a) => a.id === row.account_id)?.currency).toBe(row.currency.trim());
    expect(new Set(rows.map((row) => row.currency.trim()))).toEqual(new Set(['HKD', 'CNY']));
    const sms = await request(userId, 'POST', '/sms', {
      messages: ['Rs.4,900.00 debited from A/c XX1234 on 02-01-24 at AMAZON. Avl bal Rs.10,000.00'],
    });
    expect(sms.body.imported).toBe(1);
    const inr = (await request(userId, 'GET', '/accounts')).body.items.filter(
      (a: { currency: string }) => a.currency === 'INR',
    );
    expect(inr).toHaveLength(1);
  });

  it("moves an upload's rows to another account, re-fingerprinted there, and refuses a move that would lose or mix anything", async () => {
    const userId = randomUUID();
    const { uploadId } = await importFixture(userId, 'us-schwab-1.csv');
    const before = await rowsOf(userId, uploadId);
    const target = (await request(userId, 'POST', '/accounts', { name: 'Schwab checking', currency: 'USD' })).body;
    const euro = (await request(userId, 'POST', '/accounts', { name: 'Euro', currency: 'EUR' })).body;
    const mixing = await request(userId, 'PATCH', `/uploads/${uploadId}`, { accountId: euro.id });
    expect(mixing.status).toBe(409);
    const moved = await request(userId, 'PATCH', `/uploads/${uploadId}`, { accountId: target.id });
    expect(moved).toMatchObject({
      status: 200,
      body: { accountId: target.id, accountReason: expect.stringMatching(/moved here by you/) },
    });
    const after = await rowsOf(userId, uploadId);
    expect(sorted(after)).toEqual(sorted(before));
    expect(new Set(after.map((row) => row.account_id))).toEqual(new Set([target.id]));
    // Re-fingerprinted: the same statement imported into that account again adds nothing.
    const again = await importStatement(
      deps,
      (() => {
        const id = randomUUID();
        const objectKey = uploadObjectKey(userId, id, 'statement.csv');
        blobs.put(objectKey, readFileSync(join(FIXTURES, 'us-schwab-1.csv')));
        return { userId, uploadId: id, objectKey, filename: 'statement.csv', accountHint: target.id };
      })(),
    );
    expect(again).toMatchObject({ counts: { imported: 0, duplicates: before.length } });
    expect((await request(randomUUID(), 'PATCH', `/uploads/${uploadId}`, { accountId: target.id })).status).toBe(404);
    expect((await request(userId, 'PATCH', `/uploads/${uploadId}`, { accountId: 'nope' })).status).toBe(400);
  });

  const nonUtf8 = expected.filter((file) => !file.encoding.startsWith('utf-8'));
  it.each(nonUtf8.map((file) => [file.file, file] as const))(
    'previews %s from its raw bytes exactly as the import reads it',
    async (_name, file) => {
      const userId = randomUUID();
      await request(userId, 'PATCH', '/me', { country: file.country });
      const bytes = readFileSync(join(FIXTURES, file.file));
      const response = await call({
        rawPath: '/uploads/preview',
        rawQueryString: 'filename=statement.csv',
        body: bytes.toString('base64'),
        isBase64Encoded: true,
        requestContext: {
          http: { method: 'POST', path: '/uploads/preview' },
          authorizer: { jwt: { claims: { sub: userId } } },
        },
      } as unknown as ApiEvent);
      const preview = JSON.parse(String(response.body));
      expect(response.statusCode).toBe(200);
      const { uploadId } = await importFixture(userId, file.file);
      const imported = await uploadOf(userId, uploadId);
      expect(preview.format.encoding).toBe(file.encoding);
      expect(preview.format.encoding).toBe(imported.format.encoding);
      expect(JSON.stringify(preview)).not.toContain('\uFFFD');
      expect(
        preview.rows.map(({ date, amount, currency }: { date: string; amount: number; currency: string }) => ({
          date,
          amount,
          currency,
        })),
      ).toEqual(file.rows.slice(0, preview.rows.length));
      expect(preview.format.headers).toEqual(imported.format.headers);
    },
  );

  it('stores where the currency and date order came from on the upload, in the format', async () => {
    const userId = randomUUID();
    const { uploadId } = await importFixture(userId, 'de-gls-1.csv');
    const stored = await withUser(database.db, userId, (trx) =>
      trx.selectFrom('uploads').select('format').where('id', '=', uploadId).executeTakeFirst(),
    );
    expect(fromJson(stored?.format ?? null)).toMatchObject({
      currency: 'EUR',
      currencySource: 'file',
      dateOrder: 'DMY',
    });
  });
});
