import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  aggregateSpan,
  categoryGroupOverrides,
  spendingAggregates,
  summaryTotals,
} from '../../../lambdas/adapters/postgres/repositories/aggregates';
import { withUser } from '../../../lambdas/adapters/postgres/user-scope';
import { categoryGrouper } from '../../../lambdas/core/summary/category-groups';
import { flowOf } from '../../../lambdas/core/summary/money-flows';
import { summarise, summariseSums, summaryWindow, type SummaryGrouping } from '../../../lambdas/core/summary/summarise';
import { seededRandom } from '../../support/seeded-random';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

const CATEGORIES = ['Groceries', 'Dining', 'Salary', 'Side gig', 'Housing', 'Transfers', 'Savings', null] as const;

/**
 * GET /summary adds up its periods in SQL (`summaryTotals`) instead of reading every month of
 * the window and adding them up in TypeScript (`summarise` over `spendingAggregates`): the
 * answers must be the same, edge cases included (a refund that cancels a month's spending, a
 * zero amount, transfers, splits, unlabelled rows, a person's own group for a category,
 * history that starts mid-window, two currencies).
 */
describe('the summary read in one statement', () => {
  let database: TestDatabase;
  const person = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    const random = seededRandom(215);
    await withUser(database.db, person, async (trx) => {
      await trx.insertInto('users').values({ id: person, email: null }).execute();
      await trx.insertInto('categories').values({ user_id: person, name: 'Side gig', group: 'income' }).execute();
      const accounts: { id: string; currency: string }[] = [];
      for (const [name, currency] of [
        ['Current', 'EUR'],
        ['Card', 'EUR'],
        ['Travel', 'USD'],
      ] as const) {
        const row = await trx
          .insertInto('accounts')
          .values({
            user_id: person,
            name,
            kind: 'current',
            currency,
            institution: null,
            last4: null,
            opening_date: null,
            stated_balance: null,
            stated_balance_date: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        accounts.push({ id: row.id, currency });
      }
      const rows = [];
      for (let i = 0; i < 1_500; i += 1) {
        // EUR from 2022-01, USD only from 2023-05: averages exist for one and not the other
        const account = random.pick(accounts);
        const firstMonth = account.currency === 'USD' ? 16 : 0;
        const index = firstMonth + random.int(30 - firstMonth);
        const month = `${2022 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
        const category = random.pick(CATEGORIES);
        const kind = random.next();
        const amount = kind < 0.03 ? 0 : (kind < 0.8 ? -1 : 1) * (1 + random.int(40_000));
        rows.push({
          user_id: person,
          account_id: account.id,
          date: `${month}-${String(1 + random.int(28)).padStart(2, '0')}`,
          amount,
          currency: account.currency,
          description: `row ${i}`,
          category,
          fingerprint: `fp-${i}`,
          transfer_id: category === 'Transfers' && random.next() < 0.7 ? randomUUID() : null,
          splits:
            category === null && random.next() < 0.2
              ? sql`${JSON.stringify([
                  { category: 'Groceries', amount: Math.round(amount / 2) },
                  { category: 'Dining', amount: amount - Math.round(amount / 2) },
                ])}::jsonb`
              : null,
        });
        // a refund that cancels the purchase in the same month and category
        if (i % 50 === 0 && amount < 0)
          rows.push({
            ...rows[rows.length - 1],
            amount: -amount,
            description: `refund ${i}`,
            fingerprint: `fp-r-${i}`,
          });
      }
      // a purchase returned in full the same month: it moved no money, so it shows no transactions
      for (const month of ['2022-02', '2023-06']) {
        for (const [day, amount] of [
          ['03', -12_000],
          ['20', 12_000],
        ] as const)
          rows.push({
            user_id: person,
            account_id: accounts[0].id,
            date: `${month}-${day}`,
            amount,
            currency: 'EUR',
            description: `returned ${month}-${day}`,
            category: 'Shopping',
            fingerprint: `fp-returned-${month}-${day}`,
            transfer_id: null,
            splits: null,
          });
      }
      // an unlabelled charge and its refund, before the USD history starts: both are shown
      for (const [day, amount] of [
        ['05', -5_000],
        ['09', 5_000],
      ] as const)
        rows.push({
          user_id: person,
          account_id: accounts[2].id,
          date: `2023-02-${day}`,
          amount,
          currency: 'USD',
          description: `unlabelled 2023-02-${day}`,
          category: null,
          fingerprint: `fp-unlabelled-${day}`,
          transfer_id: null,
          splits: null,
        });
      await trx
        .insertInto('transactions')
        .values(rows as never)
        .execute();
    });
  });
  afterAll(async () => database.close());

  const cases: [string, string, SummaryGrouping, string | undefined][] = [
    ['2023-06', '2023-06', 'category', undefined],
    ['2023-01', '2023-12', 'category', undefined],
    ['2022-03', '2022-05', 'group', undefined],
    ['2024-02', '2024-06', 'group', 'EUR'],
    ['2023-05', '2023-08', 'account', undefined],
    ['2022-01', '2024-06', 'category', 'USD'],
    ['2021-10', '2021-12', 'category', undefined],
    ['2023-02', '2023-02', 'category', 'USD'],
  ];

  it.each(cases)(
    'answers %s..%s by %s (%s) as adding up every month of the window did',
    async (from, to, groupBy, currency) => {
      const [fromSql, monthByMonth] = await withUser(database.db, person, async (trx) => {
        const totals = await summaryTotals(trx, from, to, { byAccount: groupBy === 'account', currency });
        const groupOf = categoryGrouper(totals.groupOverrides);
        const fromSums = summariseSums(
          totals.sums.map((s) => ({ ...s, key: groupBy === 'group' ? groupOf(s.category) : s.key })),
          from,
          to,
          groupOf,
          groupBy,
          totals.historyStarts,
        );
        // the reference: the window's cells, month by month, as the route read them before
        const span = await aggregateSpan(trx);
        const overrides = categoryGrouper(await categoryGroupOverrides(trx));
        const cells = await spendingAggregates(trx, summaryWindow(from, to).first, to, {
          byAccount: groupBy === 'account',
          currency,
        });
        const reference = summarise(
          cells.map((c) => ({
            ...c,
            key: groupBy === 'account' ? c.accountId : groupBy === 'group' ? overrides(c.category) : c.category,
          })),
          from,
          to,
          overrides,
          groupBy,
          new Map(span.map((s) => [s.currency, s.first])),
        );
        // and each key's amount, count and previous amount cell by cell, as the route counted them
        // before: a month's cell counts its transactions when it moved money in its group's sense
        const { previousFrom, previousTo } = summaryWindow(from, to);
        const byCell = (key: string, first: string, last: string) => {
          let amount = 0;
          let count = 0;
          for (const c of cells) {
            const cellKey =
              groupBy === 'account' ? c.accountId : groupBy === 'group' ? overrides(c.category) : c.category;
            if (c.currency !== fromSums[0].currency || cellKey !== key || c.month < first || c.month > last) continue;
            const flow = flowOf(overrides(c.category), c.spent, c.received);
            amount += flow.expenses;
            if (flow.income !== 0 || flow.expenses !== 0) count += c.count;
          }
          return { amount, count };
        };
        for (const item of fromSums[0]?.byCategory ?? []) {
          expect({ amount: item.amount, count: item.count }).toEqual(byCell(item.key, from, to));
          expect(item.change.other).toBe(byCell(item.key, previousFrom, previousTo).amount);
        }
        return [fromSums, reference];
      });
      expect(fromSql).toEqual(monthByMonth);
      if (from >= '2022-01' && from <= '2024-06') {
        expect(fromSql.length).toBeGreaterThan(0);
        expect(fromSql[0].byCategory.length).toBeGreaterThan(0);
      }
    },
  );

  it('leaves out a category whose purchase came back in full the same month, and knows it was there', async () => {
    const [june, shopping] = await withUser(database.db, person, async (trx) => {
      const totals = await summaryTotals(trx, '2023-06', '2023-06', { currency: 'EUR' });
      const answer = summariseSums(
        totals.sums,
        '2023-06',
        '2023-06',
        categoryGrouper(totals.groupOverrides),
        'category',
        totals.historyStarts,
      );
      return [answer[0], totals.sums.find((s) => s.period === 'current' && s.category === 'Shopping')];
    });
    expect(june.byCategory.map((c) => c.key)).not.toContain('Shopping');
    expect(shopping).toMatchObject({ spent: 12_000, received: 12_000, countNet: 0, countAny: 2 });
  });
});
