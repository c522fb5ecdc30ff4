import type { UserTransaction } from '../user-scope';

/** A person exists from their first request or upload on; nothing else is needed to start. */
export async function ensureUser(trx: UserTransaction, userId: string, email?: string | null): Promise<void> {
  await trx
    .insertInto('users')
    .values({ id: userId, email: email ?? null })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}
