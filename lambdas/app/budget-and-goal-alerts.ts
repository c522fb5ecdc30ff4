import { listGoals } from '../adapters/postgres/repositories/goals';
import { enqueueNotification } from '../adapters/postgres/repositories/notifications';
import type { UserTransaction } from '../adapters/postgres/user-scope';
import { moneyText } from '../core/money';
import { writeBudgetStateChanges } from './budgets';
import { goalSavedAmounts } from './plans';

/** The quarters of a goal a person is told about, highest first. */
const MILESTONES = [100, 75, 50, 25] as const;

export interface BudgetAndGoalAlerts {
  budgetsChecked: number;
  budgetsNotOk: number;
  milestonesWritten: number;
}

/**
 * Alerts that follow from the person's ledger rather than from one charge, written to the
 * notifications outbox in the caller's transaction after every import and nightly, so that a
 * person hears about them without opening a page first:
 * - a budget's change of state this month (ok → warning → over), each state once per budget and
 *   month (`GET /budgets/status` only reads: a GET writes nothing);
 * - the highest quarter of a goal's target reached so far (25, 50, 75, 100%), once per goal and
 *   quarter (a goal already at 80% when first seen is told 75%, not three alerts at once).
 */
export async function writeBudgetAndGoalAlerts(
  trx: UserTransaction,
  userId: string,
  today: string,
): Promise<BudgetAndGoalAlerts> {
  const statuses = await writeBudgetStateChanges(trx, userId, today);

  let milestonesWritten = 0;
  const goals = await listGoals(trx);
  const saved = goals.length ? await goalSavedAmounts(trx, goals) : new Map<string, number>();
  for (const goal of goals) {
    if (goal.target_amount <= 0) continue;
    const amount = saved.get(goal.id) ?? goal.current_saved;
    const reached = MILESTONES.find((percent) => amount * 100 >= goal.target_amount * percent);
    if (!reached) continue;
    const currency = goal.currency.trim();
    const written = await enqueueNotification(trx, userId, {
      kind: 'goal_milestone',
      dedupeKey: `goal_milestone|${goal.id}|${reached}`,
      title: reached === 100 ? `${goal.name}: reached` : `${goal.name}: ${reached}% saved`,
      body: `${moneyText(amount, currency)} of ${moneyText(goal.target_amount, currency)} saved${
        reached === 100 ? ': the goal is reached.' : '.'
      }`,
      data: { goalId: goal.id, percent: reached, saved: amount, target: goal.target_amount, currency },
    });
    if (written) milestonesWritten += 1;
  }
  return {
    budgetsChecked: statuses.length,
    budgetsNotOk: statuses.filter((status) => status.status !== 'ok').length,
    milestonesWritten,
  };
}
