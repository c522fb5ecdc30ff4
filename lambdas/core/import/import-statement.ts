import { redact } from '../redact/redact';
import { institutionFromFilename } from '../statement/institution';
import { CATEGORISE_BATCH_SIZE, type CategoriseMessage, type ForecastMessage } from '../messages';
import { headerSignature } from '../statement/csv/header-signature';
import { NotAStatementError, type DetectedFormat, type OpenedStatement } from '../statement/types';
import { decideCurrency, isGuess, type PersonConventions } from '../statement/statement-conventions';
import type { BlobStore } from '../../ports/blob-store';
import type {
  AccountChoice,
  ImportStore,
  InsertDecisions,
  NewTransactionColumns,
  RowError,
  UploadCounts,
} from '../../ports/import-store';
import type { MessageQueue } from '../../ports/queue';
import { countLineBreaks } from './count-line-breaks';
import type { BalanceBreak } from '../ledger/reconcile';
import { preparingInThread, type PreparingStatement, type StatementPreparer } from './preparing-statement';
import { moneyText } from '../money';

export interface StatementOpenOptions {
  filename: string;
  mapping?: Record<string, unknown> | null;
  /** The currency of the account the person chose for this upload. */
  defaultCurrency?: string;
  maxRows?: number;
  /** The file's size in bytes, when known: a preparer may keep a small file on its own thread. */
  sizeBytes?: number;
  /** The person's country, currency and locale: the last fallback for a statement's currency and date order. */
  person?: PersonConventions | null;
}

export interface ImportDependencies {
  store: ImportStore;
  blobs: BlobStore;
  categoriseQueue: MessageQueue<CategoriseMessage>;
  forecastQueue: MessageQueue<ForecastMessage>;
  openStatement: (source: AsyncIterable<Uint8Array>, options: StatementOpenOptions) => Promise<OpenedStatement>;
  redact: (text: string) => string;
  limits: ImportLimits;
  /**
   * Opens the statement and prepares its rows (parse, redact, fingerprint) for insert. Default:
   * on this thread with `openStatement` and `redact`; the local stack prepares on a worker thread.
   */
  prepareStatement?: StatementPreparer;
  /**
   * Decides tiers 1–2 for a batch before it is inserted (the local stack; on AWS the categoriser
   * Lambda decides after). Runs while the batch before is being inserted.
   */
  decideOnInsert?: (userId: string, uploadId: string, columns: NewTransactionColumns) => Promise<InsertDecisions>;
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
    // An object put straight into the bucket keeps whatever name it was given: redacted here too.
    filename: redact(request.filename),
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

  let sizeBytes: number;
  try {
    sizeBytes = await checkLimits(deps, request.objectKey);
  } catch (error) {
    if (error instanceof UploadTooLargeError || error instanceof NotAStatementError) return fail(error.message);
    throw error;
  }

  const explicitAccountHint = begun.accountId ?? request.accountHint ?? null;
  const preliminary = explicitAccountHint
    ? await store.chooseAccount(userId, accountHintFrom(explicitAccountHint))
    : null;
  const person = await store.personConventions(userId);

  const prepareStatement = deps.prepareStatement ?? preparingInThread(deps.openStatement, deps.redact);
  const open = async (mapping: Record<string, unknown> | null) =>
    prepareStatement(await deps.blobs.read(request.objectKey), {
      filename: request.filename,
      mapping,
      defaultCurrency: preliminary?.currency,
      maxRows: limits.maxRows,
      sizeBytes,
      person,
    });
  let opened: PreparingStatement;
  try {
    opened = await open(begun.mapping);
    const signature = headerSignature(opened.format);
    if (signature && begun.mapping) {
      // A mapping the person gave is remembered for the next statement with this header.
      await store.rememberMapping(userId, signature, begun.mapping);
    } else if (signature) {
      const remembered = await store.rememberedMapping(userId, signature);
      if (remembered) {
        await opened.close();
        opened = await open(remembered);
      }
    }
  } catch (error) {
    if (error instanceof NotAStatementError) return fail(error.message);
    throw error;
  }
  try {
    return await importRows(deps, request, { opened, begun, preliminary, person, counts, errors, fail });
  } finally {
    await opened.close();
  }
}

/** The second half of an import: the rows of the opened statement into the database, then the upload's outcome. */
async function importRows(
  deps: ImportDependencies,
  request: ImportRequest,
  state: {
    opened: PreparingStatement;
    begun: { previousStatus: string | null };
    preliminary: AccountChoice | null;
    person: PersonConventions | null;
    counts: UploadCounts;
    errors: RowError[];
    fail: (reason: string) => Promise<ImportResult>;
  },
): Promise<ImportResult> {
  const { store, limits } = deps;
  const { userId, uploadId } = request;
  const { opened, begun, preliminary, person, counts, errors, fail } = state;
  const format = opened.format;
  if (!format.institution) {
    const named = institutionFromFilename(request.filename);
    if (named) {
      format.institution = named;
      format.notes = [...(format.notes ?? []), `the file name names the bank: ${named}`];
    }
  }
  settleCurrency(format, preliminary?.currency ?? null, person);
  // The statement's account, in the statement's currency; rows in another currency go to that currency's sibling.
  const hint = {
    ...(preliminary ? { accountId: preliminary.accountId } : {}),
    last4: format.accountLast4 ?? null,
    institution: format.institution ?? null,
    country: format.country ?? null,
    bankCode: format.bankCode ?? null,
  };
  // A file that names each row's account (an aggregator's export) fills those accounts, unless
  // the person chose one for the upload: then their choice holds every row.
  const rowsNameAccounts = format.columns?.some((column) => column.role === 'account') ?? false;
  const perRowAccounts = rowsNameAccounts && !preliminary;
  const chooseStatementAccount = () => store.chooseAccount(userId, { ...hint, currency: format.currency ?? null });
  let statementAccount: Promise<AccountChoice> | null = perRowAccounts ? null : chooseStatementAccount();
  const accounts = new Map<string, AccountChoice>();
  const named = new Map<string, { name: string; choice: AccountChoice }>();
  const accountIn = async (currency: string, accountName: string | null): Promise<AccountChoice> => {
    if (perRowAccounts && accountName) {
      const key = `${currency}\u0000${accountName}`;
      let chosen = named.get(key);
      if (!chosen) {
        chosen = { name: accountName, choice: await store.chooseAccount(userId, { accountName, currency }) };
        named.set(key, chosen);
      }
      return chosen.choice;
    }
    statementAccount ??= chooseStatementAccount();
    const account = await statementAccount;
    if (!accounts.has(account.currency)) accounts.set(account.currency, account);
    let chosen = accounts.get(currency);
    if (!chosen) {
      chosen = await store.chooseAccount(userId, { ...hint, accountId: account.accountId, currency });
      accounts.set(currency, chosen);
    }
    return chosen;
  };
  const firstAccount = statementAccount ? await statementAccount : null;
  await store.recordProgress(userId, uploadId, {
    status: 'parsing',
    counts,
    format,
    ...(firstAccount ? { account: firstAccount } : {}),
  });

  let requeued = 0;
  const progressEvery = limits.progressEvery ?? 5000;
  let pendingIds: string[] = [];
  let lastProgressAt = 0;
  let latestBalance: { amount: number; date: string } | null = null;
  let balanceBreaks: BalanceBreak[] = [];

  const idsPerMessage = limits.categoriseBatchSize ?? CATEGORISE_BATCH_SIZE;
  const flushIds = async (all: boolean) => {
    while (pendingIds.length >= idsPerMessage || (all && pendingIds.length > 0)) {
      const transactionIds = pendingIds.slice(0, idsPerMessage);
      pendingIds = pendingIds.slice(idsPerMessage);
      await deps.categoriseQueue.send([{ version: 1, userId, uploadId, transactionIds }]);
    }
  };
  // Preparing and inserting overlap: one batch is inserted while the next is prepared, so on
  // two cores the import runs at the pace of the slower of the two, not of their sum.
  let inserting: Promise<void> = Promise.resolve();
  const insertBatch = async (columns: NewTransactionColumns, rowsRead: number) => {
    const { insertedIds } = await store.insertTransactionColumns(userId, columns);
    counts.imported += insertedIds.length;
    counts.duplicates += columns.ids.length - insertedIds.length;
    // A row decided by its INSERT needs no categorise message.
    const decided = columns.decisions?.categories;
    if (decided) {
      const undecided = new Set(columns.ids.filter((_, i) => decided[i] === null));
      for (const id of insertedIds) if (undecided.has(id)) pendingIds.push(id);
    } else {
      for (const id of insertedIds) pendingIds.push(id);
    }
    await flushIds(false);
    if (rowsRead - lastProgressAt >= progressEvery) {
      lastProgressAt = rowsRead;
      await store.recordProgress(userId, uploadId, { counts });
      deps.onProgress?.({ ...counts });
    }
  };
  const keep = (rowErrors: RowError[], read: { rowsRead: number; rejected: number }) => {
    for (const error of rowErrors) errors.push(error);
    counts.rowsRead = read.rowsRead;
    counts.rejected = read.rejected;
  };

  try {
    let tooManyRows = false;
    for await (const event of opened.prepare({
      userId,
      uploadId,
      accountIn,
      currency: firstAccount?.currency ?? statementCurrency(format),
      batchSize: limits.insertBatchSize ?? 1000,
      maxRows: limits.maxRows,
    })) {
      if (event.kind === 'end') {
        await inserting;
        keep(event.errors, event.counts);
        tooManyRows = event.tooManyRows;
        latestBalance = event.latestBalance;
        balanceBreaks = event.balanceBreaks;
        break;
      }
      const columns = deps.decideOnInsert
        ? { ...event.columns, decisions: await deps.decideOnInsert(userId, uploadId, event.columns) }
        : event.columns;
      await inserting;
      keep(event.errors, event.counts);
      inserting = insertBatch(columns, event.counts.rowsRead);
      // A failure surfaces at the next await of `inserting`; this only keeps Node from
      // reporting it as unhandled in between.
      inserting.catch(() => undefined);
    }
    await inserting;
    if (tooManyRows) {
      return fail(
        `the statement has more than ${limits.maxRows} rows, the most one upload may hold; split it into smaller files`,
      );
    }
    await flushIds(true);
    if (begun.previousStatus === 'parsing' || begun.previousStatus === 'failed') {
      // A resumed import: rows an earlier attempt committed come back as duplicates, and their
      // categorise messages may have died with that attempt. Queue every row still undecided
      // (a row decided twice is decided once: the categoriser skips what has a category).
      for (let after: string | null = null; ;) {
        const transactionIds = await store.undecidedTransactionIds(userId, uploadId, {
          after,
          limit: CATEGORISE_BATCH_SIZE,
        });
        if (transactionIds.length === 0) break;
        await deps.categoriseQueue.send([{ version: 1, userId, uploadId, transactionIds }]);
        requeued += transactionIds.length;
        after = transactionIds[transactionIds.length - 1];
      }
    }
  } catch (error) {
    if (error instanceof NotAStatementError) return fail(error.message);
    await store.finishUpload(userId, uploadId, {
      status: 'failed',
      counts,
      errors,
      failureReason: 'the import stopped on an internal error; it will be retried',
    });
    throw error;
  }

  if (counts.rowsRead === 0) return fail('no transactions were found in the file');
  const namedAccounts = [...named.values()];
  if (!statementAccount && namedAccounts.length === 0) statementAccount = chooseStatementAccount();
  const statementChoice = statementAccount ? await statementAccount : null;
  const account: AccountChoice =
    namedAccounts.length > 0
      ? { ...namedAccounts[0].choice, reason: describeNamedAccounts(namedAccounts.map((a) => a.name)) }
      : statementChoice!;
  if (namedAccounts.length > 0) await store.recordProgress(userId, uploadId, { counts, account });
  const currency = account.currency;
  const others = statementChoice
    ? [...accounts.values()].filter((other) => other.accountId !== statementChoice.accountId)
    : [];
  const finished = await store.finishUpload(userId, uploadId, {
    // 'categorising' turns 'complete' at once when nothing waits (finishUpload looks).
    status: counts.imported > 0 || requeued > 0 ? 'categorising' : 'complete',
    counts,
    errors,
    warnings: [
      ...(format.guesses ?? []).map((guess) => ({ message: guess.message })),
      ...others.map((other) => ({
        message: `rows in ${other.currency} went to another account (${other.reason}): an account holds one currency`,
      })),
      ...(rowsNameAccounts && preliminary
        ? [{ message: `the file names each row's account; the account chosen for this upload holds every row` }]
        : []),
      ...(namedAccounts.length > 0 && statementChoice
        ? [{ message: `rows that name no account went to the statement's account (${statementChoice.reason})` }]
        : []),
      // A running balance printed across several accounts' rows says nothing of any one of them.
      ...(namedAccounts.length > 0
        ? []
        : balanceBreaks.map((b) => ({ row: b.row, message: describeBreak(b, currency) }))),
    ],
    statedBalance: namedAccounts.length > 0 ? null : latestBalance,
    format,
  });
  if (!person) {
    // A person who said nothing of themselves is taught by their first statement that says it.
    const sure = format.currencySource === 'file' || format.currencySource === 'bank';
    await store.learnConventions(userId, {
      country: format.country ?? null,
      currency: sure ? (format.currency ?? null) : null,
    });
  }
  // Forecasts and insights are recomputed once the upload's categories are final: now, or by
  // the categoriser whose batch decides its last row. Queued at once, they ran beside the
  // categoriser on the same cores and read rows still undecided.
  if (finished === 'complete') await deps.forecastQueue.send([{ version: 1, userId, uploadId }]);
  deps.onProgress?.({ ...counts });
  return { outcome: 'imported', counts, accountId: account.accountId };
}

/** Why an upload's rows went to the accounts its rows name: shown as the upload's account reason. */
function describeNamedAccounts(names: string[]): string {
  const distinct = [...new Set(names)];
  const shown = distinct.slice(0, 3).join(', ') + (distinct.length > 3 ? ', …' : '');
  return `the file names each row's account: ${distinct.length} account${distinct.length === 1 ? '' : 's'} (${shown})`;
}

/** The statement's currency: settled before any row is read (the file's, the account's, the person's or a guess). */
function statementCurrency(format: DetectedFormat): string {
  if (!format.currency) throw new Error('the statement currency is settled before its rows are read');
  return format.currency;
}

function describeBreak(b: BalanceBreak, currency: string): string {
  const money = (units: number) => moneyText(units, currency);
  const what = {
    missing: `a transaction of ${money(b.difference)} seems to be missing just before it`,
    duplicated: 'the row before it seems to be listed twice',
    misread: 'the balance printed on this row does not follow from the rows around it',
  }[b.likely];
  return `running balance breaks at row ${b.row}: expected ${money(b.expected)}, the statement says ${money(b.stated)}; ${what}. Nothing was dropped.`;
}

function accountHintFrom(hint: string): { accountId?: string; accountName?: string } {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(hint)
    ? { accountId: hint }
    : { accountName: hint };
}

/**
 * Formats that decide their currency themselves (OFX, CAMT name it; QIF and SMS may not) get the
 * same fallback as a CSV: the chosen account's, else the person's, else a guess they are told of.
 */
function settleCurrency(
  format: DetectedFormat,
  accountCurrency: string | null,
  person: PersonConventions | null,
): void {
  if (format.currencySource) return;
  if (format.currency && format.currency !== accountCurrency && format.currency !== person?.currency) {
    format.currencySource = 'file';
    return;
  }
  const decided = decideCurrency({ accountCurrency, person });
  format.currency = decided.value;
  format.currencySource = decided.source;
  if (isGuess(decided, person)) {
    format.guesses = [
      ...(format.guesses ?? []),
      {
        field: 'currency',
        value: decided.value,
        source: decided.source,
        message: `the currency ${decided.value} was guessed (${decided.why}); set your own with PATCH /me, or the account's with PATCH /accounts/{id}`,
      },
    ];
  }
}

/** Refuses a file too large to import; returns its size in bytes. */
async function checkLimits(deps: ImportDependencies, objectKey: string): Promise<number> {
  const size = await deps.blobs.size(objectKey);
  if (size === null) throw new NotAStatementError('the uploaded file was not found; upload it again');
  if (size === 0) throw new NotAStatementError('the file is empty');
  if (size > deps.limits.maxBytes) {
    throw new UploadTooLargeError(
      `the file is ${formatBytes(size)}; the most one upload may be is ${formatBytes(deps.limits.maxBytes)}`,
    );
  }
  // Lines are at least as many as records, so a file with far more lines than the row
  // limit is refused before any work is done.
  const lines = await countLineBreaks(await deps.blobs.read(objectKey));
  if (lines > deps.limits.maxRows + 1000) {
    throw new UploadTooLargeError(
      `the file has about ${lines} lines; the most one upload may hold is ${deps.limits.maxRows} rows`,
    );
  }
  return size;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
