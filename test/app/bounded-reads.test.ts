import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { createAccount } from '../../lambdas/adapters/postgres/repositories/accounts';
import {
  DATA_API_RESPONSE_LIMIT_BYTES,
  dataApiResponseBytes,
} from '../../lambdas/adapters/postgres/data-api-response-limit';
import { insertTransactions, listTransactions } from '../../lambdas/adapters/postgres/repositories/transactions';
import { listRules } from '../../lambdas/adapters/postgres/repositories/categorisation';
import { limitQuery } from '../../lambdas/app/api/pagination';
import { createCategoriserHandler } from '../../lambdas/app/categoriser';
import { loadMerchantKnowledge } from '../../lambdas/app/merchant-knowledge-files';
import { tieredCategorisation } from '../../lambdas/app/tiered-categorisation';
import { merchantKey } from '../../lambdas/core/categorise/merchant-key';
import { ensureUser } from '../../lambdas/adapters/postgres/repositories/users';
import { linkTransfers } from '../../lambdas/adapters/postgres/repositories/transfers';
import { readInsightHistory } from '../../lambdas/adapters/postgres/repositories/insights';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { uuidV7 } from '../../lambdas/core/import/uuid-v7';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Reads over a busy person's history, on the test database that refuses any answer the RDS Data
 * API would refuse (over 1 MiB): each must aggregate in SQL or read in keyset pages.
 */
describe('reads that stay under the Data API’s 1 MiB on a busy history', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  /** A year of card spending on a current account: 7,000 rows, about 1.2 MB as one Data API answer. */
  const busyYear = (accountId: string) =>
    Array.from({ length: 7000 }, (_, i) => ({
      id: uuidV7(),
      accountId,
      uploadId: null,
      date: `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      amount: -(500 + i),
      currency: 'GBP',
      description: `CARD PAYMENT TO CORNER SHOP LONDON ${i}`,
      balance: null,
      fingerprint: `busy:${i}`,
    }));

  it('links a card payment among a year of 7,000 other transactions (the transfer search reads its candidates in pages)', async () => {
    const userId = randomUUID();
    const { current, card } = await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const current = await createAccount(trx, userId, { name: 'Current', kind: 'current', currency: 'GBP' });
      const card = await createAccount(trx, userId, { name: 'Card', kind: 'credit_card', currency: 'GBP' });
      await insertTransactions(trx, userId, busyYear(current.id), { arrays: true });
      await insertTransactions(trx, userId, [
        {
          id: uuidV7(),
          accountId: current.id,
          uploadId: null,
          date: '2024-06-05',
          amount: -42050,
          currency: 'GBP',
          description: 'CREDIT CARD PAYMENT BARCLAYCARD',
          balance: null,
          fingerprint: 'pay:out',
        },
        {
          id: uuidV7(),
          accountId: card.id,
          uploadId: null,
          date: '2024-06-07',
          amount: 42050,
          currency: 'GBP',
          description: 'PAYMENT THANK YOU',
          balance: null,
          fingerprint: 'pay:in',
        },
      ]);
      return { current, card };
    });

    const result = await withUser(database.db, userId, (trx) =>
      linkTransfers(trx, { from: '2024-01-01', to: '2024-12-31' }),
    );
    expect(result.skipped).toBeUndefined();
    expect(result.linked).toBe(1);
    const linked = await withUser(database.db, userId, (trx) =>
      trx
        .selectFrom('transactions')
        .select(['account_id', 'amount', 'category'])
        .where('transfer_id', 'is not', null)
        .orderBy('amount')
        .execute(),
    );
    expect(linked).toEqual([
      { account_id: current.id, amount: -42050, category: 'Transfers' },
      { account_id: card.id, amount: 42050, category: 'Transfers' },
    ]);
  });

  it('reads a busy history for the insights in pages: every live row since the date once, oldest first, a day’s rows split across pages', async () => {
    const userId = randomUUID();
    await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const current = await createAccount(trx, userId, { name: 'Current', kind: 'current', currency: 'GBP' });
      // ~21 rows a day: the 2,000-row pages end inside a day, so the next page must start at the right id.
      await insertTransactions(trx, userId, busyYear(current.id), { arrays: true });
      await sql`update transactions set deleted_at = now() where fingerprint = 'busy:2402'`.execute(trx);
    });

    const history = await withUser(database.db, userId, (trx) => readInsightHistory(trx, '2024-03-01'));

    const expected = await withUser(database.db, userId, (trx) =>
      trx
        .selectFrom('transactions')
        .select(['id', 'date'])
        .where('deleted_at', 'is', null)
        .where('date', '>=', '2024-03-01')
        .orderBy('date')
        .orderBy('id')
        .execute(),
    );
    // Ten months of the twelve, less the deleted row: more than two pages.
    expect(expected.length).toBeGreaterThan(5000);
    expect(history.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    expect(history.every((row) => row.date >= '2024-03-01')).toBe(true);
  });

  it('answers the largest page GET /transactions gives (500 rows) with room to spare under 1 MiB', async () => {
    const userId = randomUUID();
    await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const current = await createAccount(trx, userId, { name: 'Current', kind: 'current', currency: 'GBP' });
      await insertTransactions(trx, userId, busyYear(current.id), { arrays: true });
    });
    const largest = 500;
    expect(limitQuery.safeParse(largest + 1).success).toBe(false);
    const page = await withUser(database.db, userId, (trx) => listTransactions(trx, { limit: largest }));
    expect(page).toHaveLength(500);
    // A page of every column must stay well under the limit, or a wider row (splits, notes) would tip it over.
    expect(dataApiResponseBytes(page)).toBeLessThan(DATA_API_RESPONSE_LIMIT_BYTES / 2);
  });

  it('reads 4,000 learned rules in pages, in the order they apply, and the categoriser still answers by them', async () => {
    const userId = randomUUID();
    const tesco = merchantKey('TESCO STORES 3217');
    const [id] = await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      // One learned rule per corrected merchant, as years of corrections leave them: ~1.35 MB in one answer.
      await sql`insert into rules (user_id, priority, match_kind, pattern, category, source, created_from_correction, created_at)
        select ${userId}::uuid, 50 + g % 3, 'merchant', 'merchant number ' || g, 'Shopping', 'learned', gen_random_uuid(), now() - g * interval '1 microsecond'
        from generate_series(1, 4000) g`.execute(trx);
      await sql`insert into rules (user_id, priority, match_kind, pattern, category, source)
        values (${userId}::uuid, 60, 'merchant', ${tesco}, 'Gifts', 'learned')`.execute(trx);
      const account = await createAccount(trx, userId, { name: 'Current', kind: 'current', currency: 'GBP' });
      return insertTransactions(trx, userId, [
        {
          id: uuidV7(),
          accountId: account.id,
          uploadId: null,
          date: '2024-05-01',
          amount: -4210,
          currency: 'GBP',
          description: 'TESCO STORES 3217',
          balance: null,
          fingerprint: 'tesco',
        },
      ]);
    });

    const rules = await withUser(database.db, userId, listRules);
    expect(rules).toHaveLength(4001);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(4001);
    const order = await withUser(database.db, userId, async (trx) =>
      (
        await sql<{ id: string }>`select id from rules
      order by priority, created_at, id`.execute(trx)
      ).rows.map((row) => row.id),
    );
    expect(rules.map((rule) => rule.id)).toEqual(order);

    const handle = createCategoriserHandler({
      db: database.db,
      logger: new Logger({ serviceName: 'test', logLevel: 'CRITICAL' }),
      categorisation: tieredCategorisation({ knowledge: loadMerchantKnowledge(), languageModel: null }),
    });
    const body = JSON.stringify({ version: 1, userId, uploadId: null, transactionIds: [id] });
    expect(await handle({ Records: [{ messageId: 'm1', body }] } as SQSEvent)).toEqual({ batchItemFailures: [] });
    const [row] = await withUser(database.db, userId, (trx) =>
      trx.selectFrom('transactions').select(['category', 'category_source']).execute(),
    );
    expect(row).toEqual({ category: 'Gifts', category_source: 'rule' });
  });
});
