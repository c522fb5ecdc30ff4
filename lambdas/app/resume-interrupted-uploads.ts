import {
  failUploadLeftParsing,
  listUnfinishedUploads,
  recordUploadResumed,
} from '../adapters/postgres/repositories/uploads';
import type { Db } from '../adapters/postgres/schema';
import { toIsoTimestamp } from '../adapters/postgres/schema';
import { listUserIds, withUser } from '../adapters/postgres/user-scope';
import { UPLOAD_URL_EXPIRY_BOUNDS } from '../core/import/upload-limits';
import { CATEGORISE_BATCH_SIZE, type CategoriseMessage } from '../core/messages';
import type { BlobStore } from '../ports/blob-store';
import { PostgresImportStore } from '../adapters/postgres/postgres-import-store';

/**
 * Times an upload left `parsing` is read again before it is failed instead: a file that kills its
 * parser (out of memory, a crash the retries could not get past) is not read again forever.
 */
export const MAX_UPLOAD_RESUMES = 2;

export const GONE_REASON = 'the server stopped while reading this file and the file is gone: upload it again';
export const NEVER_ARRIVED_REASON = 'the file never arrived before its upload link expired: upload it again';
export const GAVE_UP_REASON = `reading this file stopped ${MAX_UPLOAD_RESUMES + 1} times before it finished: upload it again, or split it into smaller files`;

export interface ResumeOutcome {
  reparsed: number;
  requeued: number;
  failed: number;
}

/**
 * Finishes what a parser that died (SIGKILL, power cut, a Lambda timeout past its retries) left
 * half done: the local stack runs it at start (every upload started before this process is
 * orphaned), the scheduled sweeper on AWS every few minutes (an upload `parsing` for longer than
 * the parser's timeout and its retries is orphaned).
 *
 * An upload still `parsing` from before `startedBefore` is read again from its stored file: the
 * import is idempotent (fingerprints), so committed rows come back as duplicates, the rest go in,
 * and the resumed import queues every row still undecided. One whose file is gone, or that was
 * already read again MAX_UPLOAD_RESUMES times, is failed with the reason. An upload still
 * `received` from before `startedBefore` is handed to the parser the same way when its file is
 * stored (its S3 event went to the dead-letter destination, or the process died between storing
 * the file and reading it); with no file, it is failed once its upload link can no longer work
 * (older than the longest link, UPLOAD_URL_EXPIRY_BOUNDS), and left alone before that. With
 * `requeueCategorising`, an upload `categorising` has its undecided rows queued again, in case the
 * crash fell between a commit and the message that announced it (the local stack: on AWS those
 * messages are in SQS, which does not lose them).
 */
export async function resumeInterruptedUploads(deps: {
  /** Each person's work, under their row-level-security scope. */
  db: Db;
  /** The jobs role: only it may list every person. */
  jobsDb: Db;
  blobs: BlobStore;
  /** Uploads whose parsing started before this are orphaned. */
  startedBefore: Date;
  /** Gives the file to the parser (the local parser's queue, an asynchronous invoke on AWS); resolves once handed over. */
  handToParser: (objectKey: string, size: number) => Promise<void>;
  requeue?: (message: CategoriseMessage) => Promise<void>;
  report: (line: string) => void;
}): Promise<ResumeOutcome> {
  const store = new PostgresImportStore(deps.db);
  const outcome: ResumeOutcome = { reparsed: 0, requeued: 0, failed: 0 };
  const fail = async (userId: string, uploadId: string, reason: string) => {
    outcome.failed += 1;
    await withUser(deps.db, userId, (trx) => failUploadLeftParsing(trx, uploadId, reason));
  };
  for (const userId of await listUserIds(deps.jobsDb)) {
    const unfinished = await withUser(deps.db, userId, listUnfinishedUploads);
    for (const upload of unfinished) {
      if (upload.status === 'parsing' || upload.status === 'received') {
        const started = Date.parse(toIsoTimestamp(upload.started_at ?? upload.created_at) ?? '');
        if (!(started < deps.startedBefore.getTime())) continue; // still being read, or may be
        if (upload.resumes >= MAX_UPLOAD_RESUMES) {
          await fail(userId, upload.id, GAVE_UP_REASON);
          continue;
        }
        const size = upload.object_key ? await deps.blobs.size(upload.object_key) : null;
        if (!upload.object_key || size === null) {
          if (upload.status === 'parsing') await fail(userId, upload.id, GONE_REASON);
          else if (started < Date.now() - UPLOAD_URL_EXPIRY_BOUNDS.maxSeconds * 1000)
            await fail(userId, upload.id, NEVER_ARRIVED_REASON);
          continue;
        }
        outcome.reparsed += 1;
        await withUser(deps.db, userId, (trx) => recordUploadResumed(trx, upload.id));
        await deps.handToParser(upload.object_key, size);
        continue;
      }
      if (upload.status !== 'categorising' || !deps.requeue) continue;
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
    deps.report(
      `resuming what the last run left: ${outcome.reparsed} uploads read again, ${outcome.requeued} transactions queued for categorising, ${outcome.failed} uploads failed`,
    );
  }
  return outcome;
}
