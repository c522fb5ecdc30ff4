import type { Selectable } from 'kysely';
import type { GoalsTable } from '../schema';
import type { UserTransaction } from '../user-scope';

export type GoalRow = Selectable<GoalsTable>;

export interface GoalInput {
  name: string;
  targetAmount: number;
  currency: string;
  currentSaved: number;
  accountId: string | null;
  targetDate: string | null;
}

export async function listGoals(trx: UserTransaction): Promise<GoalRow[]> {
  return trx.selectFrom('goals').selectAll().orderBy('created_at').orderBy('id').limit(100).execute();
}

export async function findGoal(trx: UserTransaction, id: string): Promise<GoalRow | undefined> {
  return trx.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function createGoal(trx: UserTransaction, userId: string, goal: GoalInput): Promise<GoalRow> {
  return trx
    .insertInto('goals')
    .values({
      user_id: userId,
      name: goal.name,
      target_amount: goal.targetAmount,
      currency: goal.currency,
      current_saved: goal.currentSaved,
      account_id: goal.accountId,
      target_date: goal.targetDate,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateGoal(
  trx: UserTransaction,
  id: string,
  change: Partial<GoalInput>,
): Promise<GoalRow | undefined> {
  const set = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.targetAmount !== undefined ? { target_amount: change.targetAmount } : {}),
    ...(change.currentSaved !== undefined ? { current_saved: change.currentSaved } : {}),
    ...(change.accountId !== undefined ? { account_id: change.accountId } : {}),
    ...(change.targetDate !== undefined ? { target_date: change.targetDate } : {}),
  };
  if (Object.keys(set).length === 0) return findGoal(trx, id);
  return trx.updateTable('goals').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteGoal(trx: UserTransaction, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('goals').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
