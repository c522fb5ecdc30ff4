import { sql, type Selectable } from 'kysely';
import type { NewTransaction, NewTransactionColumns } from '../../../ports/import-store';
import type { Rule } from '../../../core/categorise/rules';
import { RULE_CONFIDENCE } from '../../../core/categorise/tiered-categoriser';
import { manualFingerprint } from '../../../core/ledger/manual-entry';
import { arrayLiteral } from '../array-literal';
import { jsonb, type TransactionsTable } from '../schema';
import { probingById } from '../probe-by-id';
import type { UserTransaction } from '../user-scope';

export type TransactionRow = Selectable<TransactionsTable>;

/**
 * Inserts new rows; a fingerprint already present (tombstones included) is skipped.
 * `arrays` sends each column as one array parameter unnested by Postgres: ten parameters
 * however many rows, several times faster than a VALUES list through postgres.js. The Data
 * API takes no array parameters, so there the VALUES list is used.
 */
export async function insertTransactions(
  trx: UserTransaction,
  userId: string,
  rows: readonly NewTransaction[],
  options: { arrays?: boolean } = {},
): Promise<string[]> {
  if (rows.length === 0) return [];
  if (options.arrays) {
    const column = <K extends keyof NewTransaction>(key: K) => rows.map((row) => row[key]);
    return insertTransactionColumns(
      trx,
      userId,
      {
        uploadId: null,
        ids: column('id'),
        accountIds: column('accountId'),
        dates: column('date'),
        amounts: column('amount'),
        currencies: column('currency'),
        descriptions: column('description'),
        balances: column('balance'),
        fingerprints: column('fingerprint'),
        merchants: rows.map((row) => row.merchant ?? null),
      },
      rows.map((row) => row.uploadId),
    );
  }
  const inserted = await trx
    .insertInto('transactions')
    .values(
      rows.map((row) => ({
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
        merchant: row.merchant ?? null,
        category: null,
        category_source: null,
        confidence: null,
        decided_by: null,
        transfer_id: null,
        notes: null,
        splits: null,
        deleted_at: null,
      })),
    )
    .onConflict((conflict) => conflict.columns(['user_id', 'fingerprint']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((row) => row.id);
}

/**
 * Inserts new rows given as columns, each sent as one array parameter unnested by Postgres
 * (postgres.js only: the Data API takes no arrays), each as its text (`arrayLiteral`). `uploadIds` per row when they differ,
 * else every row is of `columns.uploadId`. Returns the ids inserted.
 */
export async function insertTransactionColumns(
  trx: UserTransaction,
  userId: string,
  columns: NewTransactionColumns,
  uploadIds?: (string | null)[],
): Promise<string[]> {
  if (columns.ids.length === 0) return [];
  const decisions = columns.decisions;
  // Rows decided before the insert carry their category in; the rest arrive undecided.
  const decided = decisions
    ? sql`, ${arrayLiteral(decisions.categories)}::text[], ${arrayLiteral(decisions.categorySources)}::text[], ${arrayLiteral(decisions.confidences)}::real[], ${arrayLiteral(decisions.decidedBy)}::text[]`
    : sql``;
  const inserted = await sql<{ id: string }>`
    insert into transactions (user_id, id, account_id, upload_id, date, amount, currency, description, balance, fingerprint, merchant${
      decisions ? sql`, category, category_source, confidence, decided_by` : sql``
    })
    select ${userId}::uuid, id, account_id, ${uploadIds ? sql`upload_id` : sql`${columns.uploadId}::uuid`}, date, amount, currency, description, balance, fingerprint, merchant${
      decisions ? sql`, category, category_source, confidence, decided_by` : sql``
    }
    from unnest(
      ${arrayLiteral(columns.ids)}::uuid[], ${arrayLiteral(columns.accountIds)}::uuid[], ${arrayLiteral(uploadIds ?? [])}::uuid[],
      ${arrayLiteral(columns.dates)}::date[], ${arrayLiteral(columns.amounts)}::bigint[], ${arrayLiteral(columns.currencies)}::char(3)[],
      ${arrayLiteral(columns.descriptions)}::text[], ${arrayLiteral(columns.balances)}::bigint[], ${arrayLiteral(columns.fingerprints)}::text[],
      ${arrayLiteral(columns.merchants)}::text[]${decided})
      as r (id, account_id, upload_id, date, amount, currency, description, balance, fingerprint, merchant${
        decisions ? sql`, category, category_source, confidence, decided_by` : sql``
      })
    on conflict (user_id, fingerprint) do nothing
    returning id`.execute(trx);
  return inserted.rows.map((row) => row.id);
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
  return trx
    .selectFrom('transactions')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * The live transactions among `ids`, with what deciding their category reads. `arrays` (postgres.js
 * only) sends the ids as one array parameter: one bound value instead of one per id, which for a
 * local 2,000-id message is most of the query's parse and plan time.
 */
export async function findDecidableByIds(
  trx: UserTransaction,
  ids: readonly string[],
  options: { arrays?: boolean } = {},
): Promise<DecidableRow[]> {
  if (ids.length === 0) return [];
  // One primary-key probe per id (LATERAL … OFFSET 0 fixes the join order), not `id in (…)`: the
  // planner would otherwise walk the person's whole date index looking for them (see probingById).
  const wanted = options.arrays
    ? sql`unnest(${[...ids]}::uuid[])`
    : sql`(values ${sql.join(ids.map((id) => sql`(${id}::uuid)`))})`;
  const result = await probingById(trx, () =>
    sql<DecidableRow>`
      select ${sql.join(DECIDABLE_COLUMNS.map((column) => sql.ref(`t.${column}`)))}
      from ${wanted} as wanted(id)
      cross join lateral (select * from transactions where id = wanted.id and deleted_at is null offset 0) t`.execute(
      trx,
    ),
  );
  return result.rows;
}

const DECIDABLE_COLUMNS = [
  'id',
  'description',
  'amount',
  'date',
  'account_id',
  'merchant',
  'category',
  'category_source',
  'confidence',
] as const;

/** What deciding a transaction's category reads of it: a page of these stays far under the Data API's 1 MiB. */
export type DecidableRow = Pick<TransactionRow, (typeof DECIDABLE_COLUMNS)[number]>;

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
export async function pageOfMachineDecided(
  trx: UserTransaction,
  afterId: string | null,
  limit = DECIDABLE_PAGE_ROWS,
): Promise<DecidableRow[]> {
  let query = trx
    .selectFrom('transactions')
    .select(DECIDABLE_COLUMNS)
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

/**
 * Writes decided categories in one statement. `arrays` (postgres.js only): six array parameters
 * unnested instead of a VALUES list of six parameters per row (the Data API has no array
 * parameters and keeps VALUES).
 */
export async function updateCategories(
  trx: UserTransaction,
  updates: readonly CategoryUpdate[],
  options: { arrays?: boolean } = {},
): Promise<number> {
  if (updates.length === 0) return 0;
  const column = <K extends keyof CategoryUpdate>(key: K) => updates.map((update) => update[key]);
  const decisions = options.arrays
    ? sql`unnest(${column('id')}::uuid[], ${column('merchant')}::text[], ${column('category')}::text[],
        ${column('categorySource')}::text[], ${column('confidence')}::real[], ${column('decidedBy')}::text[])`
    : sql`(values ${sql.join(
        updates.map(
          (u) =>
            sql`(${u.id}::uuid, ${u.merchant}::text, ${u.category}::text, ${u.categorySource}::text, ${u.confidence}::real, ${u.decidedBy}::text)`,
        ),
      )})`;
  // The decisions drive the join, one primary-key probe per id. Joined plainly, the planner may
  // put the person's rows outside and rescan the decisions for each: on a table not yet analysed
  // (a new person's first import) it guessed 38 rows for 20,000 and compared each with every
  // decision, 40 million comparisons and 12.9 s for one 2,000-row batch. Inside a subquery that
  // cannot be flattened (OFFSET 0) and that probes each id itself, the decisions cost their
  // probes on every rescan, so no estimate of the person's rows above one puts them inside (62 ms).
  const result = await probingById(trx, () =>
    sql`
    update transactions t set merchant = v.merchant, category = v.category, category_source = v.source,
      confidence = v.confidence, decided_by = v.decided_by, updated_at = now()
    from (select decided.* from ${decisions} as decided(id, merchant, category, source, confidence, decided_by)
          cross join lateral (select from transactions present where present.id = decided.id offset 0) present
          offset 0) v
    where t.id = v.id`.execute(trx),
  );
  return Number(result.numAffectedRows ?? 0);
}

export interface ManualTransaction {
  id: string;
  accountId: string;
  date: string;
  amount: number;
  currency: string;
  description: string;
  /** Given by the person: recorded as their own decision. */
  category: string | null;
  notes: string | null;
  tags: string[];
}

/** Inserts a transaction the person entered by hand (fingerprinted by its id: never a duplicate). */
export async function insertManualTransaction(
  trx: UserTransaction,
  userId: string,
  entry: ManualTransaction,
): Promise<TransactionRow> {
  return trx
    .insertInto('transactions')
    .values({
      id: entry.id,
      user_id: userId,
      account_id: entry.accountId,
      upload_id: null,
      date: entry.date,
      amount: entry.amount,
      currency: entry.currency,
      description: entry.description,
      merchant: null,
      category: entry.category,
      category_source: entry.category ? 'manual' : null,
      confidence: entry.category ? 1 : null,
      decided_by: entry.category ? 'person' : null,
      balance: null,
      fingerprint: manualFingerprint(entry.id),
      transfer_id: null,
      notes: entry.notes,
      tags: entry.tags,
      splits: null,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What the person may add to a transaction besides its category; undefined leaves a field as it is. */
export interface TransactionAnnotations {
  notes?: string | null;
  tags?: string[];
  splits?: { category: string; amount: number }[] | null;
}

export async function annotateTransaction(
  trx: UserTransaction,
  id: string,
  annotations: TransactionAnnotations,
): Promise<TransactionRow> {
  return trx
    .updateTable('transactions')
    .set({
      ...(annotations.notes !== undefined ? { notes: annotations.notes } : {}),
      ...(annotations.tags !== undefined ? { tags: annotations.tags } : {}),
      ...(annotations.splits !== undefined
        ? { splits: annotations.splits === null ? null : jsonb(annotations.splits) }
        : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes the row (`outright`) or leaves a tombstone whose fingerprint keeps a re-import from bringing it back. */
export async function removeTransaction(trx: UserTransaction, id: string, how: { outright: boolean }): Promise<void> {
  if (how.outright) await trx.deleteFrom('transactions').where('id', '=', id).execute();
  else
    await trx
      .updateTable('transactions')
      .set({ deleted_at: sql`now()`, transfer_id: null })
      .where('id', '=', id)
      .execute();
}

/** The category the person chose for one transaction, recorded with the correction it came from. */
export async function setManualCategory(
  trx: UserTransaction,
  id: string,
  choice: { category: string; correctionId: string; merchant: string | null },
): Promise<void> {
  await trx
    .updateTable('transactions')
    .set({
      category: choice.category,
      category_source: 'manual',
      confidence: 1,
      decided_by: `correction:${choice.correctionId}`,
      merchant: choice.merchant,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Gives a merchant rule's category, in one UPDATE, to every transaction of that merchant the
 * rule covers that nobody set by hand and no transfer holds (`exceptId` aside). Other rule
 * kinds are applied as rows arrive, not retroactively. Returns how many changed.
 */
export async function applyRuleToUncorrected(
  trx: UserTransaction,
  rule: Rule,
  exceptId: string | null,
): Promise<number> {
  if (rule.matchKind !== 'merchant') return 0;
  let query = trx
    .updateTable('transactions')
    .set({
      category: rule.category,
      category_source: 'rule',
      confidence: RULE_CONFIDENCE,
      decided_by: `rule:${rule.id}`,
      updated_at: new Date(),
    })
    .where('merchant', '=', rule.pattern)
    .where('deleted_at', 'is', null)
    .where('transfer_id', 'is', null)
    .where((eb) => eb.or([eb('category_source', 'is', null), eb('category_source', '!=', 'manual')]))
    .where((eb) => eb.or([eb('category', 'is', null), eb('category', '!=', rule.category)]));
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (rule.sign === -1) query = query.where('amount', '<', 0);
  if (rule.sign === 1) query = query.where('amount', '>', 0);
  if (rule.amountMin !== null) query = query.where(sql`abs(amount)`, '>=', rule.amountMin);
  if (rule.amountMax !== null) query = query.where(sql`abs(amount)`, '<=', rule.amountMax);
  if (rule.accountId) query = query.where('account_id', '=', rule.accountId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}
