import { z } from 'zod';
import {
  accountBalances,
  accountDailyBalances,
  accountMonthlyFlows,
  recurringPayeeMonths,
} from '../../../adapters/postgres/repositories/cashflow';
import { forecastCurrencies, readSeriesForecast } from '../../../adapters/postgres/repositories/forecasts';
import { withUser, type UserTransaction } from '../../../adapters/postgres/user-scope';
import { addMonths, monthRange } from '../../../core/forecast/calendar-months';
import { addDays, projectCashflow } from '../../../core/forecast/cashflow';
import { seriesKeyFor, STORED_HORIZON, type SeriesForecast } from '../../../core/forecast/forecast-person';
import { detectMonthlyRecurring } from '../../../core/forecast/monthly-recurring';
import { monthOfDate, refitIfStale } from '../../refit-forecasts';
import { badRequest } from '../problem';
import { route } from '../route';

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
  .optional()
  .describe('which currency; needed only when the person has money in more than one');
const months = z.coerce.number().int().min(1).max(STORED_HORIZON).default(12);

const point = z.object({
  month: z.string(),
  expected: z.number().int(),
  lower80: z.number().int(),
  upper80: z.number().int(),
  lower95: z.number().int(),
  upper95: z.number().int(),
});

const seriesForecast = z.object({
  currency: z.string().nullable(),
  series: z.string().describe('spending, net, group:<group> or category:<name>'),
  model: z.string().nullable().describe('the forecaster that made the points; null when there is no forecast'),
  reason: z.string().nullable().describe('why there is no forecast, when there is none'),
  horizon: z.number().int(),
  historyMonths: z.number().int().describe('complete calendar months of history the model was fitted to'),
  history: z.array(z.object({ month: z.string(), amount: z.number().int() })),
  points: z.array(point),
});

/** The currency to answer in: the one asked for, else the person's only one. */
async function resolveCurrency(trx: UserTransaction, asked: string | undefined): Promise<string | null> {
  if (asked !== undefined) return asked;
  const currencies = await forecastCurrencies(trx);
  if (currencies.length > 1) {
    throw badRequest('you have money in more than one currency', [
      { path: 'query.currency', message: `choose one of ${currencies.join(', ')}` },
    ]);
  }
  return currencies[0] ?? null;
}

function present(
  key: string,
  currencyCode: string | null,
  stored: SeriesForecast | null,
  horizon: number,
  noneReason: string,
) {
  return {
    currency: currencyCode,
    series: key,
    model: stored?.model ?? null,
    reason: stored ? stored.reason : noneReason,
    horizon,
    historyMonths: stored?.historyMonths ?? 0,
    history: stored?.history ?? [],
    points: (stored?.points ?? []).slice(0, horizon),
  };
}

/** How many complete months the cash-flow projection learns the accounts' habits from. */
const CASHFLOW_MONTHS = 6;
/** Days of actual end-of-day balances returned before the projection (and whose last day it starts from). */
const CASHFLOW_HISTORY_DAYS = 90;

export const forecastRoutes = [
  route({
    method: 'GET',
    path: '/forecast',
    summary:
      'Monthly spending forecast (total, a 50/30/20 group or a category) with 80% and 95% intervals, in minor units',
    query: z.object({
      months,
      category: z.string().min(1).max(100).optional(),
      group: z.enum(['needs', 'wants', 'savings', 'income', 'uncategorised']).optional(),
      currency,
    }),
    responses: {
      200: { description: 'The stored forecast, refitted first when the ledger changed since', schema: seriesForecast },
    },
    handle: async ({ userId, query }, { db }) => {
      if (query.category !== undefined && query.group !== undefined) {
        throw badRequest('ask for a category or a group, not both', [
          { path: 'query.group', message: 'not allowed together with category' },
        ]);
      }
      const key = seriesKeyFor(query);
      const body = await withUser(db, userId, async (trx) => {
        await refitIfStale(trx, userId);
        const currencyCode = await resolveCurrency(trx, query.currency);
        const stored = currencyCode === null ? null : await readSeriesForecast(trx, currencyCode, key);
        return present(key, currencyCode, stored, query.months, 'no spending in this series in the last five years');
      });
      return { status: 200, body };
    },
  }),
  route({
    method: 'GET',
    path: '/forecast/savings',
    summary:
      'Projected savings (income minus spending, transfers left out) per month with intervals, and their running total',
    query: z.object({ months, currency }),
    responses: {
      200: {
        description: 'Projected monthly savings',
        schema: seriesForecast.extend({ points: z.array(point.extend({ cumulativeExpected: z.number().int() })) }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const body = await withUser(db, userId, async (trx) => {
        await refitIfStale(trx, userId);
        const currencyCode = await resolveCurrency(trx, query.currency);
        const stored = currencyCode === null ? null : await readSeriesForecast(trx, currencyCode, 'net');
        const base = present('net', currencyCode, stored, query.months, 'no income or spending in the last five years');
        let running = 0;
        return { ...base, points: base.points.map((p) => ({ ...p, cumulativeExpected: (running += p.expected) })) };
      });
      return { status: 200, body };
    },
  }),
  route({
    method: 'GET',
    path: '/forecast/cashflow',
    summary:
      "Each account's projected daily balance: recurring payments on their dates plus the rest of its usual flow",
    query: z.object({ days: z.coerce.number().int().min(1).max(180).default(60) }),
    responses: {
      200: {
        description: 'One projection per account, in its own currency',
        schema: z.object({
          items: z.array(
            z.object({
              accountId: z.string(),
              name: z.string(),
              currency: z.string(),
              balance: z.number().int(),
              history: z
                .array(z.object({ date: z.string(), balance: z.number().int() }))
                .describe(
                  `end-of-day balances of the last ${CASHFLOW_HISTORY_DAYS} days, up to today: where the projection starts`,
                ),
              points: z.array(
                z.object({
                  date: z.string(),
                  expected: z.number().int(),
                  lower80: z.number().int(),
                  upper80: z.number().int(),
                }),
              ),
              lowest: z.object({ date: z.string(), amount: z.number().int() }),
              shortfallProbability: z
                .number()
                .min(0)
                .max(1)
                .describe('chance the balance goes below zero before the next recurring income'),
              nextIncome: z.string().nullable(),
              recurring: z.array(
                z.object({ payee: z.string(), amount: z.number().int(), dayOfMonth: z.number().int() }),
              ),
            }),
          ),
        }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const today = new Date();
      const todayDate = today.toISOString().slice(0, 10);
      const currentMonth = monthOfDate(today);
      const complete = monthRange(addMonths(currentMonth, -CASHFLOW_MONTHS), addMonths(currentMonth, -1));
      const from = `${complete[0]}-01`;
      const before = `${currentMonth}-01`;
      const { balances, daily, flows, payeeMonths } = await withUser(db, userId, async (trx) => ({
        balances: await accountBalances(trx),
        daily: await accountDailyBalances(trx, addDays(todayDate, 1 - CASHFLOW_HISTORY_DAYS), todayDate),
        flows: await accountMonthlyFlows(trx, from, before),
        payeeMonths: await recurringPayeeMonths(trx, from, `${addMonths(currentMonth, 1)}-01`, 3),
      }));
      const recurring = detectMonthlyRecurring(payeeMonths, complete.slice(-4), currentMonth);
      const items = balances.map((account) => {
        const other = complete.map((month) => {
          const total = flows.find((f) => f.accountId === account.accountId && f.month === month)?.total ?? 0;
          const recurringThatMonth = payeeMonths
            .filter(
              (p) =>
                p.accountId === account.accountId &&
                p.month === month &&
                recurring.some(
                  (r) =>
                    r.accountId === p.accountId && r.payee === p.payee && Math.sign(r.amount) === Math.sign(p.total),
                ),
            )
            .reduce((s, p) => s + p.total, 0);
          return total - recurringThatMonth;
        });
        const history = daily
          .filter((d) => d.accountId === account.accountId)
          .map(({ date, balance }) => ({ date, balance }));
        // Today's end-of-day balance; rows dated after today (scheduled ones) are left to the projection's days.
        const balance = history.at(-1)?.balance ?? account.balance;
        const projection = projectCashflow(
          { accountId: account.accountId, currency: account.currency, balance, otherMonthlyFlow: other },
          recurring,
          todayDate,
          query.days,
        );
        return { name: account.name, balance, history, ...projection };
      });
      return { status: 200, body: { items } };
    },
  }),
];
