import type { UserTransaction } from '../user-scope';

/**
 * Rows per query: 500 transactions are about 350 KB as the Data API sends them (~670 bytes a
 * row), well under its 1 MiB an answer, whatever the descriptions and notes hold.
 */
export const EXPORT_PAGE_ROWS = 500;

/** One table of the export, read in keyset pages (never the person's whole history in one query). */
export interface ExportSection {
  name: string;
  pages: () => AsyncIterable<Record<string, unknown>[]>;
}

/** Pages of a table in the order of a unique key: each query starts after the last key seen. */
async function* keysetPages<Row extends Record<string, unknown>>(
  key: keyof Row & string,
  page: (after: string | null, limit: number) => Promise<Row[]>,
): AsyncIterable<Row[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await page(after, EXPORT_PAGE_ROWS);
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_PAGE_ROWS) return;
    after = String(rows[rows.length - 1][key]);
  }
}

/**
 * Every row the person gave or chose, for `GET /me/export`: accounts, uploads, transactions
 * (with splits, notes, tags and transfers), the fingerprints of deleted imports, categories,
 * rules, corrections, "don't learn" marks, answers cached per merchant and column mappings.
 * What is computed from these (the categorisation model, forecasts) is left out: it is rebuilt
 * from the corrections and the transactions. Row-level security keeps every query to the person.
 */
export function exportSections(trx: UserTransaction): ExportSection[] {
  return [
    {
      name: 'user',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('users')
            .selectAll()
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'accounts',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('accounts')
            .selectAll()
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .orderBy('id')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'uploads',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('uploads')
            .selectAll()
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .orderBy('id')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'transactions',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('transactions')
            .selectAll()
            .where('deleted_at', 'is', null)
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .orderBy('id')
            .limit(limit)
            .execute(),
        ),
    },
    {
      // Fingerprints of deleted imports: kept so a re-import does not bring them back.
      name: 'deletedImports',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('transactions')
            .select(['id', 'date', 'amount', 'currency', 'deleted_at'])
            .where('deleted_at', 'is not', null)
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .orderBy('id')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'categories',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('categories')
            .selectAll()
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .orderBy('id')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'rules',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('rules')
            .selectAll()
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .orderBy('id')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'corrections',
      pages: () =>
        keysetPages('id', (after, limit) =>
          trx
            .selectFrom('corrections')
            .selectAll()
            .$if(after !== null, (q) => q.where('id', '>', after!))
            .orderBy('id')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'dontLearnMerchants',
      pages: () =>
        keysetPages('merchant', (after, limit) =>
          trx
            .selectFrom('dont_learn_merchants')
            .selectAll()
            .$if(after !== null, (q) => q.where('merchant', '>', after!))
            .orderBy('merchant')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'merchantAnswers',
      pages: () =>
        keysetPages('merchant', (after, limit) =>
          trx
            .selectFrom('merchant_answers')
            .selectAll()
            .$if(after !== null, (q) => q.where('merchant', '>', after!))
            .orderBy('merchant')
            .limit(limit)
            .execute(),
        ),
    },
    {
      name: 'columnMappings',
      pages: () =>
        keysetPages('header_signature', (after, limit) =>
          trx
            .selectFrom('column_mappings')
            .selectAll()
            .$if(after !== null, (q) => q.where('header_signature', '>', after!))
            .orderBy('header_signature')
            .limit(limit)
            .execute(),
        ),
    },
  ];
}
