import { institutionFromText } from '../institution';
import { accountLast4FromPreamble } from './preamble-account';
import { NotAStatementError, type ColumnMapping, type ColumnRole, type DetectedFormat } from '../types';
import { cleanCell } from './clean-cell';
import type { ColumnPlan, CsvPlan } from './csv-plan';
import { parseSampleRecords } from './csv-records';
import { currencyFromText } from './currency-names';
import { conventionalDateOrder, DateOrderEvidence } from './date-order';
import { detectDelimiter } from './detect-delimiter';
import { roleFromHeader } from './header-vocabulary';
import { inferColumns } from './infer-columns';
import { columnStatistics, decideDecimalMark } from './column-statistics';
import { looksNumeric, parseAmount, type DecimalMark } from './parse-amount';
import { isDateCell } from './parse-date';
import { modal } from './modal-value';
import { assertLooksLikeText, decodeSample, detectEncoding } from './text-encoding';

export interface CsvDetectionOptions {
  mapping?: ColumnMapping;
  /** The account's currency: rows that name none are in it. */
  defaultCurrency?: string;
  /** Whether the sample is the whole file (then the file's last line is complete). @default false */
  wholeFile?: boolean;
}

/** The first bytes read to detect a statement's format. */
export const SAMPLE_BYTES = 64 * 1024;

/** Detects how a CSV statement is written from its first bytes (also behind POST /uploads/preview). */
export function detectCsvFormat(sample: Uint8Array, options: CsvDetectionOptions = {}): DetectedFormat {
  return planCsv(sample, options).format;
}

/** Detects the format and everything the row reader needs. */
export function planCsv(sample: Uint8Array, options: CsvDetectionOptions = {}): { format: DetectedFormat; plan: CsvPlan } {
  const notes: string[] = [];
  const mapping = options.mapping;
  const encoding = detectEncoding(sample);
  assertLooksLikeText(sample, encoding);
  notes.push(`encoding ${encoding.note}`);

  let text = decodeSample(sample, encoding);
  if (!options.wholeFile) {
    // The last line of a cut sample is incomplete.
    const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (end > 0) text = text.slice(0, end + 1);
  }
  if (text.trim() === '') throw new NotAStatementError('the file holds no text: it is empty or only blank lines');

  let delimiter: string;
  if (mapping?.delimiter) {
    delimiter = mapping.delimiter;
    notes.push('delimiter given by the mapping');
  } else {
    const choice = detectDelimiter(text);
    delimiter = choice.delimiter;
    notes.push(choice.note);
  }
  const records = parseSampleRecords(text, delimiter).map((record) => record.map(cleanCell));

  let headerIndex: number | null;
  if (mapping && mapping.headerRow !== undefined) {
    headerIndex = mapping.headerRow === null ? null : mapping.headerRow - 1;
  } else {
    headerIndex = findHeaderRow(records);
    notes.push(headerIndex === null ? 'no header row: columns recognised by their content' : `header on line ${headerIndex + 1}${headerIndex > 0 ? `, after ${headerIndex} line${headerIndex > 1 ? 's' : ''} of preamble` : ''}`);
  }
  const headers = headerIndex === null ? null : (records[headerIndex] ?? null);
  const dataRows = dataRowsOf(records.slice(headerIndex === null ? 0 : headerIndex + 1));
  if (dataRows.length === 0) throw new NotAStatementError('no line with a date and an amount was found, so this does not look like a bank statement');

  const decimalHint: DecimalMark = delimiter === ';' ? ',' : '.';
  const inferred = mapping?.columns?.length ? fromMapping(mapping, dataRows, decimalHint, notes) : inferColumns(headers, dataRows, decimalHint, notes);
  const { columns } = inferred;
  if (mapping?.decimalMark) inferred.decimalMark = mapping.decimalMark;
  if (mapping?.invertSign !== undefined) inferred.invertSign = mapping.invertSign;

  // Currency: what the mapping fixes, else what the rows name, else the account's.
  const fixedCurrency = mapping?.currency ?? null;
  const namedInRows = columns.currency !== null ? dataRows.map((row) => currencyFromText(row[columns.currency!] ?? '')).find((c) => c !== null) ?? null : null;
  const amountColumn = columns.amount ?? columns.debit ?? columns.credit;
  const namedInAmounts = amountColumn !== null ? dataRows.map((row) => parseAmount(row[amountColumn] ?? '', inferred.decimalMark, options.defaultCurrency)?.currency ?? null).find((c) => c !== null) ?? null : null;
  const accountCurrency = options.defaultCurrency ?? fixedCurrency ?? namedInRows ?? namedInAmounts ?? 'USD';
  const currency = fixedCurrency ?? namedInRows ?? namedInAmounts ?? options.defaultCurrency ?? null;

  // Date order: over every line after the header, balance lines included.
  const evidence = new DateOrderEvidence();
  for (const record of records.slice(headerIndex === null ? 0 : headerIndex + 1)) {
    evidence.observe(record[columns.date] ?? '');
    for (const index of columns.valueDates) evidence.observe(record[index] ?? '');
  }
  const convention = conventionalDateOrder(currency ?? accountCurrency);
  let dateOrder = mapping?.dateOrder ?? evidence.decided();
  if (mapping?.dateOrder) notes.push(`date order ${mapping.dateOrder} given by the mapping`);
  else if (dateOrder) notes.push(`dates are ${dateOrder === 'DMY' ? 'day' : 'month'} first: a date in the file has a day above 12`);
  else if (evidence.ambiguousSeen && options.wholeFile) {
    dateOrder = convention.order;
    notes.push(`no date in the file has a day above 12, so the order cannot be told: assumed ${convention.why}`);
  } else if (evidence.ambiguousSeen) {
    notes.push(`no date in the first lines has a day above 12: the order is decided over the whole file (else ${convention.why})`);
  }

  const plan: CsvPlan = {
    encoding,
    delimiter,
    headerRow: headerIndex === null ? null : headerIndex + 1,
    headers,
    columns,
    decimalMark: inferred.decimalMark,
    dateOrder: dateOrder ?? null,
    fallbackDateOrder: convention.order,
    invertSign: inferred.invertSign,
    amountSigned: inferred.amountSigned,
    directionWhenEmpty: inferred.directionWhenEmpty,
    accountCurrency,
    fixedCurrency,
    textColumns: [...columns.payees, ...columns.descriptions, ...columns.memos],
    usualWidth: modal(dataRows.map((row) => row.length)),
  };
  const preamble = records.slice(0, headerIndex ?? 0).map((record) => record.join(' '));
  const format: DetectedFormat = {
    kind: 'csv',
    encoding: encoding.name,
    delimiter,
    headerRow: plan.headerRow,
    headers,
    columns: describeColumns(columns, headers),
    dateOrder: dateOrder ?? evidence.reported(convention.order),
    decimalMark: inferred.decimalMark,
    currency,
    accountLast4: accountLast4FromPreamble(preamble),
    institution: institutionFromText(preamble),
    notes,
  };
  return { format, plan };
}

/**
 * The header is the first line naming a date column and a money column, with a line of data
 * after it. Failing that, in a language we do not know, the line of text right above the
 * first line of data.
 */
function findHeaderRow(records: string[][]): number | null {
  const limit = Math.min(records.length, 100);
  for (let i = 0; i < limit; i++) {
    const record = records[i];
    if (record.filter((cell) => cell !== '').length < 2) continue;
    if (record.some(isDateCell) || record.filter(looksNumeric).length > 1) continue;
    const roles = record.map(roleFromHeader);
    const hasDate = roles.includes('date');
    const hasMoney = roles.some((role) => role === 'amount' || role === 'debit' || role === 'credit');
    if (!hasDate || !hasMoney) continue;
    if (records.slice(i + 1, i + 12).some((next) => next.some(isDateCell))) return i;
  }
  const firstData = records.findIndex((record) => record.filter((cell) => cell !== '').length >= 3 && record.some(isDateCell) && record.some(looksNumeric));
  if (firstData <= 0) return null;
  let previous = firstData - 1;
  while (previous >= 0 && records[previous].every((cell) => cell === '')) previous--;
  if (previous < 0) return null;
  const candidate = records[previous];
  const filled = candidate.filter((cell) => cell !== '');
  const looksLikeNames = filled.length >= Math.max(2, 0.5 * records[firstData].length) && !filled.some((cell) => isDateCell(cell) || looksNumeric(cell));
  return looksLikeNames ? previous : null;
}

/** Lines of the sample that look like transactions: several cells, one of them a date. */
function dataRowsOf(records: string[][]): string[][] {
  const withDate = records.filter((record) => record.filter((cell) => cell !== '').length >= 2 && record.some(isDateCell));
  const usual = modal(withDate.map((record) => record.length));
  return withDate.filter((record) => record.length >= 0.6 * usual);
}

const SINGLE_ROLES: Partial<Record<ColumnRole, keyof ColumnPlan>> = {
  amount: 'amount', debit: 'debit', credit: 'credit', direction: 'direction', balance: 'balance', currency: 'currency', reference: 'reference', status: 'status',
};

/** Columns as a person mapped them; the content still decides the decimal mark and whether amounts carry a sign. */
function fromMapping(mapping: ColumnMapping, rows: string[][], decimalHint: DecimalMark, notes: string[]) {
  const columns: ColumnPlan = {
    date: -1, valueDates: [], amount: null, debit: null, credit: null, direction: null, balance: null, currency: null, reference: null, status: null,
    payees: [], descriptions: [], memos: [],
  };
  const sorted = [...mapping.columns].sort((a, b) => a.index - b.index);
  for (const { index, role } of sorted) {
    if (role === 'date') {
      if (columns.date < 0) columns.date = index;
      else columns.valueDates.push(index);
    } else if (role === 'valueDate') columns.valueDates.push(index);
    else if (role === 'payee') columns.payees.push(index);
    else if (role === 'description') columns.descriptions.push(index);
    else if (role === 'memo') columns.memos.push(index);
    else {
      const key = SINGLE_ROLES[role];
      if (key && (columns[key] as number | null) === null) (columns as unknown as Record<string, number | null>)[key] = index;
    }
  }
  if (columns.date < 0) throw new NotAStatementError('the column mapping names no date column');
  if (columns.amount === null && columns.debit === null && columns.credit === null) throw new NotAStatementError('the column mapping names no amount, debit or credit column');
  notes.push('columns given by the mapping');
  const moneyColumns = [columns.amount, columns.debit, columns.credit, columns.balance].filter((i): i is number => i !== null);
  const { mark, note } = decideDecimalMark(rows, moneyColumns, decimalHint);
  notes.push(note);
  const amountSigned = columns.amount === null || columnStatistics(rows, columns.amount).negative > 0 || columns.direction === null;
  return { columns, decimalMark: mark, amountSigned, invertSign: false, directionWhenEmpty: 'debit' as const };
}

function describeColumns(columns: ColumnPlan, headers: string[] | null): NonNullable<DetectedFormat['columns']> {
  const listed: { index: number; role: ColumnRole }[] = [{ index: columns.date, role: 'date' }];
  for (const index of columns.valueDates) listed.push({ index, role: 'valueDate' });
  for (const [role, key] of Object.entries(SINGLE_ROLES) as [ColumnRole, keyof ColumnPlan][]) {
    const index = columns[key];
    if (typeof index === 'number') listed.push({ index, role });
  }
  for (const index of columns.payees) listed.push({ index, role: 'payee' });
  for (const index of columns.descriptions) listed.push({ index, role: 'description' });
  for (const index of columns.memos) listed.push({ index, role: 'memo' });
  return listed.sort((a, b) => a.index - b.index).map(({ index, role }) => ({ index, role, header: headers?.[index] ?? null }));
}
