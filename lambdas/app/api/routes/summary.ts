import { z } from 'zod';
import { listAccounts } from '../../../adapters/postgres/repositories/accounts';
import {
  aggregateSpan,
  categoryGroupOverrides,
  merchantMonthlyTotals,
  spendingAggregates,
} from '../../../adapters/postgres/repositories/aggregates';
import { withUser } from '../../../adapters/postgres/user-scope';
import { categoryGrouper } from '../../../core/summary/category-groups';
import type { FlowCell } from '../../../core/summary/money-flows';
import { monthsBetween, shiftMonth } from '../../../core/summary/months';
import { summarise, summaryWindow } from '../../../core/summary/summarise';
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
      const { first, previousFrom } = summaryWindow(from, to);
      const items = await withUser(db, userId, async (trx) => {
        const span = await aggregateSpan(trx);
        requireKnownCurrency(
          query.currency,
          span.map((s) => s.currency),
        );
        const groupOf = categoryGrouper(await categoryGroupOverrides(trx));
        let cells: FlowCell[];
        let names = new Map<string, string>();
        if (query.groupBy === 'merchant') {
          const rows = await merchantMonthlyTotals(trx, previousFrom, to, 200);
          cells = rows
            .filter((r) => !query.currency || r.currency === query.currency)
            .map((r) => ({ ...r, key: r.merchant }));
        } else {
          const rows = await spendingAggregates(trx, first, to, {
            byAccount: query.groupBy === 'account',
            currency: query.currency,
          });
          cells = rows.map((r) => ({
            ...r,
            key:
              query.groupBy === 'account' ? r.accountId : query.groupBy === 'group' ? groupOf(r.category) : r.category,
          }));
          if (query.groupBy === 'account') names = new Map((await listAccounts(trx)).map((a) => [a.id, a.name]));
        }
        const firstMonth = new Map(
          span.map((s) => [s.currency, query.groupBy === 'merchant' ? previousFrom : s.first]),
        );
        return summarise(cells, from, to, groupOf, query.groupBy, firstMonth).map((summary) => ({
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
