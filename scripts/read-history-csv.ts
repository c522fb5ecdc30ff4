/** Reads a `date,description,amount,category` history as one person's transactions, ids = 1-based data row numbers. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { decimalToMinorUnits } from '../lambdas/core/money';
import type { RecurringInput } from '../lambdas/core/insights/detect-recurring';

export function readHistoryCsv(file: string, currency = 'XXX'): RecurringInput[] {
  const records: Record<string, string>[] = parse(readFileSync(file), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const rows: RecurringInput[] = [];
  records.forEach((record, index) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(record.date ?? '') || !/^-?\d*\.?\d+$/.test((record.amount ?? '').trim())) {
      process.stderr.write(`row ${index + 1}: skipped (date or amount unreadable)\n`);
      return;
    }
    rows.push({
      id: String(index + 1),
      date: record.date,
      amount: decimalToMinorUnits(record.amount.trim(), currency),
      currency,
      description: record.description ?? '',
      category: record.category || null,
    });
  });
  return rows;
}

/** The latest date of a history: the day it is read on. */
export function lastDateOf(rows: readonly { date: string }[]): string {
  return rows.reduce((latest, row) => (row.date > latest ? row.date : latest), '0000-00-00');
}
