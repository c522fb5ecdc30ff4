import { z } from 'zod';
import {
  aggregateSpan,
  categoryGroupOverrides,
  merchantMonthlyTotals,
  spendingAggregates,
  summaryTotals,
} from '../../../adapters/postgres/repositories/aggregates';
import { withUser } from '../../../adapters/postgres/user-scope';
import { categoryGrouper } from '../../../core/summary/category-groups';
import { monthsBetween, shiftMonth } from '../../../core/summary/months';
import { summarise, summariseSums, summaryWindow, type CurrencySummary } from '../../../core/summary/summarise';
import { trends } from '../../../core/summary/trends';
import { badRequest } from '../problem';
import { route } from '../route';
import { currentMonth, monthParam, requireKnownCurrency } from './summary-params';

const comparison = z.object({ other: z.number().int(), difference: z.number().int(), percent: z.number().nullable() });
const groupName = z.enum(['needs', 'wants', 'savings', 'income', 'transfer', 'uncategorised']);

const summarySchema = z.object({
  items: z.array(
    z.object({
      currency: z.string(),
      from: z.string(),
      to: z.string(),
      months: z.number().int(),
      income: z.number().int(),
      expenses: z.number().int().describe('spending, refunds netted against their category; transfers left out'),
      net: z.number().int(),
      savingsRate: z.number().nullable().describe('net ÷ income; null without income'),
      previous: z.object({
        from: z.string(),
        to: z.string(),
        income: z.number().int(),
        expenses: z.number().int(),
        net: z.number().int(),
      }),
      change: z.object({ income: comparison, expenses: comparison, net: comparison }),
      averages: z
        .object({
          months3: z.object({ income: z.number().int(), expenses: z.number().int() }).nullable(),
          months12: z.object({ income: z.number().int(), expenses: z.number().int() }).nullable(),
        })
        .describe('the average month of the 3 and 12 months before `from`; null with less history'),
      byCategory: z.array(
        z.object({
          category: z
            .string()
            .describe('the key grouped by: a category ("" uncategorised), a group, an account id or a merchant'),
          name: z.string(),
          group: groupName.nullable(),
          amount: z.number().int(),
          income: z.number().int(),
          share: z.number().nullable(),
          count: z.number().int(),
          change: comparison,
          vsAverage3: comparison.nullable(),
          vsAverage12: comparison.nullable(),
        }),
      ),
      byMonth: z.array(
        z.object({ month: z.string(), income: z.number().int(), expenses: z.number().int(), net: z.number().int() }),
      ),
    }),
  ),
});

const trendsSchema = z.object({
  items: z.array(
    z.object({
      currency: z.string(),
      months: z.array(z.string()),
      income: z.array(z.number().int()),
      expenses: z.array(z.number().int()),
      categories: z.array(z.object({ category: z.string(), group: groupName, amounts: z.array(z.number().int()) })),
      groups: z.array(z.object({ group: groupName, amounts: z.array(z.number().int()) })),
    }),
  ),
});

export const summaryRoutes = [
  route({
    method: 'GET',
    path: '/summary',
    summary:
      'Where the money went over whole months: income, spending, net, savings rate and each category, per currency (nothing converted)',
    query: z.object({
      from: monthParam.optional().describe('first month, YYYY-MM; default: `to`'),
      to: monthParam.optional().describe('last month, YYYY-MM; default: this month'),
      groupBy: z.enum(['category', 'group', 'merchant', 'account']).default('category'),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
        .optional(),
    }),
    responses: {
      200: { description: 'One summary per currency', schema: summarySchema },
      400: { description: 'A bad parameter, named' },
    },
    handle: async ({ userId, query }, { db }) => {
      const to = query.to ?? currentMonth();
      const from = query.from ?? to;
      if (from > to) throw badRequest('from is after to', [{ path: 'query.from', message: 'must not be after to' }]);
      if (monthsBetween(from, to) >= 120)
        throw badRequest('at most 120 months at a time', [
          { path: 'query.from', message: 'at most 120 months before to' },
        ]);
      const { previousFrom } = summaryWindow(from, to);
      const items = await withUser(db, userId, async (trx) => {
        let summaries: CurrencySummary[];
        let names = new Map<string, string>();
        if (query.groupBy === 'merchant') {
          const span = await aggregateSpan(trx);
          requireKnownCurrency(
            query.currency,
            span.map((s) => s.currency),
          );
          const groupOf = categoryGrouper(await categoryGroupOverrides(trx));
          const rows = await merchantMonthlyTotals(trx, previousFrom, to, 200);
          const cells = rows
            .filter((r) => !query.currency || r.currency === query.currency)
            .map((r) => ({ ...r, key: r.merchant }));
          // merchants are read from the period before on: no averages
          const firstMonth = new Map(span.map((s) => [s.currency, previousFrom]));
          summaries = summarise(cells, from, to, groupOf, query.groupBy, firstMonth);
        } else {
          // one statement: the periods' sums, the first month per currency and the category groups
          const totals = await summaryTotals(trx, from, to, {
            byAccount: query.groupBy === 'account',
            currency: query.currency,
          });
          // the currencies the person has are listed only when the one asked for is not among them
          if (!totals.currencyKnown)
            requireKnownCurrency(
              query.currency,
              (await aggregateSpan(trx)).map((s) => s.currency),
            );
          const groupOf = categoryGrouper(totals.groupOverrides);
          const sums = totals.sums.map((s) => ({
            ...s,
            key: query.groupBy === 'group' ? groupOf(s.category) : s.key,
          }));
          summaries = summariseSums(sums, from, to, groupOf, query.groupBy, totals.historyStarts);
          names = totals.accountNames;
        }
        return summaries.map((summary) => ({
          ...summary,
          byCategory: summary.byCategory.map(({ key, ...item }) => ({
            category: key,
            name: names.get(key) ?? (key === '' ? 'Uncategorised' : key),
            ...item,
            ...(query.groupBy === 'merchant' ? { vsAverage3: null, vsAverage12: null } : {}),
          })),
        }));
      });
      return { status: 200, body: { items } };
    },
  }),
  route({
    method: 'GET',
    path: '/trends',
    summary: 'The monthly series of income, spending, each category and each 50/30/20 group, per currency',
    query: z.object({
      months: z.coerce.number().int().min(1).max(36, 'at most 36 months').default(12),
      to: monthParam.optional().describe('last month, YYYY-MM; default: this month'),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
        .optional(),
    }),
    responses: {
      200: { description: 'Series per currency', schema: trendsSchema },
      400: { description: 'A bad parameter, named' },
    },
    handle: async ({ userId, query }, { db }) => {
      const to = query.to ?? currentMonth();
      const from = shiftMonth(to, -(query.months - 1));
      const items = await withUser(db, userId, async (trx) => {
        if (query.currency)
          requireKnownCurrency(
            query.currency,
            (await aggregateSpan(trx)).map((s) => s.currency),
          );
        const groupOf = categoryGrouper(await categoryGroupOverrides(trx));
        const rows = await spendingAggregates(trx, from, to, { currency: query.currency });
        return trends(
          rows.map((r) => ({ ...r, key: r.category })),
          from,
          to,
          groupOf,
        );
      });
      return { status: 200, body: { items } };
    },
  }),
];
