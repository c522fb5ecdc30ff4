import { merchantKey } from '../categorise/merchant-key';
import { RunningBalanceCheck, type BalanceBreak } from '../ledger/reconcile';
import type { DetectedFormat, RowResult } from '../statement/types';
import type { AccountChoice, NewTransactionColumns, RowError } from '../../ports/import-store';
import { FileFingerprinter, normaliseForFingerprint } from './fingerprint';
import { uuidV7 } from './uuid-v7';
import { accountNameToStore } from '../statement/csv/account-column';

/** The most row errors an upload keeps: the rest are counted only. */
export const MAX_ROW_ERRORS = 100;

/** What the row stage needs to turn a statement's rows into rows to insert. */
export interface PrepareContext {
  userId: string;
  uploadId: string;
  /**
   * The account a row in this currency goes to (the statement's, or its sibling in another
   * currency); `accountName` is the (redacted) account the row names, in a file of several accounts.
   */
  accountIn: (currency: string, accountName: string | null) => AccountChoice | Promise<AccountChoice>;
  /** The statement's account currency: rows that name none are in it. */
  currency: string;
  redact: (text: string) => string;
  batchSize: number;
  maxRows: number;
}

/** Counts so far, cumulative over the file. */
export interface PreparedCounts {
  rowsRead: number;
  rejected: number;
}

export type PreparedEvent =
  /** Rows ready to insert, the counts up to their last row, and the row errors met since the last batch. */
  | { kind: 'batch'; columns: NewTransactionColumns; counts: PreparedCounts; errors: RowError[] }
  | {
      kind: 'end';
      counts: PreparedCounts;
      errors: RowError[];
      /** The file holds more than `maxRows` rows: the rows before the limit were all sent. */
      tooManyRows: boolean;
      /** The running balance printed on the latest-dated row that has one. */
      latestBalance: { amount: number; date: string } | null;
      balanceBreaks: BalanceBreak[];
    };

/**
 * Descriptions remembered with their merchant key and fingerprint text. A person's statement
 * repeats its descriptions (the same shop, the same subscription: 23–65% of the rows of three
 * real labelled histories repeat an earlier description word for word),
 * and the merchant key is the dearest step of a row. Forgotten all at once past this many.
 */
const REMEMBERED_DESCRIPTIONS = 20_000;

interface DescriptionFacts {
  merchant: string | null;
  normalised: string;
}

/** A batch of an upload's new rows with no row in it yet. */
export function emptyColumns(uploadId: string): NewTransactionColumns {
  return {
    uploadId,
    ids: [],
    accountIds: [],
    dates: [],
    amounts: [],
    currencies: [],
    descriptions: [],
    balances: [],
    fingerprints: [],
    merchants: [],
  };
}

/**
 * The CPU half of an import, kept apart from the database so that it can run on another thread:
 * reads a statement's rows and gives them back a batch at a time as columns, each description
 * redacted, keyed to its merchant, fingerprinted (the occurrence count runs over the whole file)
 * and given a time-ordered id; rejected rows become row errors (numbered as in the file, their
 * reason redacted), and the running balance is checked as the rows pass.
 */
export async function* prepareRows(
  rows: AsyncIterable<RowResult>,
  context: PrepareContext,
): AsyncGenerator<PreparedEvent> {
  const { userId, uploadId, redact } = context;
  const fingerprinter = new FileFingerprinter();
  const balanceCheck = new RunningBalanceCheck();
  const counts: PreparedCounts = { rowsRead: 0, rejected: 0 };
  let errors: RowError[] = [];
  let errorsKept = 0;
  let latestBalance: { amount: number; date: string } | null = null;
  let columns = emptyColumns(uploadId);
  const remembered = new Map<string, DescriptionFacts>();
  const factsOf = (description: string): DescriptionFacts => {
    let facts = remembered.get(description);
    if (!facts) {
      if (remembered.size >= REMEMBERED_DESCRIPTIONS) remembered.clear();
      facts = { merchant: merchantKey(description) || null, normalised: normaliseForFingerprint(description) };
      remembered.set(description, facts);
    }
    return facts;
  };
  // The statement's own account is asked for once; a sibling account per other currency, and
  // per account a row names, is remembered (keyed by the name as read: redacted once, on first sight).
  const accounts = new Map<string, AccountChoice>();
  const accountIn = async (currency: string, named: string | null, key: string): Promise<AccountChoice> => {
    // Card and account numbers inside a name are never stored: see accountNameToStore.
    const chosen = await context.accountIn(currency, named ? accountNameToStore(named, redact) : null);
    accounts.set(key, chosen);
    return chosen;
  };
  const batch = (): PreparedEvent => {
    const event: PreparedEvent = { kind: 'batch', columns, counts: { ...counts }, errors };
    columns = emptyColumns(uploadId);
    errors = [];
    return event;
  };
  const end = (tooManyRows: boolean): PreparedEvent => ({
    kind: 'end',
    counts: { ...counts },
    errors,
    tooManyRows,
    latestBalance,
    balanceBreaks: balanceCheck.result().breaks,
  });

  for await (const result of rows) {
    if (result.kind === 'skipped') continue;
    counts.rowsRead += 1;
    if (counts.rowsRead > context.maxRows) {
      if (columns.ids.length > 0) yield batch();
      yield end(true);
      return;
    }
    if (result.kind === 'rejected') {
      counts.rejected += 1;
      if (errorsKept < MAX_ROW_ERRORS) {
        errorsKept += 1;
        errors.push({ row: result.row, reason: redact(result.reason) });
      }
      continue;
    }
    const row = result.value;
    balanceCheck.add(row.row, row.amount, row.balance);
    const rowCurrency = row.currency || context.currency;
    const accountKey = row.account ? `${rowCurrency}\u0000${row.account}` : rowCurrency;
    const account = accounts.get(accountKey) ?? (await accountIn(rowCurrency, row.account ?? null, accountKey));
    const description = redact(row.description);
    const facts = factsOf(description);
    const balance = row.balance ?? null;
    columns.ids.push(uuidV7());
    columns.accountIds.push(account.accountId);
    columns.dates.push(row.date);
    columns.amounts.push(row.amount);
    columns.currencies.push(account.currency);
    columns.descriptions.push(description);
    columns.balances.push(balance);
    columns.merchants.push(facts.merchant);
    columns.fingerprints.push(
      fingerprinter.next({
        userId,
        accountId: account.accountId,
        date: row.date,
        amount: row.amount,
        description,
        normalised: facts.normalised,
      }),
    );
    if (balance !== null && (!latestBalance || row.date >= latestBalance.date)) {
      latestBalance = { amount: balance, date: row.date };
    }
    if (columns.ids.length >= context.batchSize) yield batch();
  }
  if (columns.ids.length > 0) yield batch();
  yield end(false);
}

/** Fills a statement's format with what another copy of it learned while reading (the date order, notes, guesses). */
export function adoptFormat(format: DetectedFormat, learned: DetectedFormat): void {
  Object.assign(format, learned);
}
