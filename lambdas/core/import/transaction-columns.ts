import type { NewTransaction, NewTransactionColumns } from '../../ports/import-store';

/** The rows of `columns`, one object each. */
export function rowsOfColumns(columns: NewTransactionColumns): NewTransaction[] {
  return columns.ids.map((id, i) => ({
    id,
    accountId: columns.accountIds[i],
    uploadId: columns.uploadId,
    date: columns.dates[i],
    amount: columns.amounts[i],
    currency: columns.currencies[i],
    description: columns.descriptions[i],
    balance: columns.balances[i],
    fingerprint: columns.fingerprints[i],
    merchant: columns.merchants[i],
  }));
}
