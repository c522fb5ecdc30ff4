import type { DetectedFormat } from '../core/statement/types';
import type { PersonConventions } from '../core/statement/statement-conventions';

export type UploadStatus = 'received' | 'parsing' | 'categorising' | 'complete' | 'failed';

export interface UploadCounts {
  rowsRead: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export interface RowError {
  row: number;
  reason: string;
}

export interface AccountChoice {
  accountId: string;
  currency: string;
  /** Why this account, in words: shown on the upload. */
  reason: string;
}

export interface NewTransaction {
  /** Time-ordered id chosen by the importer. */
  id: string;
  accountId: string;
  uploadId: string | null;
  date: string;
  amount: number;
  currency: string;
  /** Already redacted. */
  description: string;
  balance: number | null;
  fingerprint: string;
  /**
   * The merchant key of the description, when the importer knows it: stored at insert so that
   * categorising the row later changes no indexed column and Postgres can update it in place
   * (a HOT update: no new index entries).
   */
  merchant?: string | null;
}

/**
 * New rows of one upload as columns (index i of every array is row i): what the import's row
 * stage hands to the database, cheap to pass between threads and to send as array parameters.
 */
export interface NewTransactionColumns {
  uploadId: string | null;
  ids: string[];
  accountIds: string[];
  dates: string[];
  amounts: number[];
  currencies: string[];
  /** Already redacted. */
  descriptions: string[];
  balances: (number | null)[];
  fingerprints: string[];
  merchants: (string | null)[];
  /** Categories decided before the insert (local stack), row for row; without them every row waits for the categoriser. */
  decisions?: InsertDecisions;
}

/**
 * Tiers 1–2 decided sure while a statement is read, written by the INSERT itself: a row with a
 * category needs no categorise message and no UPDATE. `null` where the answer was unsure (tier 3
 * may still answer it): that row is inserted undecided and queued as before.
 */
export interface InsertDecisions {
  categories: (string | null)[];
  categorySources: (string | null)[];
  confidences: (number | null)[];
  decidedBy: (string | null)[];
}

export interface AccountHint {
  accountId?: string | null;
  accountName?: string | null;
  last4?: string | null;
  institution?: string | null;
  /** The bank's country and code, when the statement shows them. */
  country?: string | null;
  bankCode?: string | null;
  currency?: string | null;
}

/** What the statement importer needs from the database, all scoped to one person. */
export interface ImportStore {
  /**
   * Records that the upload has started (creating it if the S3 object arrived without a
   * POST /uploads). Returns its state before this call, so a repeated event for a
   * finished upload can stop at once.
   */
  beginUpload(
    userId: string,
    uploadId: string,
    details: { filename: string; objectKey: string; accountHint?: string | null },
  ): Promise<{
    previousStatus: UploadStatus | null;
    accountId: string | null;
    mapping: Record<string, unknown> | null;
  }>;
  /**
   * The account rows go to: the one named, else the one at the same bank (institution, country,
   * bank code, last four digits: never a shared word of two names), else a new one; always one
   * in `currency` when it is given (an account holds one currency; a sibling is made for another).
   */
  chooseAccount(userId: string, hint: AccountHint): Promise<AccountChoice>;
  /** What the person said of their country, currency and locale (or what their statements taught). */
  personConventions(userId: string): Promise<PersonConventions | null>;
  /** Records what a first statement taught of a person who has said nothing of themselves. */
  learnConventions(userId: string, learned: { country: string | null; currency: string | null }): Promise<void>;
  /** Inserts what is new; a row whose fingerprint exists (or is a tombstone) is a duplicate. */
  insertTransactions(userId: string, rows: readonly NewTransaction[]): Promise<{ insertedIds: string[] }>;
  /** The same, for rows given as columns (what an import inserts). */
  insertTransactionColumns(userId: string, columns: NewTransactionColumns): Promise<{ insertedIds: string[] }>;
  recordProgress(
    userId: string,
    uploadId: string,
    update: { status?: UploadStatus; counts: UploadCounts; format?: DetectedFormat; account?: AccountChoice },
  ): Promise<void>;
  /** The column mapping this person confirmed for statements with this header, if any. */
  rememberedMapping(userId: string, headerSignature: string): Promise<Record<string, unknown> | null>;
  rememberMapping(userId: string, headerSignature: string, mapping: Record<string, unknown>): Promise<void>;
  /**
   * A page of the upload's transactions that still wait for a category, by id after `after`:
   * what a resumed import queues again (the queue of the process that died went with it).
   */
  undecidedTransactionIds(
    userId: string,
    uploadId: string,
    page: { after: string | null; limit: number },
  ): Promise<string[]>;
  finishUpload(
    userId: string,
    uploadId: string,
    outcome: {
      status: 'categorising' | 'complete' | 'failed';
      counts: UploadCounts;
      errors: RowError[];
      warnings?: { row?: number; message: string }[];
      failureReason?: string;
      statedBalance?: { amount: number; date: string } | null;
      format?: DetectedFormat;
    },
  ): Promise<UploadStatus>;
}
