import { institutionFromFilename } from '../statement/institution';
import { CATEGORISE_BATCH_SIZE, type CategoriseMessage, type ForecastMessage } from '../messages';
import { headerSignature } from '../statement/csv/header-signature';
import { NotAStatementError, type OpenedStatement, type StatementRow } from '../statement/types';
import type { BlobStore } from '../../ports/blob-store';
import type { AccountChoice, ImportStore, NewTransaction, RowError, UploadCounts } from '../../ports/import-store';
import type { MessageQueue } from '../../ports/queue';
import { FileFingerprinter } from './fingerprint';
import { countLineBreaks } from './count-line-breaks';
import { uuidV7 } from './uuid-v7';
import { RunningBalanceCheck, type BalanceBreak } from '../ledger/reconcile';
import { formatMinorUnits } from '../money';

export interface StatementOpenOptions {
  filename: string;
  mapping?: Record<string, unknown> | null;
  defaultCurrency?: string;
  maxRows?: number;
}

export interface ImportDependencies {
  store: ImportStore;
  blobs: BlobStore;
  categoriseQueue: MessageQueue<CategoriseMessage>;
  forecastQueue: MessageQueue<ForecastMessage>;
  openStatement: (source: AsyncIterable<Uint8Array>, options: StatementOpenOptions) => Promise<OpenedStatement>;
  redact: (text: string) => string;
  limits: ImportLimits;
  /** Called with counts as the import moves, for logs and metrics. */
  onProgress?: (counts: UploadCounts) => void;
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  /** Rows per database insert. @default 1000 */
  insertBatchSize?: number;
  /** Store counts on the upload every this many rows, so a person sees them move. @default 5000 */
  progressEvery?: number;
  /** Transaction ids per categorise message. @default CATEGORISE_BATCH_SIZE (sized for the Data API) */
  categoriseBatchSize?: number;
}

export interface ImportRequest {
  userId: string;
  uploadId: string;
  objectKey: string;
  filename: string;
  /** Account id or name from the API call or the drop folder's sub-folder. */
  accountHint?: string | null;
}

export type ImportResult =
  | { outcome: 'imported'; counts: UploadCounts; accountId: string }
  | { outcome: 'already-imported' }
  | { outcome: 'failed'; reason: string; counts: UploadCounts };

const MAX_ROW_ERRORS = 100;

export class UploadTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadTooLargeError';
  }
}

/**
 * Imports one uploaded statement: streams it through detection and parsing, redacts every
 * description before it goes anywhere, fingerprints each row so a repeated event or an
 * overlapping statement adds nothing twice, inserts in batches while sending the new ids
 * to the categoriser, and keeps the upload's status and counts moving. One bad row is an
 * error on the upload, never the end of it.
 */
export async function importStatement(deps: ImportDependencies, request: ImportRequest): Promise<ImportResult> {
  const { store, limits } = deps;
  const { userId, uploadId } = request;
  const counts: UploadCounts = { rowsRead: 0, imported: 0, duplicates: 0, rejected: 0 };
  const errors: RowError[] = [];

  const begun = await store.beginUpload(userId, uploadId, {
    filename: request.filename,
    objectKey: request.objectKey,
    accountHint: request.accountHint ?? null,
  });
  if (begun.previousStatus === 'categorising' || begun.previousStatus === 'complete') {
    return { outcome: 'already-imported' };
  }

  const fail = async (reason: string): Promise<ImportResult> => {
    await store.finishUpload(userId, uploadId, { status: 'failed', counts, errors, failureReason: reason });
    return { outcome: 'failed', reason, counts };
  };

  try {
    await checkLimits(deps, request.objectKey);
  } catch (error) {
    if (error instanceof UploadTooLargeError || error instanceof NotAStatementError) return fail(error.message);
    throw error;
  }

  const explicitAccountHint = begun.accountId ?? request.accountHint ?? null;
  const preliminary = explicitAccountHint ? await store.chooseAccount(userId, accountHintFrom(explicitAccountHint)) : null;

  const open = async (mapping: Record<string, unknown> | null) => deps.openStatement(await deps.blobs.read(request.objectKey), {
    filename: request.filename,
    mapping,
    defaultCurrency: preliminary?.currency,
    maxRows: limits.maxRows,
  });
  let opened: OpenedStatement;
  try {
    opened = await open(begun.mapping);
    const signature = headerSignature(opened.format);
    if (signature && begun.mapping) {
      // A mapping the person gave is remembered for the next statement with this header.
      await store.rememberMapping(userId, signature, begun.mapping);
    } else if (signature) {
      const remembered = await store.rememberedMapping(userId, signature);
      if (remembered) opened = await open(remembered);
    }
  } catch (error) {
    if (error instanceof NotAStatementError) return fail(error.message);
    throw error;
  }

  if (!opened.format.institution) {
    const named = institutionFromFilename(request.filename);
    if (named) opened.format = { ...opened.format, institution: named, notes: [...(opened.format.notes ?? []), `the file name names the bank: ${named}`] };
  }
  const account: AccountChoice = preliminary ?? (await store.chooseAccount(userId, {
    last4: opened.format.accountLast4 ?? null,
    institution: opened.format.institution ?? null,
    currency: opened.format.currency ?? null,
  }));
  await store.recordProgress(userId, uploadId, { status: 'parsing', counts, format: opened.format, account });

  const fingerprinter = new FileFingerprinter();
  const batchSize = limits.insertBatchSize ?? 1000;
  const progressEvery = limits.progressEvery ?? 5000;
  let batch: NewTransaction[] = [];
  let pendingIds: string[] = [];
  let lastProgressAt = 0;
  let latestBalance: { amount: number; date: string } | null = null;
  const balanceCheck = new RunningBalanceCheck();

  const idsPerMessage = limits.categoriseBatchSize ?? CATEGORISE_BATCH_SIZE;
  const flushIds = async (all: boolean) => {
    while (pendingIds.length >= idsPerMessage || (all && pendingIds.length > 0)) {
      const transactionIds = pendingIds.slice(0, idsPerMessage);
      pendingIds = pendingIds.slice(idsPerMessage);
      await deps.categoriseQueue.send([{ version: 1, userId, uploadId, transactionIds }]);
    }
  };
  // Parsing and inserting overlap: one batch is inserted while the next is parsed, so on
  // two cores the import runs at the pace of the slower of the two, not of their sum.
  let inserting: Promise<void> = Promise.resolve();
  const insertBatch = async (rows: NewTransaction[]) => {
    const { insertedIds } = await store.insertTransactions(userId, rows);
    counts.imported += insertedIds.length;
    counts.duplicates += rows.length - insertedIds.length;
    pendingIds.push(...insertedIds);
    await flushIds(false);
    if (counts.rowsRead - lastProgressAt >= progressEvery) {
      lastProgressAt = counts.rowsRead;
      await store.recordProgress(userId, uploadId, { counts });
      deps.onProgress?.({ ...counts });
    }
  };
  const flushRows = async () => {
    await inserting;
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    inserting = insertBatch(rows);
    // A failure surfaces at the next await of `inserting`; this only keeps Node from
    // reporting it as unhandled in between.
    inserting.catch(() => undefined);
  };

  try {
    for await (const result of opened.rows) {
      if (result.kind === 'skipped') continue;
      counts.rowsRead += 1;
      if (counts.rowsRead > limits.maxRows) {
        await flushRows();
        await inserting;
        return fail(`the statement has more than ${limits.maxRows} rows, the most one upload may hold; split it into smaller files`);
      }
      if (result.kind === 'rejected') {
        counts.rejected += 1;
        if (errors.length < MAX_ROW_ERRORS) errors.push({ row: result.row, reason: deps.redact(result.reason) });
        continue;
      }
      const row = result.value;
      balanceCheck.add(row.row, row.amount, row.balance);
      batch.push(toNewTransaction(row, { userId, uploadId, account, formatCurrency: opened.format.currency ?? null, deps, fingerprinter }));
      if (row.balance !== undefined && row.balance !== null && (!latestBalance || row.date >= latestBalance.date)) {
        latestBalance = { amount: row.balance, date: row.date };
      }
      if (batch.length >= batchSize) await flushRows();
    }
    await flushRows();
    await inserting;
    await flushIds(true);
  } catch (error) {
    if (error instanceof NotAStatementError) return fail(error.message);
    await store.finishUpload(userId, uploadId, {
      status: 'failed', counts, errors, failureReason: 'the import stopped on an internal error; it will be retried',
    });
    throw error;
  }

  if (counts.rowsRead === 0) return fail('no transactions were found in the file');
  const currency = opened.format.currency ?? account.currency;
  await store.finishUpload(userId, uploadId, {
    status: counts.imported > 0 ? 'categorising' : 'complete',
    counts,
    errors,
    warnings: balanceCheck.result().breaks.map((b) => ({ row: b.row, message: describeBreak(b, currency) })),
    statedBalance: latestBalance,
  });
  await deps.forecastQueue.send([{ version: 1, userId, uploadId }]);
  deps.onProgress?.({ ...counts });
  return { outcome: 'imported', counts, accountId: account.accountId };
}

function describeBreak(b: BalanceBreak, currency: string): string {
  const money = (units: number) => `${formatMinorUnits(units, currency)} ${currency}`;
  const what = {
    missing: `a transaction of ${money(b.difference)} seems to be missing just before it`,
    duplicated: 'the row before it seems to be listed twice',
    misread: 'the balance printed on this row does not follow from the rows around it',
  }[b.likely];
  return `running balance breaks at row ${b.row}: expected ${money(b.expected)}, the statement says ${money(b.stated)}; ${what}. Nothing was dropped.`;
}

function accountHintFrom(hint: string): { accountId?: string; accountName?: string } {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(hint) ? { accountId: hint } : { accountName: hint };
}

function toNewTransaction(
  row: StatementRow,
  context: { userId: string; uploadId: string; account: AccountChoice; formatCurrency: string | null; deps: ImportDependencies; fingerprinter: FileFingerprinter },
): NewTransaction {
  const description = context.deps.redact(row.description);
  // A file that names no currency is in its account's currency.
  const currency = context.formatCurrency === null ? context.account.currency : row.currency;
  return {
    id: uuidV7(),
    accountId: context.account.accountId,
    uploadId: context.uploadId,
    date: row.date,
    amount: row.amount,
    currency,
    description,
    balance: row.balance ?? null,
    fingerprint: context.fingerprinter.next({
      userId: context.userId, accountId: context.account.accountId, date: row.date, amount: row.amount, description,
    }),
  };
}

async function checkLimits(deps: ImportDependencies, objectKey: string): Promise<void> {
  const size = await deps.blobs.size(objectKey);
  if (size === null) throw new NotAStatementError('the uploaded file was not found; upload it again');
  if (size === 0) throw new NotAStatementError('the file is empty');
  if (size > deps.limits.maxBytes) {
    throw new UploadTooLargeError(`the file is ${formatBytes(size)}; the most one upload may be is ${formatBytes(deps.limits.maxBytes)}`);
  }
  // Lines are at least as many as records, so a file with far more lines than the row
  // limit is refused before any work is done.
  const lines = await countLineBreaks(await deps.blobs.read(objectKey));
  if (lines > deps.limits.maxRows + 1000) {
    throw new UploadTooLargeError(`the file has about ${lines} lines; the most one upload may hold is ${deps.limits.maxRows} rows`);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
