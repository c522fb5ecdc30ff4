import { listAccounts, monthlyMovements } from '../adapters/postgres/repositories/accounts';
import {
  accountSums,
  busiestCurrency,
  categoryGroupOverrides,
  spendingAggregates,
} from '../adapters/postgres/repositories/aggregates';
import { listGoals, type GoalRow } from '../adapters/postgres/repositories/goals';
import { savePeerProfile } from '../adapters/postgres/repositories/peers';
import type { UserTransaction } from '../adapters/postgres/user-scope';
import { goalPlan, reversePlan, type GoalPlan } from '../core/plans/goal-plan';
import { monthlyFigures, type MonthFigures } from '../core/plans/monthly-figures';
import { recommendBudget } from '../core/plans/recommend-budget';
import { healthScore, type HealthScore } from '../core/health/health-score';
import { categoryGrouper, type SummaryGroup } from '../core/summary/category-groups';
import { median, monthRange, shiftMonth } from '../core/summary/months';

/** How many complete months the plans and the health score read. */
export const PLAN_MONTHS = 6;

export interface PersonFigures {
  currency: string | null;
  months: MonthFigures[];
  groupOf: (category: string) => SummaryGroup;
}

/** The person's last complete months before `month` in one currency (their busiest unless named). */
export async function personFigures(trx: UserTransaction, month: string, currency?: string): Promise<PersonFigures> {
  const groupOf = categoryGrouper(await categoryGroupOverrides(trx));
  const chosen = currency ?? (await busiestCurrency(trx));
  if (!chosen) return { currency: null, months: [], groupOf };
  const from = shiftMonth(month, -PLAN_MONTHS);
  const to = shiftMonth(month, -1);
  const cells = await spendingAggregates(trx, from, to, { currency: chosen });
  const first = cells.reduce<string | null>((min, c) => (min === null || c.month < min ? c.month : min), null);
  // months before the first transaction are not months of zero income
  const months = monthRange(first ?? to, to).filter((m) => m >= from);
  return {
    currency: chosen,
    months: monthlyFigures(
      cells.map((c) => ({ ...c, key: c.category })),
      first ? months : [],
      chosen,
      groupOf,
    ),
    groupOf,
  };
}

/** The real monthly surplus: the median of income minus spending over the complete months read. */
export function surplusOf(months: readonly MonthFigures[]): number {
  return Math.round(median(months.map((m) => m.income - m.expenses)) ?? 0);
}

/** What a goal has: its linked account's balance, or the amount kept by hand. */
export async function goalSavedAmounts(trx: UserTransaction, goals: readonly GoalRow[]): Promise<Map<string, number>> {
  const linked = goals.filter((g) => g.account_id);
  const accounts = linked.length
    ? (await listAccounts(trx)).filter((a) => linked.some((g) => g.account_id === a.id))
    : [];
  const sums = await accountSums(
    trx,
    accounts.map((a) => a.id),
  );
  return new Map(
    goals.map((g) => {
      const account = accounts.find((a) => a.id === g.account_id);
      return [g.id, account ? account.opening_balance + (sums.get(account.id) ?? 0) : g.current_saved];
    }),
  );
}

/** The monthly amount each dated goal needs (an undated goal asks for no fixed amount). */
export function goalsMonthlyNeed(
  goals: readonly GoalRow[],
  saved: ReadonlyMap<string, number>,
  today: string,
  except?: string,
): number {
  return goals
    .filter((g) => g.id !== except && g.target_date && g.target_date > today)
    .reduce(
      (sum, g) => sum + reversePlan(g.target_amount, saved.get(g.id) ?? 0, g.target_date!, today).requiredMonthly,
      0,
    );
}

export async function recommendation(trx: UserTransaction, today: string, currency?: string) {
  const figures = await personFigures(trx, today.slice(0, 7), currency);
  const goals = (await listGoals(trx)).filter((g) => g.currency.trim() === figures.currency);
  const saved = await goalSavedAmounts(trx, goals);
  return {
    currency: figures.currency,
    months: figures.months.map((m) => m.month),
    ...recommendBudget(figures.months, goalsMonthlyNeed(goals, saved, today), (c) => figures.groupOf(c) === 'wants'),
  };
}

export async function planForGoal(
  trx: UserTransaction,
  goal: GoalRow,
  today: string,
): Promise<GoalPlan & { saved: number; currency: string }> {
  const currency = goal.currency.trim();
  const figures = await personFigures(trx, today.slice(0, 7), currency);
  const goals = (await listGoals(trx)).filter((g) => g.currency.trim() === currency);
  const saved = await goalSavedAmounts(trx, goals);
  // the scenario with a cut names the person's largest "wants" category and a fifth of it
  const top = [...new Set(figures.months.flatMap((m) => Object.keys(m.byCategory)))]
    .filter((c) => figures.groupOf(c) === 'wants')
    .map((category) => ({
      category,
      average: Math.round(
        figures.months.reduce((s, m) => s + (m.byCategory[category] ?? 0), 0) / Math.max(1, figures.months.length),
      ),
    }))
    .sort((a, b) => b.average - a.average)[0];
  const plan = goalPlan({
    target: goal.target_amount,
    saved: saved.get(goal.id) ?? goal.current_saved,
    targetDate: goal.target_date,
    today,
    surplus: surplusOf(figures.months),
    otherGoalsMonthly: goalsMonthlyNeed(goals, saved, today, goal.id),
    cut: top && top.average > 0 ? { category: top.category, amount: Math.round(top.average * 0.2) } : null,
  });
  return { ...plan, saved: saved.get(goal.id) ?? goal.current_saved, currency };
}

/**
 * The health score as of the end of `month` (or today, for the current month), from the
 * complete months before it, account balances at that time, and goals (today's only).
 */
export async function healthAt(
  trx: UserTransaction,
  month: string,
  today: string,
  currency?: string,
): Promise<HealthScore & { month: string; currency: string | null }> {
  const figures = await personFigures(trx, month, currency);
  const accounts = (await listAccounts(trx)).filter((a) => a.currency.trim() === figures.currency);
  const movements = await monthlyMovements(trx, month);
  const balanceOf = (id: string, opening: number) =>
    opening + movements.filter((m) => m.accountId === id).reduce((s, m) => s + m.amount, 0);
  const liquid = accounts.filter((a) => a.kind === 'current' || a.kind === 'savings' || a.kind === 'cash');
  const liabilities = accounts.filter((a) => a.kind === 'credit_card' || a.kind === 'loan');
  const recent = new Set(figures.months.map((m) => m.month));
  const payments =
    liabilities.length === 0
      ? null
      : movements
          .filter((m) => liabilities.some((a) => a.id === m.accountId) && recent.has(m.month) && m.amount > 0)
          .reduce((s, m) => s + m.amount, 0) / Math.max(1, recent.size);
  const isCurrent = month === today.slice(0, 7);
  const goals = isCurrent ? (await listGoals(trx)).filter((g) => g.currency.trim() === figures.currency) : [];
  const saved = await goalSavedAmounts(trx, goals);
  const result = healthScore({
    currency: figures.currency ?? '',
    months: figures.months.map((m) => ({ income: m.income, expenses: m.expenses, needs: m.byGroup.needs })),
    liquidBalance: liquid.length
      ? liquid.reduce((s, a) => s + Math.max(0, balanceOf(a.id, a.opening_balance)), 0)
      : null,
    debt: liabilities.length
      ? liabilities.reduce((s, a) => s + Math.max(0, -balanceOf(a.id, a.opening_balance)), 0)
      : null,
    debtPayments: payments === null ? null : Math.round(payments),
    goals: goals.map((g) => {
      const created = String(g.created_at instanceof Date ? g.created_at.toISOString() : g.created_at).slice(0, 10);
      const total = g.target_date ? Date.parse(g.target_date) - Date.parse(created) : 0;
      return {
        progress: Math.min(1, (saved.get(g.id) ?? 0) / g.target_amount),
        elapsed: g.target_date && total > 0 ? Math.min(1, (Date.parse(today) - Date.parse(created)) / total) : null,
      };
    }),
  });
  return { month, currency: figures.currency, ...result };
}

/**
 * The person's own peer profile from their last complete months (in `currency`, else their
 * busiest): what the cohort function reads of them, refreshed whenever they opt in or ask
 * for their comparison. Returns the figures it saved, or null without any.
 */
export async function refreshPeerProfile(trx: UserTransaction, userId: string, month: string, currency?: string) {
  const figures = await personFigures(trx, month, currency);
  const months = figures.months.filter((m) => m.income > 0 || m.expenses > 0);
  if (!figures.currency || months.length === 0) return null;
  const categorySpending: Record<string, number> = {};
  for (const m of months)
    for (const [category, amount] of Object.entries(m.byCategory))
      categorySpending[category] = (categorySpending[category] ?? 0) + amount;
  const profile = {
    currency: figures.currency,
    months: months.length,
    categorySpending,
    income: months.reduce((s, m) => s + m.income, 0),
    spending: months.reduce((s, m) => s + m.expenses, 0),
  };
  await savePeerProfile(trx, userId, profile);
  return profile;
}
