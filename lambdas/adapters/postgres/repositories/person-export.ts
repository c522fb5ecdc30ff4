import type { UserTransaction } from '../user-scope';

/**
 * Every row the person gave or chose, for `GET /me/export`: accounts, uploads, transactions
 * (with splits, notes, tags and transfers), the fingerprints of deleted imports, categories,
 * rules, corrections, "don't learn" marks, answers cached per merchant and column mappings.
 * What is computed from these (the categorisation model, forecasts) is left out: it is rebuilt
 * from the corrections and the transactions.
 */
export async function exportPerson(trx: UserTransaction, userId: string) {
  const user = await trx.selectFrom('users').selectAll().executeTakeFirst();
  return {
    user: user ?? { id: userId },
    accounts: await trx.selectFrom('accounts').selectAll().orderBy('created_at').execute(),
    uploads: await trx.selectFrom('uploads').selectAll().orderBy('created_at').execute(),
    transactions: await trx
      .selectFrom('transactions')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('date')
      .orderBy('id')
      .execute(),
    // Fingerprints of deleted imports: kept so a re-import does not bring them back.
    deletedImports: await trx
      .selectFrom('transactions')
      .select(['id', 'date', 'amount', 'currency', 'deleted_at'])
      .where('deleted_at', 'is not', null)
      .execute(),
    categories: await trx.selectFrom('categories').selectAll().orderBy('created_at').execute(),
    rules: await trx.selectFrom('rules').selectAll().orderBy('priority').orderBy('created_at').execute(),
    corrections: await trx.selectFrom('corrections').selectAll().orderBy('created_at').execute(),
    dontLearnMerchants: await trx.selectFrom('dont_learn_merchants').selectAll().execute(),
    merchantAnswers: await trx.selectFrom('merchant_answers').selectAll().execute(),
    columnMappings: await trx.selectFrom('column_mappings').selectAll().execute(),
  };
}
