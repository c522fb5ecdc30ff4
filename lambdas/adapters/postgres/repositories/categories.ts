import { sql, type Selectable } from 'kysely';
import type { CategoryGroup } from '../../../core/categorise/taxonomy';
import type { CategoriesTable } from '../schema';
import type { UserTransaction } from '../user-scope';

export type CategoryRow = Selectable<CategoriesTable>;

/** The person's own categories and their changes to default ones (a default's row exists once it was changed). */
export async function listOwnCategories(trx: UserTransaction): Promise<CategoryRow[]> {
  return trx.selectFrom('categories').selectAll().orderBy('created_at').execute();
}

export async function findCategory(trx: UserTransaction, id: string): Promise<CategoryRow | undefined> {
  return trx.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCategory(
  trx: UserTransaction,
  userId: string,
  category: { name: string; group: CategoryGroup; isDefault?: boolean },
): Promise<CategoryRow> {
  return trx
    .insertInto('categories')
    .values({
      user_id: userId,
      name: category.name,
      group: category.group,
      is_default: category.isDefault ?? false,
      merged_into: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a category's group or whether it is retired; undefined leaves either as it is. */
export async function updateCategory(
  trx: UserTransaction,
  id: string,
  changes: { group?: CategoryGroup; retired?: boolean },
): Promise<void> {
  const set = {
    ...(changes.group ? { group: changes.group } : {}),
    ...(changes.retired !== undefined ? { retired: changes.retired } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('categories').set(set).where('id', '=', id).execute();
}

/** The old name of a renamed or merged category stays, retired, as a pointer so old rules or exports still resolve. */
export async function retireInto(trx: UserTransaction, id: string, target: string): Promise<void> {
  await trx.updateTable('categories').set({ merged_into: target, retired: true }).where('id', '=', id).execute();
}

/**
 * Everything that names a category by its name follows a rename or merge: transactions (and
 * their splits), rules, the corrections a model is rebuilt from, and cached tier-3 answers.
 * Returns how many transactions moved.
 */
export async function relabelCategory(trx: UserTransaction, from: string, to: string): Promise<number> {
  const moved = await trx
    .updateTable('transactions')
    .set({ category: to, updated_at: new Date() })
    .where('category', '=', from)
    .executeTakeFirst();
  await sql`update transactions set splits = (
      select jsonb_agg(case when s->>'category' = ${from} then jsonb_set(s, '{category}', to_jsonb(${to}::text)) else s end) from jsonb_array_elements(splits) s)
    where splits is not null and splits @> ${JSON.stringify([{ category: from }])}::jsonb`.execute(trx);
  await trx.updateTable('rules').set({ category: to }).where('category', '=', from).execute();
  await trx.updateTable('corrections').set({ category: to }).where('category', '=', from).execute();
  await trx.updateTable('merchant_answers').set({ category: to }).where('category', '=', from).execute();
  return Number(moved.numUpdatedRows ?? 0);
}

/** Each of the person's category rows as the categoriser reads it: name, retired, and the name it was merged into. */
export async function listCategoryStates(
  trx: UserTransaction,
): Promise<{ name: string; retired: boolean; mergedInto: string | null }[]> {
  const rows = await trx.selectFrom('categories').select(['name', 'retired', 'merged_into']).execute();
  return rows.map((row) => ({ name: row.name, retired: row.retired, mergedInto: row.merged_into }));
}

/** Adds a label the person used as one of their categories, unless a category of that name exists. */
export async function insertCategoryIfAbsent(
  trx: UserTransaction,
  userId: string,
  category: { name: string; group: CategoryGroup },
): Promise<void> {
  await trx
    .insertInto('categories')
    .values({ user_id: userId, name: category.name, group: category.group, merged_into: null })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
    .execute();
}
