import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type Selectable } from 'kysely';
import type { PersonalModelState } from '../../../core/categorise/personal-model';
import type { Rule } from '../../../core/categorise/rules';
import type { MerchantAnswerCache } from '../../../core/categorise/tiered-categoriser';
import type { CorrectionsTable, RulesTable } from '../schema';
import type { UserTransaction } from '../user-scope';

/** The Data API answers at most 1 MiB per call: a stored model is split into parts well under it. */
const PART_CHARS = 512 * 1024;

export type CorrectionRow = Selectable<CorrectionsTable>;

export function toRule(row: Selectable<RulesTable>): Rule {
  return {
    id: row.id,
    priority: row.priority,
    matchKind: row.match_kind,
    pattern: row.pattern,
    amountMin: row.amount_min === null ? null : Number(row.amount_min),
    amountMax: row.amount_max === null ? null : Number(row.amount_max),
    sign: row.sign,
    accountId: row.account_id,
    category: row.category,
    source: row.source,
    createdFromCorrection: row.created_from_correction,
  };
}

/** Rules per read: about 390 bytes each as Data API JSON (cursor included), so a page stays near 390 KB, under its 1 MiB. */
const RULE_PAGE = 1_000;

/**
 * Every rule of the person in the order they apply (priority, then age), read in keyset pages:
 * one learned rule per corrected merchant adds up, and about 3,000 of them would pass the Data
 * API's 1 MiB in one answer. The cursor's time is Postgres's own text, sent as text: postgres.js would
 * turn a timestamptz parameter into a JavaScript Date and drop the microseconds, re-reading rows.
 */
export async function listRules(trx: UserTransaction): Promise<Rule[]> {
  const rules: Rule[] = [];
  let after: { priority: number; createdAt: string; id: string } | null = null;
  for (;;) {
    let query = trx
      .selectFrom('rules')
      .selectAll()
      .select(sql<string>`created_at::text`.as('created_key'));
    if (after) {
      const { priority, createdAt, id } = after;
      query = query.where(
        sql<boolean>`(priority, created_at, id) > (${priority}::int, ${createdAt}::text::timestamptz, ${id}::uuid)`,
      );
    }
    const rows = await query.orderBy('priority').orderBy('created_at').orderBy('id').limit(RULE_PAGE).execute();
    rules.push(...rows.map(toRule));
    if (rows.length < RULE_PAGE) return rules;
    const last = rows[rows.length - 1];
    after = { priority: last.priority, createdAt: last.created_key, id: last.id };
  }
}

export async function insertRule(
  trx: UserTransaction,
  userId: string,
  rule: Omit<Rule, 'id'> & { id?: string },
): Promise<Rule> {
  const row = await trx
    .insertInto('rules')
    .values({
      ...(rule.id ? { id: rule.id } : {}),
      user_id: userId,
      priority: rule.priority,
      match_kind: rule.matchKind,
      pattern: rule.pattern,
      amount_min: rule.amountMin,
      amount_max: rule.amountMax,
      sign: rule.sign,
      account_id: rule.accountId,
      category: rule.category,
      source: rule.source,
      created_from_correction: rule.createdFromCorrection,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRule(row);
}

export async function deleteRules(trx: UserTransaction, ids: readonly string[]): Promise<void> {
  if (ids.length > 0)
    await trx
      .deleteFrom('rules')
      .where('id', 'in', [...ids])
      .execute();
}

export async function listDontLearn(trx: UserTransaction): Promise<string[]> {
  return (await trx.selectFrom('dont_learn_merchants').select('merchant').orderBy('merchant').execute()).map(
    (row) => row.merchant,
  );
}

export async function addDontLearn(trx: UserTransaction, userId: string, merchant: string): Promise<void> {
  await trx
    .insertInto('dont_learn_merchants')
    .values({ user_id: userId, merchant })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertCorrection(
  trx: UserTransaction,
  userId: string,
  correction: Omit<CorrectionRow, 'id' | 'user_id' | 'forgotten' | 'created_at'>,
): Promise<string> {
  const row = await trx
    .insertInto('corrections')
    .values({ user_id: userId, ...correction })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a model learns from one stored label. */
export type TeachingLabel = Pick<
  CorrectionRow,
  'id' | 'merchant' | 'description' | 'amount' | 'date' | 'account_id' | 'category'
>;

/**
 * Labels per page of a model rebuild: a label is a few small columns and a redacted
 * description (500 characters at most), about 1.5 KB in the Data API's JSON at worst, so 500
 * stay under half of its 1 MiB answer.
 */
export const TEACHING_PAGE_LABELS = 500;

/**
 * Every label the person gave that still teaches, oldest first, one keyset page at a time:
 * what a model is rebuilt from. A long-kept history never comes back from one query.
 */
export async function* teachingCorrections(
  trx: UserTransaction,
  pageSize = TEACHING_PAGE_LABELS,
): AsyncGenerator<TeachingLabel[]> {
  let afterId: string | null = null;
  for (;;) {
    let query = trx
      .selectFrom('corrections')
      .select(['id', 'merchant', 'description', 'amount', 'date', 'account_id', 'category'])
      .where('forgotten', '=', false);
    // The last label's own stored timestamp: a JavaScript Date would lose its microseconds.
    if (afterId)
      query = query.where(
        sql<boolean>`(created_at, id) > (select c.created_at, c.id from corrections c where c.id = ${afterId}::uuid)`,
      );
    const page = await query.orderBy('created_at').orderBy('id').limit(pageSize).execute();
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    afterId = page[page.length - 1].id;
  }
}

/**
 * A deleted learned rule takes what taught it along: the correction it came from and every
 * label of the same merchant and category given since (confirmations of the rule's answers),
 * so that the model rebuilt without them does not answer the same way.
 */
export async function forgetRuleTeaching(
  trx: UserTransaction,
  rule: { pattern: string; category: string; createdFromCorrection: string },
): Promise<number> {
  const result = await sql`
    update corrections set forgotten = true
    where forgotten = false and (id = ${rule.createdFromCorrection}::uuid or (merchant = ${rule.pattern} and category = ${rule.category}
      and created_at >= (select created_at from corrections where id = ${rule.createdFromCorrection}::uuid)))`.execute(
    trx,
  );
  return Number(result.numAffectedRows ?? 0);
}

export async function loadModelState(trx: UserTransaction): Promise<PersonalModelState | null> {
  const header = await trx.selectFrom('categorisation_models').select(['parts']).executeTakeFirst();
  if (!header) return null;
  const slices: string[] = [];
  // One part per call keeps every Data API answer under its 1 MiB limit.
  for (let part = 0; part < header.parts; part += 1) {
    const row = await trx
      .selectFrom('categorisation_model_parts')
      .select('data')
      .where('part', '=', part)
      .executeTakeFirst();
    if (!row) return null;
    slices.push(row.data);
  }
  return JSON.parse(gunzipSync(Buffer.from(slices.join(''), 'base64')).toString('utf8')) as PersonalModelState;
}

export async function saveModelState(
  trx: UserTransaction,
  userId: string,
  state: PersonalModelState,
): Promise<{ bytes: number; parts: number }> {
  const packed = gzipSync(JSON.stringify(state)).toString('base64');
  const parts: string[] = [];
  for (let start = 0; start < packed.length; start += PART_CHARS) parts.push(packed.slice(start, start + PART_CHARS));
  await trx.deleteFrom('categorisation_model_parts').where('user_id', '=', userId).execute();
  for (const [part, data] of parts.entries())
    await trx.insertInto('categorisation_model_parts').values({ user_id: userId, part, data }).execute();
  await trx
    .insertInto('categorisation_models')
    .values({ user_id: userId, examples: state.examples, parts: parts.length, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ examples: state.examples, parts: parts.length, updated_at: new Date() }),
    )
    .execute();
  return { bytes: packed.length, parts: parts.length };
}

/** Tier-3 answers of one person, by merchant. */
export function merchantAnswerCache(trx: UserTransaction, userId: string): MerchantAnswerCache {
  return {
    async get(merchants) {
      if (merchants.length === 0) return new Map();
      const rows = await trx
        .selectFrom('merchant_answers')
        .select(['merchant', 'category'])
        .where('merchant', 'in', [...merchants])
        .execute();
      return new Map(rows.map((row) => [row.merchant, row.category]));
    },
    async put(answers, modelId) {
      if (answers.size === 0) return;
      await trx
        .insertInto('merchant_answers')
        .values(
          [...answers].map(([merchant, category]) => ({ user_id: userId, merchant, category, model_id: modelId })),
        )
        .onConflict((oc) => oc.columns(['user_id', 'merchant']).doNothing())
        .execute();
    },
  };
}

/** Rows per page of a merchant-key renewal's read: an id, a key and a redacted description each, far under the Data API's 1 MiB. */
export const KEYED_PAGE_ROWS = 1000;

/**
 * One keyset page (by id) of the rows of `table` that carry a merchant key: live transactions,
 * or corrections (labels). A person's whole history never comes back from one query.
 */
export async function pageOfKeyedRows(
  trx: UserTransaction,
  table: 'transactions' | 'corrections',
  afterId: string | null,
  limit = KEYED_PAGE_ROWS,
): Promise<KeyedText[]> {
  let query = trx.selectFrom(table).select(['id', 'description', 'merchant']);
  if (table === 'transactions') query = query.where('deleted_at', 'is', null);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** One keyset page (by id) of the learned merchant rules: what a merchant-key renewal re-keys. */
export async function pageOfLearnedMerchantRules(
  trx: UserTransaction,
  afterId: string | null,
  limit = KEYED_PAGE_ROWS,
): Promise<{ id: string; pattern: string; created_from_correction: string | null }[]> {
  let query = trx
    .selectFrom('rules')
    .select(['id', 'pattern', 'created_from_correction'])
    .where('source', '=', 'learned')
    .where('match_kind', '=', 'merchant');
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** Rows changed per statement when keys are rewritten: well within the Data API's request size. */
const KEYS_PER_STATEMENT = 500;

/** Sets `column` of the given rows of `table` (by id) to new merchant keys. */
export async function setMerchantKeys(
  trx: UserTransaction,
  table: 'transactions' | 'corrections' | 'rules',
  column: 'merchant' | 'pattern',
  keys: readonly { id: string; key: string | null }[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += KEYS_PER_STATEMENT) {
    const values = sql.join(
      keys.slice(start, start + KEYS_PER_STATEMENT).map(({ id, key }) => sql`(${id}::uuid, ${key}::text)`),
    );
    await sql`update ${sql.table(table)} t set ${sql.ref(column)} = v.key from (values ${values}) as v(id, key) where t.id = v.id`.execute(
      trx,
    );
  }
}

/** Moves "don't learn" marks from old merchant keys to new ones. */
export async function renameDontLearn(
  trx: UserTransaction,
  userId: string,
  renames: ReadonlyMap<string, string>,
): Promise<void> {
  if (renames.size === 0) return;
  await trx
    .insertInto('dont_learn_merchants')
    .values([...renames.values()].map((merchant) => ({ user_id: userId, merchant })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await trx
    .deleteFrom('dont_learn_merchants')
    .where('merchant', 'in', [...renames.keys()])
    .execute();
}

/** Serialises one person's learning for the rest of the transaction: their model is read, changed and written whole. */
export async function lockPersonModel(trx: UserTransaction, userId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${userId}::text, 0))`.execute(trx);
}

/** A stored merchant key and the description it was computed from, for re-keying after a release. */
export interface KeyedText {
  id: string;
  description: string;
  merchant: string | null;
}
