import { fromJson, jsonb, toIsoTimestamp } from '../schema';
import type { UserTransaction } from '../user-scope';

export type ExportStatus = 'pending' | 'running' | 'ready' | 'failed';

/** One export of a person's data, as its status route tells it. */
export interface ExportJob {
  id: string;
  status: ExportStatus;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  objectKey: string | null;
  bytes: number | null;
  counts: Record<string, number> | null;
  failureReason: string | null;
}

function exportJobOf(row: {
  id: string;
  status: ExportStatus;
  requested_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  object_key: string | null;
  bytes: number | null;
  counts: Record<string, number> | string | null;
  failure_reason: string | null;
}): ExportJob {
  return {
    id: row.id,
    status: row.status,
    requestedAt: toIsoTimestamp(row.requested_at) ?? '',
    startedAt: toIsoTimestamp(row.started_at),
    finishedAt: toIsoTimestamp(row.finished_at),
    objectKey: row.object_key,
    bytes: row.bytes === null ? null : Number(row.bytes),
    counts: fromJson(row.counts),
    failureReason: row.failure_reason,
  };
}

/**
 * A new export, pending, unless one is already pending or running: then that one, so asking
 * twice queues one job (the partial unique index makes this race-free). `created` says which.
 */
export async function requestExport(
  trx: UserTransaction,
  userId: string,
): Promise<{ job: ExportJob; created: boolean }> {
  const inserted = await trx
    .insertInto('export_jobs')
    .values({ user_id: userId })
    .onConflict((oc) => oc.column('user_id').where('status', 'in', ['pending', 'running']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { job: exportJobOf(inserted), created: true };
  const inFlight = await trx
    .selectFrom('export_jobs')
    .selectAll()
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirstOrThrow();
  return { job: exportJobOf(inFlight), created: false };
}

/** One of the person's exports, or null (another person's id reads as missing: row-level security). */
export async function readExportJob(trx: UserTransaction, id: string): Promise<ExportJob | null> {
  const row = await trx.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? exportJobOf(row) : null;
}

/** The person's most recently requested export, or null. */
export async function latestExportJob(trx: UserTransaction): Promise<ExportJob | null> {
  const row = await trx
    .selectFrom('export_jobs')
    .selectAll()
    .orderBy('requested_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? exportJobOf(row) : null;
}

/**
 * Marks an export running and answers it, or answers null when it is already ready or failed
 * (a queue delivers at least once: a second delivery of a finished job does nothing). A job
 * found `running` is taken again: the worker that had it died before finishing.
 */
export async function startExportJob(trx: UserTransaction, id: string): Promise<ExportJob | null> {
  const row = await trx
    .updateTable('export_jobs')
    .set({ status: 'running', started_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'running'])
    .returningAll()
    .executeTakeFirst();
  return row ? exportJobOf(row) : null;
}

/** Marks an export ready; false when its row is gone (the person erased themselves meanwhile). */
export async function finishExportJob(
  trx: UserTransaction,
  id: string,
  file: { objectKey: string; bytes: number; counts: Record<string, number> },
): Promise<boolean> {
  const result = await trx
    .updateTable('export_jobs')
    .set({
      status: 'ready',
      finished_at: new Date(),
      object_key: file.objectKey,
      bytes: file.bytes,
      counts: jsonb(file.counts),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function failExportJob(trx: UserTransaction, id: string, reason: string): Promise<void> {
  await trx
    .updateTable('export_jobs')
    .set({ status: 'failed', finished_at: new Date(), failure_reason: reason })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'running'])
    .execute();
}
