import type { StatementOpenOptions } from '../import/import-statement';
import { openSmsStatement } from '../sms/open-sms-statement';
import { readHead } from './csv/read-head';
import { openCamtStatement } from './formats/open-camt-statement';
import { openOfxStatement } from './formats/open-ofx-statement';
import { openQifStatement } from './formats/open-qif-statement';
import { openCsvStatement } from './open-csv-statement';
import { NotAStatementError, type ColumnMapping, type OpenedStatement } from './types';

/**
 * Opens any supported statement: sniffs what the file is from its first bytes (its name is
 * only a hint) and hands the whole stream to that format's reader.
 */
export async function openStatement(source: AsyncIterable<Uint8Array>, options: StatementOpenOptions): Promise<OpenedStatement> {
  const { head, stream } = await readHead(source, 4096);
  const kind = sniffKind(head, options.filename);
  const defaultCurrency = options.defaultCurrency ?? options.person?.currency ?? undefined;
  switch (kind) {
    case 'sms':
      return openSmsStatement(stream, { defaultCurrency });
    case 'ofx':
      return openOfxStatement(stream, { defaultCurrency });
    case 'qif':
      return openQifStatement(stream, { defaultCurrency });
    case 'camt':
      return openCamtStatement(stream, { defaultCurrency });
    case 'csv':
      return openCsvStatement(stream, {
        mapping: (options.mapping ?? undefined) as ColumnMapping | undefined,
        defaultCurrency: options.defaultCurrency,
        maxRows: options.maxRows,
        filename: options.filename,
        person: options.person,
      });
    default:
      throw new NotAStatementError(`${options.filename} is not a statement this service can read (${kind})`);
  }
}

/**
 * OFX (`OFXHEADER`, `<OFX>`), QIF (`!Type:`, `!Account`) and ISO 20022 CAMT (`camt.05x`
 * namespace, `BkToCstmr…`) say what they are in their first bytes. A text file of bank alerts
 * (one per line or per paragraph, or JSON lines) is SMS; any file whose first lines split into
 * the same number of fields on one delimiter is a CSV, whatever its name says (banks export
 * CSVs as .txt too).
 */
export function sniffKind(head: Uint8Array, filename: string): 'csv' | 'sms' | 'ofx' | 'qif' | 'camt' {
  const text = Buffer.from(head).toString('utf8').replace(/^\uFEFF/, '');
  if (/OFXHEADER\s*[:=]|<OFX>/i.test(text)) return 'ofx';
  if (/^!(type:|account\s*$|option:|clear:)/im.test(text)) return 'qif';
  if (/urn:iso:std:iso:20022:tech:xsd:camt\.05[234]|<(\w+:)?BkToCstmr(Stmt|AcctRpt|DbtCdtNtfctn)>/.test(text)) return 'camt';
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
