import { z } from 'zod';
import { currencyExponent } from '../../core/money';
import type { CoachToolSpec } from '../../ports/coach-model';
import type { ApiContext } from '../api/api-context';
import { ProblemError } from '../api/problem';
import type { Route } from '../api/route';
import { budgetRoutes } from '../api/routes/budgets';
import { forecastRoutes } from '../api/routes/forecast';
import { goalRoutes } from '../api/routes/goals';
import { insightRoutes } from '../api/routes/insights';
import { healthInsightRoutes } from '../api/routes/insights-health';
import { summaryRoutes } from '../api/routes/summary';

/**
 * The coach's tools: each one is a read-only route of this API, called in process as the person
 * (the route's own handler, its own query validation, its own row-level security scope), so the
 * coach reads exactly the figures the route and the web page show and computes none of its own
 * (DESIGN.md, "one function per answer"). No tool writes, moves money or names another person:
 * the person is the caller's, never an input.
 */
const ROUTES: Route[] = [
  ...summaryRoutes,
  ...budgetRoutes,
  ...forecastRoutes,
  ...goalRoutes,
  ...insightRoutes,
  ...healthInsightRoutes,
];

const month = z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

interface ToolDefinition<S extends z.ZodObject> {
  name: string;
  description: string;
  input: S;
  method: Route['method'];
  path: string;
  /** The route's params, query and body from the tool's input. */
  request(input: z.infer<S>, person: { currency: string | null }): { params?: object; query?: object; body?: object };
}

function tool<S extends z.ZodObject>(definition: ToolDefinition<S>): ToolDefinition<z.ZodObject> {
  return definition as unknown as ToolDefinition<z.ZodObject>;
}

export const COACH_TOOLS = [
  tool({
    name: 'summary',
    description:
      'Income, spending, net, savings rate and spending per category (or group or merchant) over whole months, with the change against the previous period and against the 3- and 12-month averages.',
    input: z.object({
      from: month.optional().describe('first month; default: `to`'),
      to: month.optional().describe('last month; default: this month'),
      groupBy: z.enum(['category', 'group', 'merchant']).optional(),
    }),
    method: 'GET',
    path: '/summary',
    request: (input) => ({ query: input }),
  }),
  tool({
    name: 'trends',
    description: 'Monthly series of income, spending, each category and each 50/30/20 group.',
    input: z.object({ months: z.number().int().min(1).max(36).optional() }),
    method: 'GET',
    path: '/trends',
    request: (input) => ({ query: input }),
  }),
  tool({
    name: 'budgets_status',
    description: "Each budget's limit, spending, what is left, projected month-end and status (ok, warning, over).",
    input: z.object({ month: month.optional() }),
    method: 'GET',
    path: '/budgets/status',
    request: (input) => ({ query: input }),
  }),
  tool({
    name: 'recurring',
    description:
      'Recurring payments and income (subscriptions, bills, rent, pay): amount, cadence, next date and amount, price rises, yearly totals, upcoming bills.',
    input: z.object({}),
    method: 'GET',
    path: '/insights/recurring',
    request: () => ({ query: {} }),
  }),
  tool({
    name: 'anomalies',
    description:
      'Unusual charges (duplicates, outliers, new merchants, price rises), newest first, each with a reason.',
    input: z.object({ limit: z.number().int().min(1).max(20).optional() }),
    method: 'GET',
    path: '/insights/anomalies',
    request: (input) => ({ query: { limit: input.limit ?? 10 } }),
  }),
  tool({
    name: 'habits',
    description:
      'Spending habits: weekday against weekend, no-spend days, small frequent purchases, fees, subscriptions, swinging categories, and savings opportunities each priced per month.',
    input: z.object({}),
    method: 'GET',
    path: '/insights/habits',
    request: () => ({}),
  }),
  tool({
    name: 'forecast_spending',
    description: 'Monthly spending forecast (total, a group or a category) with 80% and 95% intervals.',
    input: z.object({
      months: z.number().int().min(1).max(12).optional(),
      category: z.string().min(1).max(100).optional(),
      group: z.enum(['needs', 'wants', 'savings']).optional(),
    }),
    method: 'GET',
    path: '/forecast',
    request: (input) => ({ query: { months: input.months ?? 3, category: input.category, group: input.group } }),
  }),
  tool({
    name: 'forecast_savings',
    description:
      'Projected savings (income minus spending) per month with intervals, and their running total (cumulativeExpected).',
    input: z.object({ months: z.number().int().min(1).max(24).optional() }),
    method: 'GET',
    path: '/forecast/savings',
    request: (input) => ({ query: { months: input.months ?? 12 } }),
  }),
  tool({
    name: 'cashflow',
    description:
      "Each account's balance now, its projected lowest point and date, and the probability of going below zero.",
    input: z.object({ days: z.number().int().min(1).max(90).optional() }),
    method: 'GET',
    path: '/forecast/cashflow',
    request: (input) => ({ query: { days: input.days ?? 60 } }),
  }),
  tool({
    name: 'goals',
    description: "The person's savings goals with target, saved amount, target date and progress.",
    input: z.object({}),
    method: 'GET',
    path: '/goals',
    request: () => ({}),
  }),
  tool({
    name: 'goal_plan',
    description:
      "One goal's plan at the person's real surplus: remaining, monthly amount, months needed, projected date, the monthly amount its target date needs, feasibility, scenarios.",
    input: z.object({ goalId: z.uuid() }),
    method: 'GET',
    path: '/goals/{id}/plan',
    request: (input) => ({ params: { id: input.goalId } }),
  }),
  tool({
    name: 'savings_plan',
    description:
      'The monthly amount that saves `amount` (major units of the home currency) by `targetDate`, and over how many months.',
    input: z.object({ amount: z.number().positive(), targetDate: isoDate }),
    method: 'POST',
    path: '/goals/reverse-plan',
    request: (input, person) => ({
      body: {
        targetAmount: Math.round(input.amount * 10 ** currencyExponent(person.currency ?? 'XXX')),
        targetDate: input.targetDate,
      },
    }),
  }),
  tool({
    name: 'health',
    description:
      'The financial health score (0–100) and its components (savings rate, spending consistency, emergency fund, debt, goals), each with a reason and how to improve.',
    input: z.object({}),
    method: 'GET',
    path: '/insights/health',
    request: () => ({ query: {} }),
  }),
  tool({
    name: 'health_history',
    description: 'The health score month by month, to explain a change.',
    input: z.object({ months: z.number().int().min(2).max(12).optional() }),
    method: 'GET',
    path: '/insights/health/history',
    request: (input) => ({ query: { months: input.months ?? 3 } }),
  }),
];

/** The tools as the model is told of them: name, description and JSON Schema from the zod input. */
export function coachToolSpecs(): CoachToolSpec[] {
  return COACH_TOOLS.map((definition) => ({
    name: definition.name,
    description: definition.description,
    inputSchema: z.toJSONSchema(definition.input, { target: 'draft-7' }) as Record<string, unknown>,
  }));
}

export interface ToolRun {
  name: string;
  input: Record<string, unknown>;
  /** What the route answered, or { error } when the input or the route refused. */
  output: unknown;
  ok: boolean;
}

/** Calls one tool as the person; a bad input or a route's refusal comes back as an error for the model to read. */
export async function runCoachTool(
  context: ApiContext,
  person: { userId: string; currency: string | null },
  name: string,
  rawInput: unknown,
): Promise<ToolRun> {
  const input = (rawInput && typeof rawInput === 'object' ? rawInput : {}) as Record<string, unknown>;
  const definition = COACH_TOOLS.find((candidate) => candidate.name === name);
  if (!definition) return { name, input, output: { error: `no tool named ${name}` }, ok: false };
  const parsed = definition.input.safeParse(input);
  if (!parsed.success)
    return {
      name,
      input,
      output: { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') },
      ok: false,
    };
  const target = ROUTES.find((r) => r.method === definition.method && r.path === definition.path);
  if (!target) return { name, input, output: { error: 'not available yet' }, ok: false };
  const { params = {}, query = {}, body = {} } = definition.request(parsed.data, person);
  try {
    const clean = Object.fromEntries(
      Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    const response = await target.handle(
      {
        userId: person.userId,
        email: null,
        params: target.params ? target.params.parse(params) : params,
        query: target.query ? target.query.parse(clean) : clean,
        body: target.body && target.body !== 'text' ? target.body.parse(body) : body,
        rawBody: '',
        headers: {},
      },
      context,
    );
    if (response.status >= 400) return { name, input, output: { error: `status ${response.status}` }, ok: false };
    return { name, input, output: response.body, ok: true };
  } catch (error) {
    if (error instanceof ProblemError) return { name, input, output: { error: error.detail }, ok: false };
    if (error instanceof z.ZodError)
      return { name, input, output: { error: error.issues.map((i) => i.message).join('; ') }, ok: false };
    throw error;
  }
}
