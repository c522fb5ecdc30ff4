import { FileFingerprinter } from '../../../core/import/fingerprint';
import { sql, type Selectable } from 'kysely';
import { jsonb, type UploadsTable } from '../schema';
import type { UserTransaction } from '../user-scope';

export type UploadRow = Selectable<UploadsTable>;

export async function createUpload(
  trx: UserTransaction,
  upload: {
    id: string;
    userId: string;
    filename: string;
    kind?: string | null;
    objectKey: string;
    accountId?: string | null;
    mapping?: Record<string, unknown> | null;
  },
): Promise<void> {
  await trx
    .insertInto('uploads')
    .values({
      id: upload.id,
      user_id: upload.userId,
      filename: upload.filename,
      kind: upload.kind ?? null,
      object_key: upload.objectKey,
      account_id: upload.accountId ?? null,
      account_reason: upload.accountId ? 'chosen when the upload was made' : null,
      mapping: upload.mapping ? jsonb(upload.mapping) : null,
      format: null,
      failure_reason: null,
      started_at: null,
      completed_at: null,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}

export async function findUpload(trx: UserTransaction, id: string): Promise<UploadRow | undefined> {
  return trx.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUploads(
  trx: UserTransaction,
  page: { limit: number; before?: { createdAt: string; id: string } },
): Promise<UploadRow[]> {
  let query = trx.selectFrom('uploads').selectAll();
  if (page.before) {
    const { createdAt, id } = page.before;
    query = query.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/**
 * Locks one upload's row until the transaction ends, so that moving an upload and anything
 * else that changes it wait for each other.
 */
export async function lockUpload(trx: UserTransaction, uploadId: string): Promise<void> {
  await trx.selectFrom('uploads').select('id').where('id', '=', uploadId).forUpdate().execute();
}

/**
 * An upload the writes of this transaction completed: the statement that decided its last row
 * set `completed_at` to this transaction's `now()`. Exactly one transaction sees it, as the
 * upload's row lock orders the writes that count down its rows.
 */
const COMPLETED_NOW = sql<boolean>`status = 'complete' and completed_at = now()`;

/** Whether the writes of this transaction completed the upload (a categoriser batch deciding its last rows). */
export async function completedInThisTransaction(trx: UserTransaction, uploadId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('uploads')
    .select(COMPLETED_NOW.as('completed'))
    .where('id', '=', uploadId)
    .executeTakeFirst();
  return row?.completed === true;
}

/**
 * The uploads the writes of this transaction completed, whichever rows they touched: a person's
 * correction applied to similar rows, a rule applied to existing ones or a deletion may decide
 * the last undecided rows of several uploads at once.
 */
export async function uploadsCompletedInThisTransaction(trx: UserTransaction): Promise<string[]> {
  const rows = await trx.selectFrom('uploads').select('id').where(COMPLETED_NOW).execute();
  return rows.map((row) => row.id);
}

/**
 * The status an upload whose rows are all read takes: 'categorising' while rows wait, else
 * 'complete'. The database keeps `undecided` itself (migration 1000_upload_progress.sql) and
 * completes a categorising upload in the statement that decides its last row; this covers the
 * upload whose rows were all decided (or none was new) before the parser finished reading it.
 * Evaluated by the UPDATE itself, on the newest version of the upload's row, so a categoriser
 * batch committing at the same moment is never missed (Postgres re-reads a row an UPDATE
 * waited for before applying it).
 */
export const statusOnceRead = sql<
  'categorising' | 'complete'
>`case when undecided <= 0 then 'complete' else 'categorising' end`;

/**
 * The person's uploads a process stopped in the middle of, or that never reached the parser:
 * still waiting to be read, still being read, or still being categorised.
 */
export async function listUnfinishedUploads(trx: UserTransaction): Promise<UploadRow[]> {
  return trx
    .selectFrom('uploads')
    .selectAll()
    .where('status', 'in', ['received', 'parsing', 'categorising'])
    .orderBy('created_at')
    .execute();
}

/** Counts one more reading of an upload its parser left `parsing` (see resumeInterruptedUploads). */
export async function recordUploadResumed(trx: UserTransaction, id: string): Promise<void> {
  await trx
    .updateTable('uploads')
    .set((eb) => ({ resumes: eb('resumes', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Fails an upload still `received` or `parsing` with a reason the person reads; one that moved on meanwhile is left alone. */
export async function failUploadLeftParsing(trx: UserTransaction, id: string, reason: string): Promise<void> {
  await trx
    .updateTable('uploads')
    .set({ status: 'failed', completed_at: new Date(), failure_reason: reason })
    .where('id', '=', id)
    .where('status', 'in', ['received', 'parsing'])
    .execute();
}

/** Rows re-fingerprinted per statement while an upload moves: a page, never a whole upload at once. */
const MOVE_PAGE = 1000;

export class UploadMoveConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadMoveConflictError';
  }
}

/**
 * Moves every row of an upload (deleted ones' tombstones too) to another account, in file order,
 * page by page, each with the fingerprint it would have had if imported there, so a later import
 * of the same statement into that account finds them. Refuses (nothing changed: the caller's
 * transaction rolls back) when a row is already in that account.
 */
export async function moveUploadRows(
  trx: UserTransaction,
  userId: string,
  uploadId: string,
  accountId: string,
): Promise<number> {
  const fingerprinter = new FileFingerprinter();
  let after: string | null = null;
  let moved = 0;
  for (;;) {
    let query = trx
      .selectFrom('transactions')
      .select(['id', 'date', 'amount', 'description'])
      .where('upload_id', '=', uploadId);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(MOVE_PAGE).execute();
    if (rows.length === 0) return moved;
    const next = rows.map((row) => ({
      id: row.id,
      fingerprint: fingerprinter.next({
        userId,
        accountId,
        date: String(row.date).slice(0, 10),
        amount: Number(row.amount),
        description: row.description,
      }),
    }));
    const clash = await trx
      .selectFrom('transactions')
      .select(['id'])
      .where(
        'fingerprint',
        'in',
        next.map((row) => row.fingerprint),
      )
      .where((eb) => eb.or([eb('upload_id', 'is', null), eb('upload_id', '<>', uploadId)]))
      .limit(1)
      .executeTakeFirst();
    if (clash)
      throw new UploadMoveConflictError(
        'a row of this upload is already in that account (the same statement imported there?): nothing was moved',
      );
    await sql`update transactions as t set account_id = ${accountId}::uuid, fingerprint = v.fingerprint, updated_at = now()
      from (values ${sql.join(next.map((row) => sql`(${row.id}::uuid, ${row.fingerprint})`))}) as v(id, fingerprint)
      where t.id = v.id`.execute(trx);
    moved += rows.length;
    after = rows[rows.length - 1].id;
  }
}

/** The currencies an upload's rows are in (a handful at most). */
export async function uploadCurrencies(trx: UserTransaction, uploadId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('transactions')
    .select('currency')
    .distinct()
    .where('upload_id', '=', uploadId)
    .limit(5)
    .execute();
  return rows.map((row) => row.currency.trim());
}

/** Records which account an upload's rows are in, and why. */
export async function setUploadAccount(
  trx: UserTransaction,
  uploadId: string,
  accountId: string,
  reason: string,
): Promise<void> {
  await trx
    .updateTable('uploads')
    .set({ account_id: accountId, account_reason: reason })
    .where('id', '=', uploadId)
    .execute();
}
