import { categoryGroupOverrides, spendingAggregates } from '../adapters/postgres/repositories/aggregates';
import {
  dailySpending,
  listBudgets,
  setBudgetState,
  storeSpendingProfile,
  storedSpendingProfile,
  type BudgetRow,
} from '../adapters/postgres/repositories/budgets';
import { enqueueNotification } from '../adapters/postgres/repositories/notifications';
import type { UserTransaction } from '../adapters/postgres/user-scope';
import { budgetStatus, type BudgetStatus } from '../core/budgets/budget-status';
import { spendingProfile, type SpendingProfile } from '../core/budgets/spending-profile';
import { categoryGrouper, isBudgetGroup, type SummaryGroup } from '../core/summary/category-groups';
import { flowOf } from '../core/summary/money-flows';
import { shiftMonth } from '../core/summary/months';

/** A budget on a 50/30/20 group is stored under this prefix; a category under its name. */
export const GROUP_PREFIX = 'group:';

/** How many complete months the within-month profile is read from. */
const PROFILE_MONTHS = 6;

export function budgetKey(name: string): string {
  return isBudgetGroup(name.toLowerCase()) ? `${GROUP_PREFIX}${name.toLowerCase()}` : name;
}

export function budgetName(key: string): { category: string; kind: 'category' | 'group' } {
  return key.startsWith(GROUP_PREFIX)
    ? { category: key.slice(GROUP_PREFIX.length), kind: 'group' }
    : { category: key, kind: 'category' };
}

/**
 * The person's profile for `month`, from the cache or worked out from the 6 months before it.
 * Only the alert writer (`keep`) stores what it worked out: a read never writes.
 */
async function profileFor(
  trx: UserTransaction,
  userId: string,
  month: string,
  groupOf: (c: string) => SummaryGroup,
  keep: boolean,
): Promise<SpendingProfile> {
  const cached = await storedSpendingProfile(trx, month);
  if (cached) return cached as SpendingProfile;
  const from = shiftMonth(month, -PROFILE_MONTHS);
  const to = shiftMonth(month, -1);
  const days = await dailySpending(trx, from, to);
  const withGroups = days.flatMap((d) => {
    const group = groupOf(d.key);
    if (group === 'income' || group === 'transfer') return [];
    return [d, { ...d, key: `${GROUP_PREFIX}${group}` }];
  });
  const months = Array.from({ length: PROFILE_MONTHS }, (_, i) => shiftMonth(from, i));
  const profile = spendingProfile(withGroups, months);
  if (keep) await storeSpendingProfile(trx, userId, month, profile);
  return profile;
}

export interface BudgetStatusItem extends BudgetStatus {
  category: string;
  kind: 'category' | 'group';
  currency: string;
  rollover: boolean;
}

/**
 * Every budget's status for `month` as of `today` (YYYY-MM-DD). Reads only: `GET /budgets/status`
 * and the coach call it, and reading writes nothing (the changes of state are written by
 * `writeBudgetStateChanges`, after every import, nightly and when a limit is set).
 */
export async function budgetStatuses(
  trx: UserTransaction,
  userId: string,
  month: string,
  today: string,
): Promise<BudgetStatusItem[]> {
  return (await statusesOf(trx, userId, month, today, false)).map(({ item }) => item);
}

/**
 * This month's budgets as of `today`, with each change of state (ok → warning → over) written once
 * to the notifications outbox in the caller's transaction and remembered on the budget (the
 * outbox's dedupe key names the budget, month and state, so no path writes one twice).
 */
export async function writeBudgetStateChanges(
  trx: UserTransaction,
  userId: string,
  today: string,
): Promise<BudgetStatusItem[]> {
  const month = today.slice(0, 7);
  const statuses = await statusesOf(trx, userId, month, today, true);
  for (const { budget, item } of statuses) {
    const state = `${month}:${item.status}`;
    if (budget.lastState === state) continue;
    const previous = budget.lastState?.startsWith(`${month}:`) ? budget.lastState.slice(8) : 'ok';
    if (item.status !== 'ok' && item.status !== previous) {
      const { category, kind } = item;
      await enqueueNotification(trx, userId, {
        kind: 'budget',
        dedupeKey: `budget:${budget.category}:${state}`,
        title: item.status === 'over' ? `Over budget: ${category}` : `Budget nearly used: ${category}`,
        body:
          item.status === 'over'
            ? `${category} has gone over its limit for ${month}.`
            : item.expectedCrossing
              ? `${category} is expected to go over its limit around ${item.expectedCrossing}.`
              : `${category} has used most of its limit for ${month}.`,
        data: {
          category,
          kind,
          month,
          status: item.status,
          spent: item.spent,
          available: item.available,
          projected: item.projected,
          currency: budget.currency,
        },
      });
    }
    await setBudgetState(trx, budget.category, state);
  }
  return statuses.map(({ item }) => item);
}

async function statusesOf(
  trx: UserTransaction,
  userId: string,
  month: string,
  today: string,
  keepProfile: boolean,
): Promise<{ budget: BudgetRow; item: BudgetStatusItem }[]> {
  const budgets = await listBudgets(trx);
  if (budgets.length === 0) return [];
  const groupOf = categoryGrouper(await categoryGroupOverrides(trx));
  const cells = await spendingAggregates(trx, shiftMonth(month, -1), month);
  const spentIn = (budget: BudgetRow, inMonth: string) => {
    const { category, kind } = budgetName(budget.category);
    return cells
      .filter(
        (c) =>
          c.month === inMonth &&
          c.currency === budget.currency &&
          (kind === 'group' ? groupOf(c.category) === category : c.category === category),
      )
      .reduce((sum, c) => sum + flowOf(groupOf(c.category), c.spent, c.received).expenses, 0);
  };
  const todayMonth = today.slice(0, 7);
  const dayOfMonth = month < todayMonth ? 31 : month > todayMonth ? 0 : Number(today.slice(8, 10));
  const profile = await profileFor(trx, userId, month, groupOf, keepProfile);
  return budgets.map((budget) => {
    const carried = budget.rollover ? Math.max(0, budget.monthlyLimit - spentIn(budget, shiftMonth(month, -1))) : 0;
    const status = budgetStatus({
      month,
      dayOfMonth,
      limit: budget.monthlyLimit,
      carried,
      spent: spentIn(budget, month),
      profile: profile[budget.currency]?.[budget.category],
    });
    const { category, kind } = budgetName(budget.category);
    return { budget, item: { category, kind, currency: budget.currency, rollover: budget.rollover, ...status } };
  });
}
