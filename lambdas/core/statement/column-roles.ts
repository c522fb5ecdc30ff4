/**
 * What a column of a statement can mean: the one list the parser's types, the API's zod enum
 * and the web app's column editor all read.
 */
export const COLUMN_ROLES = [
  'date', // the left-most booking / transaction date: the one that is imported
  'valueDate', // any other date column (value date, posted date)
  'amount', // one signed (or unsigned + direction) amount
  'debit', // money out, usually printed positive
  'credit', // money in
  'direction', // CR/DR, Af/Bij, C/D, +/- indicator for an unsigned amount
  'description',
  'payee',
  'memo',
  'balance', // running balance after the row: never the amount
  'currency',
  'reference',
  'account',
  'status', // pending / booked markers
  'ignore',
] as const;

export type ColumnRole = (typeof COLUMN_ROLES)[number];
