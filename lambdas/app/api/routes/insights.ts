import { z } from 'zod';
import {
  decideRecurringSeries,
  dismissAnomaly,
  listAnomalies,
  listRecurringSeries,
  readInsightSnapshot,
  type StoredAnomaly,
  type StoredSeries,
} from '../../../adapters/postgres/repositories/insights';
import { withUser } from '../../../adapters/postgres/user-scope';
import { dayNumber } from '../../../core/insights/calendar-days';
import { CADENCES } from '../../../core/insights/cadence';
import { RECURRING_KINDS } from '../../../core/insights/recurring-kind';
import { merchantDisplayName } from '../../../core/merchant-display-name';
import { decodeCursor, limitQuery, page, requireUuid } from '../pagination';
import { notFound } from '../problem';
import { route } from '../route';

const seriesSchema = z.object({
  id: z.string(),
  name: z.string(),
  merchant: z.string(),
  kind: z.enum(RECURRING_KINDS),
  cadence: z.enum(CADENCES),
  currency: z.string(),
  direction: z.enum(['in', 'out']),
  amount: z.number().int(),
  amountRange: z.object({ min: z.number().int(), max: z.number().int() }),
  occurrences: z.number().int(),
  lastDate: z.string(),
  nextExpected: z.string(),
  nextAmount: z.number().int(),
  priceChange: z.object({ from: z.number().int(), to: z.number().int(), date: z.string() }).nullable(),
  yearlyTotal: z.number().int(),
  cadenceNamed: z
    .string()
    .nullable()
    .describe(
      'the words of its text that name its cadence ("365 days", "1 month"), when they are why it was found from fewer charges than a rhythm alone needs',
    ),
  confirmed: z.boolean(),
  status: z.enum(['active', 'stopped', 'dismissed']),
});

const anomalySchema = z.object({
  id: z.string(),
  transactionId: z.string().nullable(),
  date: z.string(),
  merchant: z.string().describe('the merchant key the charge was judged under'),
  name: z
    .string()
    .describe('the merchant as the person reads it (the key capitalised); empty when the bank printed none'),
  amount: z.number().int(),
  currency: z.string(),
  kind: z.string(),
  reason: z.string(),
  score: z.number(),
  dismissed: z.boolean(),
});

function present(series: StoredSeries): z.infer<typeof seriesSchema> {
  return {
    id: series.id,
    name: series.name,
    merchant: series.merchant,
    kind: series.kind,
    cadence: series.cadence,
    currency: series.currency,
    direction: series.direction,
    amount: series.amount,
    amountRange: series.amountRange,
    occurrences: series.occurrences,
    lastDate: series.lastDate,
    nextExpected: series.nextExpected,
    nextAmount: series.nextAmount,
    priceChange: series.priceChange,
    yearlyTotal: series.yearlyTotal,
    cadenceNamed: series.cadenceNamed ?? null,
    confirmed: series.confirmed,
    status: series.dismissed ? 'dismissed' : series.status,
  };
}

/** An unusual charge as the API shows it: with its merchant's display name beside the key. */
function presentAnomaly(anomaly: StoredAnomaly): z.infer<typeof anomalySchema> {
  return { ...anomaly, name: merchantDisplayName(anomaly.merchant) };
}

const UPCOMING_DAYS = 30;

/** Recurring payments, unusual charges, habits and nudges: stored after each import and nightly, served as they are. */
export const insightRoutes = [
  route({
    method: 'GET',
    path: '/insights/recurring',
    summary:
      'Recurring series (subscriptions, bills, rent, pay…) with next date and amount, price rises, upcoming bills for 30 days and subscriptions’ yearly total',
    query: z.object({ includeDismissed: z.enum(['true', 'false']).default('false') }),
    responses: {
      200: {
        description: 'The series, soonest due first',
        schema: z.object({
          items: z.array(seriesSchema),
          upcoming: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              date: z.string(),
              amount: z.number().int(),
              currency: z.string(),
            }),
          ),
          subscriptionsYearly: z.array(
            z.object({ currency: z.string(), total: z.number().int(), count: z.number().int() }),
          ),
          computedAt: z.string().nullable(),
        }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const { series, snapshot } = await withUser(db, userId, async (trx) => ({
        series: await listRecurringSeries(trx),
        snapshot: await readInsightSnapshot(trx),
      }));
      const items = series.filter((one) => query.includeDismissed === 'true' || !one.dismissed).map(present);
      const today = dayNumber(new Date().toISOString().slice(0, 10));
      const upcoming = items
        .filter(
          (one) =>
            one.status === 'active' &&
            one.direction === 'out' &&
            dayNumber(one.nextExpected) >= today &&
            dayNumber(one.nextExpected) <= today + UPCOMING_DAYS,
        )
        .map((one) => ({
          id: one.id,
          name: one.name,
          date: one.nextExpected,
          amount: one.nextAmount,
          currency: one.currency,
        }));
      const subscriptions = items.filter((one) => one.kind === 'subscription' && one.status === 'active');
      const subscriptionsYearly = [...new Set(subscriptions.map((one) => one.currency))].map((currency) => ({
        currency,
        total: subscriptions.filter((one) => one.currency === currency).reduce((sum, one) => sum + one.yearlyTotal, 0),
        count: subscriptions.filter((one) => one.currency === currency).length,
      }));
      return { status: 200, body: { items, upcoming, subscriptionsYearly, computedAt: snapshot?.computedAt ?? null } };
    },
  }),
  route({
    method: 'PATCH',
    path: '/insights/recurring/{id}',
    summary:
      'Confirm, rename, re-kind or dismiss a recurring series; the decision outlives re-detection and re-imports',
    params: z.object({ id: z.string() }),
    body: z
      .object({
        name: z.string().trim().min(1).max(120).nullable().optional(),
        kind: z.enum(RECURRING_KINDS).nullable().optional(),
        confirmed: z.boolean().optional(),
        dismissed: z.boolean().optional(),
      })
      .strict(),
    responses: {
      200: { description: 'The series', schema: seriesSchema },
      404: { description: 'No such series of this person' },
    },
    handle: async ({ userId, params, body }, { db }) => {
      const id = requireUuid(params.id, 'the recurring series');
      const series = await withUser(db, userId, (trx) => decideRecurringSeries(trx, id, body));
      if (!series) throw notFound('the recurring series');
      return { status: 200, body: present(series) };
    },
  }),
  route({
    method: 'GET',
    path: '/insights/anomalies',
    summary: 'Unusual charges, newest first, each with a reason and a score',
    query: z.object({
      limit: limitQuery,
      cursor: z.string().optional(),
      includeDismissed: z.enum(['true', 'false']).default('false'),
    }),
    responses: {
      200: {
        description: 'One page of unusual charges',
        schema: z.object({ items: z.array(anomalySchema), nextCursor: z.string().nullable() }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const after = decodeCursor(query.cursor, z.object({ date: z.string(), id: z.string() }));
      const items = await withUser(db, userId, (trx) =>
        listAnomalies(trx, { limit: query.limit, after, includeDismissed: query.includeDismissed === 'true' }),
      );
      return {
        status: 200,
        body: page(items.map(presentAnomaly), query.limit, (item) => ({ date: item.date, id: item.id })),
      };
    },
  }),
  route({
    method: 'PATCH',
    path: '/insights/anomalies/{id}',
    summary: 'Dismiss an unusual charge (or bring it back)',
    params: z.object({ id: z.string() }),
    body: z.object({ dismissed: z.boolean() }).strict(),
    responses: {
      200: { description: 'The unusual charge', schema: anomalySchema },
      404: { description: 'No such unusual charge of this person' },
    },
    handle: async ({ userId, params, body }, { db }) => {
      const id = requireUuid(params.id, 'the unusual charge');
      const anomaly = await withUser(db, userId, (trx) => dismissAnomaly(trx, id, body.dismissed));
      if (!anomaly) throw notFound('the unusual charge');
      return { status: 200, body: presentAnomaly(anomaly) };
    },
  }),
  route({
    method: 'GET',
    path: '/insights/habits',
    summary:
      'Weekday and weekend spending, no-spend days, small frequent purchases, fees, subscriptions and swinging categories, each opportunity as a monthly amount',
    responses: {
      200: {
        description: 'Habits as last computed',
        schema: z.object({ habits: z.unknown(), computedAt: z.string().nullable(), asOf: z.string().nullable() }),
      },
    },
    handle: async ({ userId }, { db }) => {
      const snapshot = await withUser(db, userId, (trx) => readInsightSnapshot(trx));
      return {
        status: 200,
        body: {
          habits: snapshot?.habits ?? null,
          computedAt: snapshot?.computedAt ?? null,
          asOf: snapshot?.asOf ?? null,
        },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/insights/nudges',
    summary: 'Positive nudges and warnings, each tied to a figure',
    responses: {
      200: {
        description: 'Nudges as last computed',
        schema: z.object({ items: z.array(z.unknown()), computedAt: z.string().nullable() }),
      },
    },
    handle: async ({ userId }, { db }) => {
      const snapshot = await withUser(db, userId, (trx) => readInsightSnapshot(trx));
      return {
        status: 200,
        body: { items: (snapshot?.nudges as unknown[] | undefined) ?? [], computedAt: snapshot?.computedAt ?? null },
      };
    },
  }),
];
