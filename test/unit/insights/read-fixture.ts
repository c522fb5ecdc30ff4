import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { decimalToMinorUnits } from '../../../lambdas/core/money';
import type { RecurringInput } from '../../../lambdas/core/insights/detect-recurring';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

/** A `date,description,amount,category` history as one person's rows; ids are the 1-based data row numbers. */
export function readHistory(path: string, currency: string): RecurringInput[] {
  const records: Record<string, string>[] = parse(readFileSync(join(FIXTURES, path)), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
  return records.map((record, index) => ({
    id: String(index + 1),
    date: record.date,
    amount: decimalToMinorUnits(record.amount.trim(), currency),
    currency,
    description: record.description,
    category: record.category,
  }));
}

export function readLabels(path: string): {
  series: { name: string; cadence: string; kind: string; rows: number[] }[];
} {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
}

/** The share of the series found that are labelled ones: at least half a found series' rows are one label's. */
export function labelledShare(
  found: readonly { transactionIds: readonly string[] }[],
  labels: ReturnType<typeof readLabels>,
): number {
  const right = found.filter((series) =>
    labels.series.some((label) => {
      const rows = new Set(label.rows.map(String));
      return series.transactionIds.filter((id) => rows.has(id)).length * 2 >= series.transactionIds.length;
    }),
  );
  return right.length / Math.max(1, found.length);
}
