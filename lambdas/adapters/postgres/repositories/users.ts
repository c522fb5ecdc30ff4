import type { UserTransaction } from '../user-scope';

/** A person exists from their first request or upload on; nothing else is needed to start. */
export async function ensureUser(trx: UserTransaction, userId: string, email?: string | null): Promise<void> {
  await trx
    .insertInto('users')
    .values({ id: userId, email: email ?? null })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}

/** Erases the person: every row they own goes with theirs (foreign keys cascade). False when there was none. */
export async function deleteUser(trx: UserTransaction, userId: string): Promise<boolean> {
  const result = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0) > 0;
}
