import { listUnfinishedUploads } from '../adapters/postgres/repositories/uploads';
import type { Db } from '../adapters/postgres/schema';
import { listUserIds, withUser } from '../adapters/postgres/user-scope';
import { CATEGORISE_BATCH_SIZE, type CategoriseMessage } from '../core/messages';
import type { BlobStore } from '../ports/blob-store';
import { PostgresImportStore } from '../adapters/postgres/postgres-import-store';

/**
 * At start-up, finishes what a process that died (SIGKILL, power cut) left half done. An upload
 * still `parsing` is read again from its stored file: the import is idempotent (fingerprints),
 * so committed rows come back as duplicates and the rest go in, and the resumed import queues
 * every row still undecided. An upload whose file is gone is failed with the reason. An upload
 * `categorising` has its undecided rows queued again, in case the crash fell between a commit
 * and the message that announced it.
 */
export async function resumeInterruptedUploads(deps: {
  db: Db;
  /** The jobs role: only it may list every person. */
  jobsDb: Db;
  blobs: BlobStore;
  parseObject: (objectKey: string, size: number) => Promise<void>;
  requeue: (message: CategoriseMessage) => Promise<void>;
  print: (line: string) => void;
}): Promise<{ reparsed: number; requeued: number; failed: number }> {
  const store = new PostgresImportStore(deps.db);
  const outcome = { reparsed: 0, requeued: 0, failed: 0 };
  for (const userId of await listUserIds(deps.jobsDb)) {
    const unfinished = await withUser(deps.db, userId, listUnfinishedUploads);
    for (const upload of unfinished) {
      if (upload.status === 'parsing') {
        const size = upload.object_key ? await deps.blobs.size(upload.object_key) : null;
        if (upload.object_key && size !== null) {
          outcome.reparsed += 1;
          void deps.parseObject(upload.object_key, size);
        } else {
          outcome.failed += 1;
          await withUser(deps.db, userId, (trx) =>
            trx
              .updateTable('uploads')
              .set({
                status: 'failed',
                completed_at: new Date(),
                failure_reason: 'the server stopped while reading this file and the file is gone: upload it again',
              })
              .where('id', '=', upload.id)
              .execute(),
          );
        }
        continue;
      }
      for (let after: string | null = null; ;) {
        const transactionIds = await store.undecidedTransactionIds(userId, upload.id, {
          after,
          limit: CATEGORISE_BATCH_SIZE,
        });
        if (transactionIds.length === 0) break;
        await deps.requeue({ version: 1, userId, uploadId: upload.id, transactionIds });
        outcome.requeued += transactionIds.length;
        after = transactionIds[transactionIds.length - 1];
      }
    }
  }
  if (outcome.reparsed + outcome.requeued + outcome.failed > 0) {
    deps.print(
      `resuming what the last run left: ${outcome.reparsed} uploads read again, ${outcome.requeued} transactions queued for categorising, ${outcome.failed} uploads failed (file gone)`,
    );
  }
  return outcome;
}
