import { z } from 'zod';
import {
  categoryGroupOverrides,
  usedCategoriesAndCurrencies,
} from '../../../adapters/postgres/repositories/aggregates';
import { deleteBudget, listBudgets, upsertBudget } from '../../../adapters/postgres/repositories/budgets';
import { ensureUser } from '../../../adapters/postgres/repositories/users';
import { withUser } from '../../../adapters/postgres/user-scope';
import { DEFAULT_CATEGORY_NAMES } from '../../../core/categorise/taxonomy';
import { budgetKey, budgetName, budgetStatuses, writeBudgetStateChanges } from '../../budgets';
import { recommendation } from '../../plans';
import { badRequest, notFound } from '../problem';
import { route } from '../route';
import { currentMonth, monthParam, requireKnownCurrency, today } from './summary-params';

const budgetSchema = z.object({
  category: z.string().describe('a category, or a 50/30/20 group (needs, wants, savings)'),
  kind: z.enum(['category', 'group']),
  monthlyLimit: z.number().int(),
  currency: z.string(),
  rollover: z.boolean().describe("last month's unspent part is added to this month's limit"),
});

const statusSchema = z.object({
  month: z.string(),
  asOf: z.string(),
  items: z.array(
    budgetSchema.omit({ monthlyLimit: true }).extend({
      limit: z.number().int(),
      carried: z.number().int().describe('unspent money rolled over from last month'),
      available: z.number().int(),
      spent: z.number().int(),
      remaining: z.number().int(),
      projected: z.number().int().describe("month-end spending from the person's own within-month profile"),
      projection: z.enum(['profile', 'pace', 'final']),
      status: z.enum(['ok', 'warning', 'over']),
      expectedCrossing: z.string().nullable().describe('the day the limit is expected to be crossed'),
    }),
  ),
});

const categoryParam = z.object({ category: z.string().min(1).max(100) });

export const budgetRoutes = [
  route({
    method: 'GET',
    path: '/budgets',
    summary: "The person's monthly limits, per category or 50/30/20 group",
    responses: { 200: { description: 'Budgets', schema: z.object({ items: z.array(budgetSchema) }) } },
    handle: async ({ userId }, { db }) => {
      const rows = await withUser(db, userId, listBudgets);
      const items = rows.map((b) => ({
        ...budgetName(b.category),
        monthlyLimit: b.monthlyLimit,
        currency: b.currency,
        rollover: b.rollover,
      }));
      return { status: 200, body: { items } };
    },
  }),
  route({
    method: 'PUT',
    path: '/budgets/{category}',
    summary: 'Set the monthly limit of a category or of a 50/30/20 group (needs, wants, savings)',
    params: categoryParam,
    body: z.object({
      monthlyLimit: z.number().int().positive().describe('minor units'),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
        .optional()
        .describe("default: the person's busiest currency"),
      rollover: z.boolean().default(false),
    }),
    responses: {
      200: { description: 'Updated', schema: budgetSchema },
      201: { description: 'Created', schema: budgetSchema },
      400: { description: 'Unknown category or currency' },
    },
    handle: async ({ userId, email, params, body }, { db }) => {
      const name = params.category;
      const key = budgetKey(name);
      const { created, currency } = await withUser(db, userId, async (trx) => {
        const used = await usedCategoriesAndCurrencies(trx);
        if (!key.startsWith('group:')) {
          const known = new Set([
            ...DEFAULT_CATEGORY_NAMES,
            ...(await categoryGroupOverrides(trx)).keys(),
            ...used.categories,
          ]);
          if (!known.has(name))
            throw badRequest(`no category named "${name}"`, [
              {
                path: 'path.category',
                message: 'unknown category; a category of the person, or needs, wants, savings',
              },
            ]);
        }
        const currency = body.currency ?? used.currencies[0];
        if (!currency)
          throw badRequest('no currency: the person has no transactions yet', [
            { path: 'currency', message: 'required until there are transactions' },
          ]);
        if (body.currency) requireKnownCurrency(body.currency, used.currencies, 'currency');
        await ensureUser(trx, userId, email);
        const created = await upsertBudget(trx, userId, {
          category: key,
          monthlyLimit: body.monthlyLimit,
          currency,
          rollover: body.rollover,
        });
        // a new limit can change a budget's state at once: written here, as an import writes its own
        await writeBudgetStateChanges(trx, userId, today());
        return { created, currency };
      });
      return {
        status: created ? 201 : 200,
        body: { ...budgetName(key), monthlyLimit: body.monthlyLimit, currency, rollover: body.rollover },
      };
    },
  }),
  route({
    method: 'DELETE',
    path: '/budgets/{category}',
    summary: 'Remove a budget',
    params: categoryParam,
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such budget' } },
    handle: async ({ userId, params }, { db }) => {
      const removed = await withUser(db, userId, (trx) => deleteBudget(trx, budgetKey(params.category)));
      if (!removed) throw notFound('the budget');
      return { status: 204 };
    },
  }),
  route({
    method: 'GET',
    path: '/budgets/status',
    summary:
      "Each budget's spending, what is left and the projected month-end from the person's own within-month profile",
    query: z.object({ month: monthParam.optional().describe('YYYY-MM; default: this month') }),
    responses: { 200: { description: 'Budget status', schema: statusSchema }, 400: { description: 'A bad month' } },
    handle: async ({ userId, query }, { db }) => {
      const month = query.month ?? currentMonth();
      const asOf = today();
      const items = await withUser(db, userId, (trx) => budgetStatuses(trx, userId, month, asOf));
      return { status: 200, body: { month, asOf, items } };
    },
  }),
  route({
    method: 'POST',
    path: '/budgets/recommend',
    summary:
      "A 50/30/20 plan from the person's typical monthly income, adjusted for their goals, compared with what they spend per group",
    body: z
      .object({
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
          .optional(),
      })
      .default({}),
    responses: {
      200: {
        description: 'The plan',
        schema: z.object({
          currency: z.string().nullable(),
          months: z.array(z.string()).describe('the complete months read'),
          income: z.object({
            monthly: z.number().int(),
            basis: z.enum(['median', 'lower-quartile', 'none']),
            months: z.number().int(),
            irregular: z.boolean(),
            variation: z.number().nullable(),
          }),
          plan: z.object({ needs: z.number().int(), wants: z.number().int(), savings: z.number().int() }),
          goals: z.object({
            monthlyNeeded: z.number().int(),
            fromSavings: z.number().int(),
            shortfall: z.number().int(),
            uncovered: z.number().int(),
          }),
          cuts: z.array(
            z.object({
              category: z.string(),
              amount: z.number().int(),
              averageMonthly: z.number().int(),
              variability: z.number().int(),
            }),
          ),
          actual: z.object({
            needs: z.number().int(),
            wants: z.number().int(),
            savings: z.number().int(),
            surplus: z.number().int(),
          }),
          comparison: z.array(
            z.object({
              group: z.enum(['needs', 'wants', 'savings']),
              planned: z.number().int(),
              actual: z.number().int(),
              difference: z.number().int(),
            }),
          ),
        }),
      },
      400: { description: 'Unknown currency' },
    },
    handle: async ({ userId, body }, { db }) => {
      const plan = await withUser(db, userId, async (trx) => {
        if (body?.currency)
          requireKnownCurrency(body.currency, (await usedCategoriesAndCurrencies(trx)).currencies, 'currency');
        return recommendation(trx, today(), body?.currency);
      });
      return { status: 200, body: plan };
    },
  }),
];
