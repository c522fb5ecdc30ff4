import { decimalToMinorUnits } from '../../money';
import { decimalMarkVote, parseAmount, type DecimalMark } from '../csv/parse-amount';
import { isoDate, readDateParts, type DateParts } from '../csv/parse-date';
import { NotAStatementError, type DetectedFormat, type OpenedStatement, type RowResult } from '../types';
import { combineDescription, decodeText, readWholeFile } from './whole-file';
import type { StatementFormat } from '../statement-format';

/** Sections of a QIF file that hold an account's transactions; the rest (categories, classes, investments, prices) are lists. */
const TRANSACTION_SECTIONS = /^!type:(bank|cash|ccard|oth a|oth l)\s*$/i;

interface QifRecord {
  /** 1-based number of the record among the file's transactions. */
  row: number;
  fields: Map<string, string>;
}

/**
 * Opens a QIF file (Quicken, Microsoft Money, GnuCash, many banks' "Quicken" download).
 * Records of the Bank, Cash, CCard and Oth A/L sections are transactions: D date, T (or U)
 * amount, P payee, M memo, N number. QIF dates follow no standard (`01/23/2019`, `2/10'2020`,
 * `5.1.24`): the day/month order is decided over the whole file, and the decimal mark too.
 * QIF carries no currency: the account's is used.
 */
export async function openQifStatement(
  source: AsyncIterable<Uint8Array>,
  options: { defaultCurrency?: string } = {},
): Promise<OpenedStatement> {
  const { text, encoding } = decodeText(await readWholeFile(source, 'QIF'), null);
  const records = transactionRecords(text);
  if (records.length === 0)
    throw new NotAStatementError(
      'This QIF file holds no bank, cash or card transactions (only lists of categories, classes or investments).',
    );

  const dates = records.map((record) => readDateParts(normaliseQifDate(record.fields.get('D') ?? '')));
  const order = decideDateOrder(dates);
  const mark = decideDecimalMark(records.map((record) => record.fields.get('T') ?? record.fields.get('U') ?? ''));
  const currency = options.defaultCurrency ?? 'USD';
  const accountName = /^!account\s*$[\s\S]*?^N(.+)$/im.exec(text)?.[1]?.trim() ?? null;
  const format: DetectedFormat = {
    kind: 'qif',
    encoding,
    currency: options.defaultCurrency ?? null,
    dateOrder: order.order,
    decimalMark: mark,
    accountLast4: null,
    institution: null,
    notes: [
      `${records.length} transactions`,
      order.why,
      ...(accountName ? [`the file names its account "${accountName}"`] : []),
      'QIF names no currency: the account’s currency is used',
    ],
  };
  return {
    format,
    rows: (async function* (): AsyncGenerator<RowResult> {
      for (const [index, record] of records.entries())
        yield readRecord(record, dates[index], order.order, mark, currency);
    })(),
  };
}

function transactionRecords(text: string): QifRecord[] {
  const records: QifRecord[] = [];
  let inTransactions = false;
  let fields = new Map<string, string>();
  const finish = () => {
    if (inTransactions && fields.size > 0) records.push({ row: records.length + 1, fields });
    fields = new Map();
  };
  for (const rawLine of text.split(/\r?\n|\r/)) {
    const line = rawLine.trimEnd();
    if (!line) continue;
    if (line.startsWith('!')) {
      finish();
      // Option and Clear lines switch Quicken's behaviour, not the section.
      if (/^!(option|clear):/i.test(line)) continue;
      inTransactions = TRANSACTION_SECTIONS.test(line);
      continue;
    }
    if (line.startsWith('^')) {
      finish();
      continue;
    }
    const code = line[0];
    // Split lines (S category, E memo, $ amount) detail a transaction whose T is its total.
    if (code === 'S' || code === 'E' || code === '$' || code === '%') continue;
    if (!fields.has(code)) fields.set(code, line.slice(1).trim());
  }
  finish();
  return records;
}

function readRecord(
  record: QifRecord,
  parts: DateParts | null,
  order: 'DMY' | 'MDY',
  mark: DecimalMark,
  currency: string,
): RowResult {
  const { row, fields } = record;
  const date = parts ? isoDate(parts, order) : null;
  if (!date)
    return { kind: 'rejected', row, reason: `transaction ${row}: the date "${fields.get('D') ?? ''}" cannot be read` };
  const amountText = fields.get('T') ?? fields.get('U') ?? '';
  const parsed = parseAmount(amountText, mark, currency);
  if (!parsed)
    return { kind: 'rejected', row, reason: `transaction ${row}: the amount "${amountText}" is not a number` };
  const amount = decimalToMinorUnits(parsed.decimal, currency);
  if (/^opening balance$/i.test(fields.get('P') ?? '') && /^\[.*\]$/.test(fields.get('L') ?? '')) {
    return { kind: 'skipped', row, reason: 'the opening balance of the account, not a transaction' };
  }
  const number = fields.get('N');
  const description = combineDescription(fields.get('P'), fields.get('M')) || (number ? `CHECK ${number}` : '');
  return { kind: 'transaction', value: { row, date, amount, currency, description, reference: number ?? null } };
}

/** `2/10'2020` and `1/ 5'24` are `2/10/2020` and `1/5/24`. */
function normaliseQifDate(text: string): string {
  return text.replace(/\s+/g, '').replace(/'/g, '/');
}

function decideDateOrder(dates: (DateParts | null)[]): { order: 'DMY' | 'MDY'; why: string } {
  let dmy = 0;
  let mdy = 0;
  for (const parts of dates) {
    if (parts?.kind === 'full' && parts.reveals === 'DMY') dmy += 1;
    if (parts?.kind === 'full' && parts.reveals === 'MDY') mdy += 1;
  }
  if (dmy > mdy) return { order: 'DMY', why: 'dates are day first: a date in the file has a day above 12' };
  if (mdy > 0) return { order: 'MDY', why: 'dates are month first: a date in the file has a day above 12' };
  return { order: 'MDY', why: 'no date in the file has a day above 12: assumed month first, as Quicken writes' };
}

function decideDecimalMark(amounts: string[]): DecimalMark {
  let comma = 0;
  let point = 0;
  for (const amount of amounts) {
    const vote = decimalMarkVote(amount);
    if (vote === ',') comma += 1;
    if (vote === '.') point += 1;
  }
  return comma > point ? ',' : '.';
}

/** QIF starts with a header line (`!Type:`, `!Account`, `!Option:`, `!Clear:`). */
export const qifFormat: StatementFormat<'qif'> = {
  kind: 'qif',
  sniff: ({ text }) => /^!(type:|account\s*$|option:|clear:)/im.test(text),
  open: (source, options) => openQifStatement(source, { defaultCurrency: options.defaultCurrency }),
};
