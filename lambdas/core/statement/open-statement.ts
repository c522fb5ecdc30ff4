import type { StatementOpenOptions } from '../import/import-statement';
import { openSmsStatement } from '../sms/open-sms-statement';
import { readHead } from './csv/read-head';
import { openCsvStatement } from './open-csv-statement';
import { NotAStatementError, type ColumnMapping, type OpenedStatement } from './types';

/**
 * Opens any supported statement: sniffs what the file is from its first bytes (its name is
 * only a hint) and hands the whole stream to that format's reader.
 */
export async function openStatement(source: AsyncIterable<Uint8Array>, options: StatementOpenOptions): Promise<OpenedStatement> {
  const { head, stream } = await readHead(source, 4096);
  const kind = sniffKind(head, options.filename);
  switch (kind) {
    case 'sms':
      return openSmsStatement(stream, { defaultCurrency: options.defaultCurrency });
    case 'csv':
      return openCsvStatement(stream, {
        mapping: (options.mapping ?? undefined) as ColumnMapping | undefined,
        defaultCurrency: options.defaultCurrency,
        maxRows: options.maxRows,
      });
    default:
      throw new NotAStatementError(`${options.filename} is not a statement this service can read (${kind})`);
  }
}

/**
 * A text file of bank alerts (one per line or per paragraph, or JSON lines) is SMS; any
 * file whose first lines split into the same number of fields on one delimiter is a CSV,
 * whatever its name says (banks export CSVs as .txt too).
 */
export function sniffKind(head: Uint8Array, filename: string): 'csv' | 'sms' {
  const text = Buffer.from(head).toString('utf8');
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).slice(0, 12);
  if (lines.length > 0 && lines.every((line) => line.startsWith('{') && line.includes('"text"'))) return 'sms';
  const csvLike = lines.length >= 2 && [',', ';', '\t', '|'].some((delimiter) => {
    const counts = lines.map((line) => line.split(delimiter).length - 1);
    return counts[0] >= 2 && counts.filter((count) => count === counts[0]).length >= Math.ceil(lines.length * 0.8);
  });
  if (csvLike) return 'csv';
  const alertWords = /\b(debited|credited|spent|withdrawn|purchase|paid|received|a\/c|acct|txn|card ending)\b/i;
  const alertLines = lines.filter((line) => alertWords.test(line)).length;
  if ((/\.(txt|sms|jsonl)$/i.test(filename) || alertLines >= Math.ceil(lines.length / 2)) && alertLines > 0) return 'sms';
  return 'csv';
}
