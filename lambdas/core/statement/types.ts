import type { MinorUnits } from '../money';
import type { ConventionSource } from './statement-conventions';
import type { ColumnRole } from './column-roles';
import type { StatementKind } from './statement-formats';

export type { ColumnRole } from './column-roles';

export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/** What detection decided about a statement: shown by POST /uploads/preview, stored on the upload. */
export interface DetectedFormat {
  kind: StatementKind;
  encoding: string;
  delimiter?: string;
  /** 1-based record number of the header row, or null when the file has none. */
  headerRow?: number | null;
  headers?: string[] | null;
  /** Column index → role; only columns that matter need to be listed. */
  columns?: { index: number; header: string | null; role: ColumnRole }[];
  dateOrder?: DateOrder;
  decimalMark?: '.' | ',';
  currency?: string | null;
  /** Masked account number seen in the statement (last four digits only). */
  accountLast4?: string | null;
  /** Name of the bank, when the statement says it. */
  institution?: string | null;
  /** Why each decision was made, in words a person understands. */
  notes?: string[];
  /** Where `currency` came from: the mapping, the file, the chosen account, the bank, the headers' language, the number format, the person, or a guess. */
  currencySource?: ConventionSource;
  /** Where `dateOrder` came from: `file` when the dates themselves tell (a day above 12, year first). */
  dateOrderSource?: ConventionSource;
  /** The bank's country, when the statement shows it (IBAN, BIC, sort code, IFSC, routing number, a bank's name). */
  country?: string | null;
  /** The bank's code (`IBAN:AT:12345`, `BIC:INGDDE`, `SORT:30-93-74`, `IFSC:HDFC`), for matching accounts; never an account number. */
  bankCode?: string | null;
  /** The language of the header row, when it tells a country. */
  language?: string | null;
  /** What had to be guessed, each with a message the person can act on: shown as the upload's warnings. */
  guesses?: { field: 'currency' | 'dateOrder'; value: string; source: ConventionSource; message: string }[];
}

/** An explicit mapping a person sends with POST /uploads to override detection. */
export interface ColumnMapping {
  delimiter?: string;
  headerRow?: number | null;
  columns: { index: number; role: ColumnRole }[];
  dateOrder?: DateOrder;
  decimalMark?: '.' | ',';
  currency?: string;
  /** Credit-card statements print purchases as positive numbers: flip the sign. */
  invertSign?: boolean;
}

/** One transaction as read from a statement, before redaction and fingerprinting. */
export interface StatementRow {
  /** 1-based record number in the file (what an error message names). */
  row: number;
  /** Calendar date, YYYY-MM-DD. */
  date: string;
  /** Signed minor units: negative = money out of the account. */
  amount: MinorUnits;
  currency: string;
  /** Raw description: payee, memo and details combined, whitespace normalised. Not yet redacted. */
  description: string;
  /** The statement's running balance after this row, when it has one. */
  balance?: MinorUnits | null;
  reference?: string | null;
  /** The account the row names, in a file of several accounts (an aggregator's export). Not yet redacted. */
  account?: string | null;
}

export type RowResult =
  | { kind: 'transaction'; value: StatementRow }
  /** A line that is not a transaction (balance line, pending, zero amount, totals): not an error. */
  | { kind: 'skipped'; row: number; reason: string }
  /** A line that should have been a transaction but could not be read. */
  | { kind: 'rejected'; row: number; reason: string };

export interface OpenedStatement {
  format: DetectedFormat;
  rows: AsyncIterable<RowResult>;
}

/** A file that is not a statement at all: its message is shown to the person as is. */
export class NotAStatementError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotAStatementError';
  }
}
