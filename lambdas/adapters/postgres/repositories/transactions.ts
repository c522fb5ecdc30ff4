import { sql, type Selectable } from 'kysely';
import type { NewTransaction } from '../../../ports/import-store';
import type { TransactionsTable } from '../schema';
import type { UserTransaction } from '../user-scope';

export type TransactionRow = Selectable<TransactionsTable>;

/**
 * Inserts new rows; a fingerprint already present (tombstones included) is skipped.
 * `arrays` sends each column as one array parameter unnested by Postgres: ten parameters
 * however many rows, several times faster than a VALUES list through postgres.js. The Data
 * API takes no array parameters, so there the VALUES list is used.
 */
export async function insertTransactions(trx: UserTransaction, userId: string, rows: readonly NewTransaction[], options: { arrays?: boolean } = {}): Promise<string[]> {
  if (rows.length === 0) return [];
  if (options.arrays) {
    const column = <K extends keyof NewTransaction>(key: K) => rows.map((row) => row[key]);
    const inserted = await sql<{ id: string }>`
      insert into transactions (user_id, id, account_id, upload_id, date, amount, currency, description, balance, fingerprint)
      select ${userId}::uuid, * from unnest(
        ${column('id')}::uuid[], ${column('accountId')}::uuid[], ${column('uploadId')}::uuid[], ${column('date')}::date[], ${column('amount')}::bigint[],
        ${column('currency')}::char(3)[], ${column('description')}::text[], ${column('balance')}::bigint[], ${column('fingerprint')}::text[])
      on conflict (user_id, fingerprint) do nothing
      returning id`.execute(trx);
    return inserted.rows.map((row) => row.id);
  }
  const inserted = await trx
    .insertInto('transactions')
    .values(rows.map((row) => ({
      id: row.id,
      user_id: userId,
      account_id: row.accountId,
      upload_id: row.uploadId,
      date: row.date,
      amount: row.amount,
      currency: row.currency,
      description: row.description,
      balance: row.balance,
      fingerprint: row.fingerprint,
      merchant: null,
      category: null,
      category_source: null,
      confidence: null,
      decided_by: null,
      transfer_id: null,
      notes: null,
      splits: null,
      deleted_at: null,
    })))
    .onConflict((conflict) => conflict.columns(['user_id', 'fingerprint']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((row) => row.id);
}

export interface TransactionFilters {
  from?: string;
  to?: string;
  accountId?: string;
  category?: string;
  q?: string;
  uploadId?: string;
  limit: number;
  after?: { date: string; id: string };
}

export async function listTransactions(trx: UserTransaction, filters: TransactionFilters): Promise<TransactionRow[]> {
  let query = trx.selectFrom('transactions').selectAll().where('deleted_at', 'is', null);
  if (filters.from) query = query.where('date', '>=', filters.from);
  if (filters.to) query = query.where('date', '<=', filters.to);
  if (filters.accountId) query = query.where('account_id', '=', filters.accountId);
  if (filters.category) query = query.where('category', '=', filters.category);
  if (filters.uploadId) query = query.where('upload_id', '=', filters.uploadId);
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('description', 'ilike', pattern), eb('merchant', 'ilike', pattern)]));
  }
  if (filters.after) {
    const { date, id } = filters.after;
    query = query.where(sql<boolean>`(date, id) < (${date}::date, ${id}::uuid)`);
  }
  return query.orderBy('date', 'desc').orderBy('id', 'desc').limit(filters.limit).execute();
}

export async function findTransaction(trx: UserTransaction, id: string): Promise<TransactionRow | undefined> {
  return trx.selectFrom('transactions').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

export async function findTransactionsByIds(trx: UserTransaction, ids: readonly string[]): Promise<TransactionRow[]> {
  if (ids.length === 0) return [];
  return trx.selectFrom('transactions').selectAll().where('id', 'in', [...ids]).where('deleted_at', 'is', null).execute();
}

/** What deciding a transaction's category reads of it: a page of these stays far under the Data API's 1 MiB. */
export type DecidableRow = Pick<
  TransactionRow, 'id' | 'description' | 'amount' | 'date' | 'account_id' | 'merchant' | 'category' | 'category_source' | 'confidence'
>;

/**
 * Rows per page of the retrain's re-deciding read: a row is ~9 small columns and a redacted
 * description (rarely over 200 characters, 500 at most for a manual entry), about 1.5 KB in
 * the Data API's JSON at worst, so 500 rows stay under half of its 1 MiB answer.
 */
export const DECIDABLE_PAGE_ROWS = 500;

/**
 * One keyset page (by id) of the transactions a machine decided or nobody decided yet, not
 * deleted and not part of a transfer: what the nightly retrain may re-decide.
 */
export async function pageOfMachineDecided(trx: UserTransaction, afterId: string | null, limit = DECIDABLE_PAGE_ROWS): Promise<DecidableRow[]> {
  let query = trx.selectFrom('transactions')
    .select(['id', 'description', 'amount', 'date', 'account_id', 'merchant', 'category', 'category_source', 'confidence'])
    .where('deleted_at', 'is', null)
    .where('transfer_id', 'is', null)
    .where((eb) => eb.or([eb('category', 'is', null), eb('category_source', 'in', ['model', 'llm'])]));
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export interface CategoryUpdate {
  id: string;
  merchant: string | null;
  category: string;
  categorySource: 'rule' | 'model' | 'llm' | 'manual';
  confidence: number;
  decidedBy: string;
}

/** Writes many decisions in one statement (an UPDATE … FROM a VALUES list). */
export async function updateCategories(trx: UserTransaction, updates: readonly CategoryUpdate[]): Promise<number> {
  if (updates.length === 0) return 0;
  const values = sql.join(updates.map((u) =>
    sql`(${u.id}::uuid, ${u.merchant}::text, ${u.category}::text, ${u.categorySource}::text, ${u.confidence}::real, ${u.decidedBy}::text)`));
  const result = await sql`
    update transactions t set merchant = v.merchant, category = v.category, category_source = v.source,
      confidence = v.confidence, decided_by = v.decided_by, updated_at = now()
    from (values ${values}) as v(id, merchant, category, source, confidence, decided_by)
    where t.id = v.id`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
