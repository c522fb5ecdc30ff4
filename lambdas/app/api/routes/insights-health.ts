/** The health score and peer comparison: figures from the maintained aggregates (recurring series, anomalies and habits are in insights.ts). */
import { z } from 'zod';
import { cohortFigures, peerComparisonOptIn } from '../../../adapters/postgres/repositories/peers';
import { usedCategoriesAndCurrencies } from '../../../adapters/postgres/repositories/aggregates';
import { withUser } from '../../../adapters/postgres/user-scope';
import { percentileAmong } from '../../../core/health/peer-percentile';
import { monthsBetween, shiftMonth } from '../../../core/summary/months';
import { healthReading, refreshPeerProfile } from '../../plans';
import { badRequest } from '../problem';
import { route } from '../route';
import { currentMonth, monthParam, requireKnownCurrency, today } from './summary-params';

const componentName = z.enum(['savingsRate', 'spendingConsistency', 'emergencyFund', 'debtToIncome', 'goalProgress']);
const healthSchema = z.object({
  month: z.string(),
  currency: z.string().nullable(),
  score: z.number().int().nullable().describe('0–100; null when no component has data (never made up)'),
  outOf: z.literal(100).describe('the top of the scale'),
  components: z.array(
    z.object({
      name: componentName,
      baseWeight: z.number(),
      weight: z.number().describe('after missing components’ weights are shared out'),
      value: z.number(),
      score: z.number().int(),
      reason: z.string(),
      improve: z.string(),
    }),
  ),
  missing: z.array(z.object({ name: componentName, baseWeight: z.number(), reason: z.string() })),
});

const currencyQuery = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
  .optional();

export const MINIMUM_COHORT = 20;

export const healthInsightRoutes = [
  route({
    method: 'GET',
    path: '/insights/health',
    summary:
      'The financial health score: savings rate, spending consistency, emergency fund, debt-to-income and goal progress, each explained',
    query: z.object({ currency: currencyQuery }),
    responses: { 200: { description: 'The score', schema: healthSchema }, 400: { description: 'Unknown currency' } },
    handle: async ({ userId, query }, { db }) => {
      const body = await withUser(db, userId, async (trx) => {
        // one statement; a currency the person has no money in is named after it
        const { health, currencies } = await healthReading(trx, currentMonth(), today(), query.currency);
        requireKnownCurrency(query.currency, currencies);
        return health;
      });
      return { status: 200, body };
    },
  }),
  route({
    method: 'GET',
    path: '/insights/health/history',
    summary:
      'The health score month by month (goal progress counts only in the current month: past goal balances are not kept)',
    query: z.object({
      months: z.coerce.number().int().min(1).max(36, 'at most 36 months').default(12),
      to: monthParam.optional(),
      currency: currencyQuery,
    }),
    responses: {
      200: { description: 'Scores by month', schema: z.object({ items: z.array(healthSchema) }) },
      400: { description: 'A bad parameter, named' },
    },
    handle: async ({ userId, query }, { db }) => {
      const to = query.to ?? currentMonth();
      if (monthsBetween(to, currentMonth()) < 0)
        throw badRequest('to is in the future', [{ path: 'query.to', message: 'must not be after this month' }]);
      const items = await withUser(db, userId, async (trx) => {
        const results = [];
        for (let i = query.months - 1; i >= 0; i -= 1) {
          const { health, currencies } = await healthReading(trx, shiftMonth(to, -i), today(), query.currency);
          requireKnownCurrency(query.currency, currencies);
          results.push(health);
        }
        return results;
      });
      return { status: 200, body: { items } };
    },
  }),
  route({
    method: 'GET',
    path: '/insights/peers',
    summary:
      "The person's savings rate percentile and category shares against an opted-in cohort (same country, currency, income band) of at least 20, or why not",
    query: z.object({ currency: currencyQuery }),
    responses: {
      200: {
        description: 'Comparison, or the reason there is none',
        schema: z.object({
          available: z.boolean(),
          reason: z.string().nullable(),
          currency: z.string().nullable(),
          minimumCohort: z.number().int(),
          savingsRate: z
            .object({
              yours: z.number().nullable(),
              percentile: z.number().int().nullable(),
              cohortMedian: z.number().nullable(),
            })
            .nullable(),
          categoryShares: z
            .array(z.object({ category: z.string(), yours: z.number(), cohortMedian: z.number() }))
            .nullable(),
        }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const body = await withUser(db, userId, async (trx) => {
        const none = (reason: string, currency: string | null = null) => ({
          available: false,
          reason,
          currency,
          minimumCohort: MINIMUM_COHORT,
          savingsRate: null,
          categoryShares: null,
        });
        if (!(await peerComparisonOptIn(trx)))
          return none('peer comparison is off: turn it on with PATCH /me {"peerComparison": true}');
        const used = await usedCategoriesAndCurrencies(trx);
        requireKnownCurrency(query.currency, used.currencies);
        const currency = query.currency ?? used.currencies[0];
        if (!currency) return none('no transactions yet');
        const mine = await refreshPeerProfile(trx, userId, currentMonth(), currency);
        if (!mine) return none('no complete month of figures yet', currency);
        const cohort = await cohortFigures(trx, userId, currency);
        if (!cohort || !cohort.savingsRateCuts) {
          return none(
            `fewer than ${MINIMUM_COHORT} people who opted in share your country, currency and income band`,
            currency,
          );
        }
        const rate = mine.income > 0 ? Math.round(((mine.income - mine.spending) / mine.income) * 1000) / 1000 : null;
        const totals = new Map(Object.entries(mine.categorySpending));
        const spent = mine.spending;
        return {
          available: true,
          reason: null,
          currency,
          minimumCohort: MINIMUM_COHORT,
          savingsRate: {
            yours: rate,
            percentile: rate === null ? null : percentileAmong(rate, cohort.savingsRateCuts),
            cohortMedian: Math.round(cohort.savingsRateCuts[2] * 1000) / 1000,
          },
          categoryShares: Object.entries(cohort.categoryShareMedians ?? {}).map(([category, median]) => ({
            category,
            yours: spent > 0 ? Math.round(((totals.get(category) ?? 0) / spent) * 1000) / 1000 : 0,
            cohortMedian: Math.round(median * 1000) / 1000,
          })),
        };
      });
      return { status: 200, body };
    },
  }),
];
