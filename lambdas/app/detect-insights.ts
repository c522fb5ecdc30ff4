import { enqueueNotification } from '../adapters/postgres/repositories/notifications';
import {
  listRecurringSeries,
  readInsightHistory,
  replaceRecurringSeries,
  saveAnomalies,
  saveInsightSnapshot,
} from '../adapters/postgres/repositories/insights';
import type { Db } from '../adapters/postgres/schema';
import { listUserIds, withUser, type UserTransaction } from '../adapters/postgres/user-scope';
import { dateOfDay, dayNumber } from '../core/insights/calendar-days';
import { detectAnomalies } from '../core/insights/detect-anomalies';
import { detectRecurring } from '../core/insights/detect-recurring';
import { habitsOf } from '../core/insights/habits';
import { nudgesOf } from '../core/insights/nudges';
import { writeBudgetAndGoalAlerts, type BudgetAndGoalAlerts } from './budget-and-goal-alerts';
import { moneyText } from '../core/money';

/** History the detectors read: three yearly renewals and a little more. */
const HISTORY_DAYS = 4 * 365 + 30;
/** Charges this recent are judged for unusual ones; older ones are only the baseline. */
const ANOMALY_WINDOW_DAYS = 60;
/** A bill due this soon is announced. */
const UPCOMING_BILL_DAYS = 3;

export interface InsightsSummary {
  transactionsRead: number;
  series: number;
  anomalies: number;
  newAnomalies: number;
  /** Notifications this run wrote for unusual charges, price rises and upcoming bills. */
  notifications: number;
  /** Budget states (each change written once) and goal milestones written. */
  alerts: BudgetAndGoalAlerts;
}

/**
 * Recomputes a person's insights in their transaction: recurring series (keeping their
 * decisions), unusual charges, habits and nudges, and writes the notifications they cause
 * (new unusual charges and price rises, bills due in the next days) to the outbox in the same
 * transaction, with the budgets' changes of state and the goals' milestones, so that every
 * alert exists without the person reading a route first. Each is written at most once (the
 * outbox's dedupe key names the event). Called by the forecast Lambda after each import (the
 * local stack runs the same handler) and by the nightly job.
 */
export async function detectInsights(trx: UserTransaction, userId: string, today: string): Promise<InsightsSummary> {
  const history = await readInsightHistory(trx, dateOfDay(dayNumber(today) - HISTORY_DAYS));
  const asOf = history.reduce((latest, row) => (row.date > latest ? row.date : latest), '') || today;
  const series = detectRecurring(history, { asOf });
  await replaceRecurringSeries(trx, userId, series);
  const anomalies = detectAnomalies(history, {
    asOf,
    recurring: series,
    since: dateOfDay(dayNumber(asOf) - ANOMALY_WINDOW_DAYS),
  });
  const fresh = await saveAnomalies(trx, userId, anomalies);
  const habits = habitsOf(history, series, asOf);
  const nudges = nudgesOf({ habits, recurring: series, anomalies, today });
  await saveInsightSnapshot(trx, userId, {
    asOf: history.length ? asOf : null,
    transactionsRead: history.length,
    habits,
    nudges,
  });

  let notifications = 0;
  for (const anomaly of fresh) {
    const priceRise = anomaly.kind === 'price_rise';
    const written = await enqueueNotification(trx, userId, {
      kind: priceRise ? 'price_rise' : 'anomaly',
      dedupeKey: `anomaly|${anomaly.key}`,
      title: priceRise ? 'A price went up' : 'An unusual charge',
      body: anomaly.reason,
      data: {
        kind: anomaly.kind,
        transactionId: anomaly.transactionId,
        amount: anomaly.amount,
        currency: anomaly.currency,
        date: anomaly.date,
      },
    });
    if (written) notifications += 1;
  }
  const stored = await listRecurringSeries(trx);
  for (const bill of stored) {
    const daysAway = dayNumber(bill.nextExpected) - dayNumber(today);
    if (
      bill.dismissed ||
      bill.status !== 'active' ||
      bill.direction !== 'out' ||
      daysAway < 0 ||
      daysAway > UPCOMING_BILL_DAYS
    )
      continue;
    const written = await enqueueNotification(trx, userId, {
      kind: 'upcoming_bill',
      dedupeKey: `upcoming_bill|${bill.id}|${bill.nextExpected}`,
      title: `${bill.name} is due ${daysAway === 0 ? 'today' : daysAway === 1 ? 'tomorrow' : `in ${daysAway} days`}`,
      body: `About ${moneyText(Math.abs(bill.nextAmount), bill.currency)} expected on ${bill.nextExpected}.`,
      data: { seriesId: bill.id, nextExpected: bill.nextExpected, amount: bill.nextAmount, currency: bill.currency },
    });
    if (written) notifications += 1;
  }
  const alerts = await writeBudgetAndGoalAlerts(trx, userId, today);
  return {
    alerts,
    transactionsRead: history.length,
    series: series.length,
    anomalies: anomalies.length,
    newAnomalies: fresh.length,
    notifications,
  };
}

/** The nightly run: every person's insights, each in their own scope. */
export async function detectInsightsForEveryone(
  db: Db,
  today: string,
  progress: (line: string) => void,
): Promise<{ users: number; series: number; notifications: number }> {
  const users = await listUserIds(db);
  let series = 0;
  let notifications = 0;
  for (const [index, userId] of users.entries()) {
    const summary = await withUser(db, userId, (trx) => detectInsights(trx, userId, today));
    series += summary.series;
    notifications += summary.notifications;
    progress(`insights: ${index + 1}/${users.length} people, ${series} series, ${notifications} notifications`);
  }
  return { users: users.length, series, notifications };
}
