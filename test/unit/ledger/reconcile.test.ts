import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reconcileRunningBalance } from '../../../lambdas/core/ledger/reconcile';
import { openCsvStatement } from '../../../lambdas/core/statement/open-csv-statement';
import type { StatementRow } from '../../../lambdas/core/statement/types';

async function rowsOf(file: string, currency: string, drop?: (text: string) => string): Promise<StatementRow[]> {
  let text = readFileSync(join(__dirname, '../../fixtures/bank-csv', file), 'latin1');
  if (drop) text = drop(text);
  const opened = await openCsvStatement(
    (async function* () {
      yield Buffer.from(text, 'latin1');
    })(),
    { defaultCurrency: currency },
  );
  const rows: StatementRow[] = [];
  for await (const result of opened.rows) if (result.kind === 'transaction') rows.push(result.value);
  return rows;
}

describe("reconciling a statement's running balance", () => {
  it.each([
    ['us-suntrust-1.csv', 'USD'],
    ['in-hdfc-1.txt', 'INR'],
    ['us-schwab-1.csv', 'USD'],
  ])('finds no break in the real export %s', async (file, currency) => {
    const result = reconcileRunningBalance(await rowsOf(file, currency));
    expect(result.checked).toBeGreaterThan(1);
    expect(result.direction).not.toBe('unknown');
    expect(result.breaks).toEqual([]);
  });

  it('names the row where a transaction is missing when one line of a real export is removed', async () => {
    const full = await rowsOf('us-suntrust-1.csv', 'USD');
    const removed = full[2];
    const lines = readFileSync(join(__dirname, '../../fixtures/bank-csv/us-suntrust-1.csv'), 'latin1').split('\n');
    const cut = await rowsOf('us-suntrust-1.csv', 'USD', () =>
      lines.filter((_, index) => index + 1 !== removed.row).join('\n'),
    );
    const result = reconcileRunningBalance(cut);
    expect(result.breaks).toEqual([expect.objectContaining({ row: removed.row, likely: 'missing' })]);
    expect(Math.abs(result.breaks[0].difference)).toBe(Math.abs(removed.amount));
  });

  it('reads a newest-first chain backwards', () => {
    const result = reconcileRunningBalance([
      { row: 2, amount: -500, balance: 9000 },
      { row: 3, amount: 2000, balance: 9500 },
      { row: 4, amount: -300, balance: 7500 },
    ]);
    expect(result).toEqual({ checked: 2, direction: 'backward', breaks: [] });
  });

  it('calls a printed balance that is off on one row alone misread, not two missing rows', () => {
    const result = reconcileRunningBalance([
      { row: 2, amount: -100, balance: 900 },
      { row: 3, amount: -250, balance: 600 },
      { row: 4, amount: -100, balance: 550 },
      { row: 5, amount: -50, balance: 500 },
    ]);
    expect(result.direction).toBe('forward');
    expect(result.breaks.map((b) => [b.row, b.likely, b.difference])).toEqual([[3, 'misread', -50]]);
  });
});
