import type { ConventionSource } from '../statement-conventions';
import type { DateOrder } from '../types';
import type { DecimalMark } from './parse-amount';
import type { DetectedEncoding } from './text-encoding';

/** Which column plays which part; -1-free: absent columns are null or empty lists. */
export interface ColumnPlan {
  date: number;
  valueDates: number[];
  amount: number | null;
  debit: number | null;
  credit: number | null;
  direction: number | null;
  balance: number | null;
  currency: number | null;
  reference: number | null;
  status: number | null;
  /** The column naming each row's account (an aggregator's export of several accounts), or null. */
  account: number | null;
  payees: number[];
  descriptions: number[];
  memos: number[];
}

/** Everything the row reader needs to turn records into transactions. */
export interface CsvPlan {
  encoding: DetectedEncoding;
  delimiter: string;
  /** 1-based record number of the header, or null. Records up to it are preamble. */
  headerRow: number | null;
  headers: string[] | null;
  columns: ColumnPlan;
  decimalMark: DecimalMark;
  /** The day/month order, or null while the file has not revealed it. */
  dateOrder: DateOrder | null;
  /** The order used if the whole file never reveals it, where that comes from and why. */
  fallbackDateOrder: 'DMY' | 'MDY';
  fallbackDateOrderSource: ConventionSource;
  fallbackDateOrderWhy: string;
  /** Whether using the fallback order is a guess the person is warned of. */
  fallbackDateOrderIsGuess: boolean;
  /** Flip the sign of every amount (card exports printing purchases as positive). */
  invertSign: boolean;
  /** '+' marks money in and a bare amount is money out (card exports marking payments with '+'). */
  plusMarksCredit?: boolean;
  /** Whether the amount column carries its own sign; if not, the direction column gives it. */
  amountSigned: boolean;
  /** What an empty direction cell means (ICICI prints CR for credits and nothing for debits). */
  directionWhenEmpty: 'debit' | 'credit';
  /** Currency for rows that name none. */
  accountCurrency: string;
  /** A currency the person fixed in the mapping: every row is in it. */
  fixedCurrency: string | null;
  /** Payee, description and memo columns, in the order their text is combined. */
  textColumns: number[];
  /** Number of cells a data row usually has; lines with far fewer are not transactions. */
  usualWidth: number;
}
