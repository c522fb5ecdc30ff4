import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCsvStatement } from '../../../lambdas/core/statement/open-csv-statement';
import type { RowResult, StatementRow } from '../../../lambdas/core/statement/types';

interface ExpectedFile {
  file: string;
  count: number;
  rows: { date: string; amount: number; currency: string }[];
}

const FIXTURES = join(__dirname, '../../fixtures/bank-csv');
const expected: ExpectedFile[] = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

/** Streams a file in small chunks, as S3 does, so characters and records get split across chunks. */
async function* chunksOf(bytes: Uint8Array, size = 97): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

/** The account currency the importer would pass: the one most expected rows are in. */
function accountCurrency(file: ExpectedFile): string {
  const counts = new Map<string, number>();
  for (const row of file.rows) counts.set(row.currency, (counts.get(row.currency) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

async function transactionsOf(file: ExpectedFile): Promise<{ transactions: StatementRow[]; results: RowResult[] }> {
  const bytes = readFileSync(join(FIXTURES, file.file));
  const opened = await openCsvStatement(chunksOf(bytes), { defaultCurrency: accountCurrency(file) });
  const results: RowResult[] = [];
  for await (const result of opened.rows) results.push(result);
  const transactions = results.flatMap((result) => (result.kind === 'transaction' ? [result.value] : []));
  return { transactions, results };
}

describe('reading real bank CSV exports', () => {
  it('has a fixture for every expected file and the other way round', () => {
    const files = readdirSync(FIXTURES).filter((name) => !name.endsWith('.json') && !name.endsWith('.md'));
    expect(files.sort()).toEqual(expected.map((file) => file.file).sort());
  });

  it.each(expected.map((file) => [file.file, file] as const))(
    '%s parses to exactly the expected transactions',
    async (_name, file) => {
      const { transactions, results } = await transactionsOf(file);
      expect(transactions.map(({ date, amount, currency }) => ({ date, amount, currency }))).toEqual(file.rows);
      expect(transactions).toHaveLength(file.count);
      expect(results.filter((result) => result.kind === 'rejected')).toEqual([]);
    },
  );
});
