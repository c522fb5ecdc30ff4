import { z } from 'zod';
import { findAccount } from '../../../adapters/postgres/repositories/accounts';
import {
  createGoal,
  deleteGoal,
  findGoal,
  listGoals,
  updateGoal,
  type GoalRow,
} from '../../../adapters/postgres/repositories/goals';
import { ensureUser } from '../../../adapters/postgres/repositories/users';
import { withUser, type UserTransaction } from '../../../adapters/postgres/user-scope';
import { goalTimeline, reversePlan } from '../../../core/plans/goal-plan';
import { goalSavedAmounts, planForGoal } from '../../plans';
import { requireUuid } from '../pagination';
import { badRequest, notFound } from '../problem';
import { route } from '../route';
import { isoDate } from '../schemas';
import { today } from './summary-params';

const goalSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  targetAmount: z.number().int(),
  currency: z.string(),
  currentSaved: z
    .number()
    .int()
    .describe("the linked account's balance when there is one, else the amount kept by hand"),
  accountId: z.uuid().nullable(),
  targetDate: z.string().nullable(),
  progress: z.number(),
});

/** A goal's fields as a person writes them; no defaults, so that a change names only what changes. */
const goalFields = z.object({
  name: z.string().trim().min(1).max(100),
  targetAmount: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'),
  currentSaved: z.number().int().min(0),
  accountId: z.uuid().nullable().optional(),
  targetDate: isoDate.nullable().optional(),
});

const newGoal = goalFields.extend({ currentSaved: z.number().int().min(0).default(0) });

const milestone = z.object({ percent: z.number().int(), amount: z.number().int(), date: z.string().nullable() });
const scenario = z.object({
  name: z.enum(['faster', 'slower', 'with-cut']),
  monthly: z.number().int(),
  months: z.number().int().nullable(),
  date: z.string().nullable(),
  cut: z.object({ category: z.string(), amount: z.number().int() }).optional(),
});
const planSchema = z.object({
  currency: z.string(),
  saved: z.number().int(),
  remaining: z.number().int(),
  surplus: z.number().int().describe('median monthly income − spending of recent complete months'),
  feasible: z.boolean(),
  monthsNeeded: z.number().int().nullable(),
  projectedDate: z.string().nullable(),
  requiredMonthly: z.number().int().nullable(),
  monthly: z.number().int(),
  surplusShare: z.number().nullable(),
  allGoalsShare: z.number().nullable(),
  milestones: z.array(milestone),
  scenarios: z.array(scenario),
});

function toGoal(row: GoalRow, saved: number) {
  return {
    id: row.id,
    name: row.name,
    targetAmount: row.target_amount,
    currency: row.currency.trim(),
    currentSaved: saved,
    accountId: row.account_id,
    targetDate: row.target_date,
    progress: Math.round(Math.min(1, saved / row.target_amount) * 1000) / 1000,
  };
}

async function checkAccount(
  trx: UserTransaction,
  accountId: string | null | undefined,
  currency: string | undefined,
): Promise<void> {
  if (!accountId) return;
  const account = await findAccount(trx, accountId);
  if (!account) throw badRequest('no such account of this person', [{ path: 'accountId', message: 'unknown account' }]);
  if (currency && account.currency.trim() !== currency)
    throw badRequest('the account is in another currency', [
      { path: 'accountId', message: `the account is in ${account.currency.trim()}` },
    ]);
}

function checkDate(date: string | null | undefined): void {
  if (date && date <= today())
    throw badRequest('the target date has passed', [{ path: 'targetDate', message: 'must be in the future' }]);
}

async function oneGoal(trx: UserTransaction, id: string) {
  const row = await findGoal(trx, id);
  if (!row) throw notFound('the goal');
  return toGoal(row, (await goalSavedAmounts(trx, [row])).get(row.id) ?? row.current_saved);
}

const calculatorBody = z.object({
  targetAmount: z.number().int().positive(),
  currentSaved: z.number().int().min(0).default(0),
  today: isoDate.optional().describe('default: today'),
});

export const goalRoutes = [
  route({
    method: 'POST',
    path: '/goals',
    summary: 'Add a savings goal',
    body: newGoal,
    responses: { 201: { description: 'The goal', schema: goalSchema }, 400: { description: 'A bad field, named' } },
    handle: async ({ userId, email, body }, { db }) => {
      checkDate(body.targetDate);
      const goal = await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        await checkAccount(trx, body.accountId, body.currency);
        const row = await createGoal(trx, userId, {
          ...body,
          accountId: body.accountId ?? null,
          targetDate: body.targetDate ?? null,
        });
        return oneGoal(trx, row.id);
      });
      return { status: 201, body: goal };
    },
  }),
  route({
    method: 'GET',
    path: '/goals',
    summary: "The person's goals with their progress",
    responses: { 200: { description: 'Goals', schema: z.object({ items: z.array(goalSchema) }) } },
    handle: async ({ userId }, { db }) => {
      const items = await withUser(db, userId, async (trx) => {
        const rows = await listGoals(trx);
        const saved = await goalSavedAmounts(trx, rows);
        return rows.map((row) => toGoal(row, saved.get(row.id) ?? row.current_saved));
      });
      return { status: 200, body: { items } };
    },
  }),
  route({
    method: 'GET',
    path: '/goals/{id}',
    summary: 'One goal',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'The goal', schema: goalSchema },
      404: { description: 'No such goal of this person' },
    },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the goal');
      return { status: 200, body: await withUser(db, userId, (trx) => oneGoal(trx, id)) };
    },
  }),
  route({
    method: 'PATCH',
    path: '/goals/{id}',
    summary: 'Change a goal',
    params: z.object({ id: z.string() }),
    // From the fields without defaults: a default inside .partial() still fills an absent field, so
    // renaming a goal used to reset what was saved towards it to 0.
    body: goalFields.omit({ currency: true }).partial(),
    responses: {
      200: { description: 'The goal', schema: goalSchema },
      404: { description: 'No such goal of this person' },
    },
    handle: async ({ userId, params, body }, { db }) => {
      const id = requireUuid(params.id, 'the goal');
      checkDate(body.targetDate);
      const goal = await withUser(db, userId, async (trx) => {
        const row = await findGoal(trx, id);
        if (!row) throw notFound('the goal');
        await checkAccount(trx, body.accountId, row.currency.trim());
        await updateGoal(trx, id, body);
        return oneGoal(trx, id);
      });
      return { status: 200, body: goal };
    },
  }),
  route({
    method: 'DELETE',
    path: '/goals/{id}',
    summary: 'Remove a goal',
    params: z.object({ id: z.string() }),
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such goal of this person' } },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the goal');
      if (!(await withUser(db, userId, (trx) => deleteGoal(trx, id)))) throw notFound('the goal');
      return { status: 204 };
    },
  }),
  route({
    method: 'GET',
    path: '/goals/{id}/plan',
    summary:
      "A goal's plan at the person's real surplus: months needed, the monthly amount its date needs, milestones, feasibility with all goals, scenarios",
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'The plan', schema: planSchema },
      404: { description: 'No such goal of this person' },
    },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the goal');
      const plan = await withUser(db, userId, async (trx) => {
        const row = await findGoal(trx, id);
        if (!row) throw notFound('the goal');
        return planForGoal(trx, row, today());
      });
      return { status: 200, body: plan };
    },
  }),
  route({
    method: 'POST',
    path: '/goals/calculate-timeline',
    summary: 'Stateless: how long saving a monthly amount takes to reach a target, with milestones',
    body: calculatorBody.extend({ monthlyContribution: z.number().int().positive() }),
    responses: {
      200: {
        description: 'The timeline',
        schema: z.object({
          remaining: z.number().int(),
          monthly: z.number().int(),
          monthsNeeded: z.number().int().nullable(),
          projectedDate: z.string().nullable(),
          milestones: z.array(milestone),
        }),
      },
    },
    handle: async ({ body }) => ({
      status: 200,
      body: goalTimeline(body.targetAmount, body.currentSaved, body.monthlyContribution, body.today ?? today()),
    }),
  }),
  route({
    method: 'POST',
    path: '/goals/reverse-plan',
    summary: 'Stateless: the monthly amount that reaches a target by a date',
    body: calculatorBody.extend({ targetDate: isoDate }),
    responses: {
      200: {
        description: 'The monthly amount',
        schema: z.object({
          months: z.number().int(),
          remaining: z.number().int(),
          requiredMonthly: z.number().int(),
          milestones: z.array(milestone),
        }),
      },
    },
    handle: async ({ body }) => {
      const now = body.today ?? today();
      if (body.targetDate <= now)
        throw badRequest('the target date has passed', [{ path: 'targetDate', message: 'must be after today' }]);
      const plan = reversePlan(body.targetAmount, body.currentSaved, body.targetDate, now);
      return {
        status: 200,
        body: {
          ...plan,
          milestones: goalTimeline(body.targetAmount, body.currentSaved, plan.requiredMonthly, now).milestones,
        },
      };
    },
  }),
];
