import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import type { NewTransaction } from '../../ports/import-store';

/**
 * A batch of new rows by COPY, on postgres.js only (the Data API has no COPY): Postgres refuses
 * COPY FROM into a table under row-level security, but not into the session's own temporary
 * table, so the rows are copied into one and moved by a single INSERT … SELECT … ON CONFLICT
 * DO NOTHING that the policies check as usual. The COPY text is one string per batch, where
 * array parameters cost a JavaScript array per column and postgres.js's serialisation of each.
 * The staging table lives as long as the pooled connection and empties at every commit.
 */
export async function copyTransactions(
  sql: postgres.Sql<Record<string, unknown>>,
  userId: string,
  rows: readonly NewTransaction[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  let text = '';
  for (const row of rows) {
    text +=
      `${row.id}\t${row.accountId}\t${row.uploadId ?? '\\N'}\t${row.date}\t${row.amount}\t${row.currency}\t${copyText(row.description)}\t` +
      `${row.balance ?? '\\N'}\t${copyText(row.fingerprint)}\t${row.merchant ? copyText(row.merchant) : '\\N'}\n`;
  }
  return sql.begin(async (tx) => {
    await tx`select set_config('app.user_id', ${userId}::text, true)`;
    await tx`create temporary table if not exists transactions_staging (
      id uuid, account_id uuid, upload_id uuid, date date, amount bigint, currency char(3), description text, balance bigint, fingerprint text, merchant text
    ) on commit delete rows`;
    await pipeline(Readable.from([text]), await tx`copy transactions_staging from stdin`.writable());
    const inserted = await tx<{ id: string }[]>`
      insert into transactions (user_id, id, account_id, upload_id, date, amount, currency, description, balance, fingerprint, merchant)
      select ${userId}::uuid, id, account_id, upload_id, date, amount, currency, description, balance, fingerprint, merchant from transactions_staging
      on conflict (user_id, fingerprint) do nothing
      returning id`;
    return inserted.map((row) => row.id);
  }) as Promise<string[]>;
}

/** COPY's text format: backslash, tab, newline and carriage return escaped (redaction already took other control characters). */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : value;
}
