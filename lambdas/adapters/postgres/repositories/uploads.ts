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
 * Marks a categorising upload complete if none of its rows waits for a category. The database
 * keeps `undecided` up to date itself (migration 1000_upload_progress.sql) and completes the
 * upload in the statement that decides its last row, so this only matters for an upload whose
 * rows were all decided (or none was new) before the parser set it to 'categorising'.
 */
export async function completeUploadIfCategorised(trx: UserTransaction, uploadId: string): Promise<boolean> {
  const result = await trx
    .updateTable('uploads')
    .set({ status: 'complete', completed_at: new Date() })
    .where('id', '=', uploadId)
    .where('status', '=', 'categorising')
    .where('undecided', '<=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The status an upload whose rows are all read takes: 'categorising' while rows wait, else
 * 'complete'. Evaluated by the UPDATE itself, on the newest version of the upload's row, so a
 * categoriser batch committing at the same moment is never missed (Postgres re-reads a row an
 * UPDATE waited for before applying it).
 */
export const statusOnceRead = sql<'categorising' | 'complete'>`case when undecided <= 0 then 'complete' else 'categorising' end`;
