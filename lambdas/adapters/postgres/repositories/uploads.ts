import { sql, type Selectable } from 'kysely';
import { jsonb, type UploadsTable } from '../schema';
import type { UserTransaction } from '../user-scope';

export type UploadRow = Selectable<UploadsTable>;

export async function createUpload(
  trx: UserTransaction,
  upload: { id: string; userId: string; filename: string; kind?: string | null; objectKey: string; accountId?: string | null; mapping?: Record<string, unknown> | null },
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

export async function listUploads(trx: UserTransaction, page: { limit: number; before?: { createdAt: string; id: string } }): Promise<UploadRow[]> {
  let query = trx.selectFrom('uploads').selectAll();
  if (page.before) {
    const { createdAt, id } = page.before;
    query = query.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/**
 * Locks one upload's row until the transaction ends. The parser's finish and every
 * categoriser batch take it before deciding whether the upload is complete, so each sees
 * the others' committed work (two concurrent batches would otherwise each see the other's
 * rows still undecided, and nobody would complete the upload).
 */
export async function lockUpload(trx: UserTransaction, uploadId: string): Promise<void> {
  await trx.selectFrom('uploads').select('id').where('id', '=', uploadId).forUpdate().execute();
}

/** Whether any live transaction of the upload still waits for a category. */
export async function hasUndecidedTransactions(trx: UserTransaction, uploadId: string): Promise<boolean> {
  const row = await trx.selectFrom('transactions').select('id')
    .where('upload_id', '=', uploadId).where('category', 'is', null).where('deleted_at', 'is', null)
    .limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Marks a categorising upload complete once none of its transactions waits any more. Takes
 * the upload's lock first (see lockUpload); the check runs after it, on fresh data.
 */
export async function completeUploadIfCategorised(trx: UserTransaction, uploadId: string): Promise<boolean> {
  await lockUpload(trx, uploadId);
  if (await hasUndecidedTransactions(trx, uploadId)) return false;
  const result = await trx
    .updateTable('uploads')
    .set({ status: 'complete', completed_at: new Date() })
    .where('id', '=', uploadId)
    .where('status', '=', 'categorising')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The person's uploads a process stopped in the middle of: still being read, or still being categorised. */
export async function listUnfinishedUploads(trx: UserTransaction): Promise<UploadRow[]> {
  return trx.selectFrom('uploads').selectAll().where('status', 'in', ['parsing', 'categorising']).orderBy('created_at').execute();
}
