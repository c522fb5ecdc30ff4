import { bankIdentity } from '../bank-identity';
import { countryOfLocale, currencyOfCountry } from '../../locale/country-conventions';
import {
  decideCurrency,
  decideDateOrderFallback,
  isGuess,
  type ConventionEvidence,
  type ConventionSource,
  type Decided,
  type PersonConventions,
} from '../statement-conventions';
import { headerLanguage } from './header-vocabulary';
import { accountLast4FromPreamble } from './preamble-account';
import { NotAStatementError, type ColumnMapping, type ColumnRole, type DetectedFormat } from '../types';
import { cleanCell } from './clean-cell';
import type { ColumnPlan, CsvPlan } from './csv-plan';
import { parseSampleRecords } from './csv-records';
import { currencyFromText, isIsoCurrencyCode } from './currency-names';
import { DateOrderEvidence } from './date-order';
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
  /** The file's name: it may name the bank. */
  filename?: string | null;
  /** The person's country, currency and locale: the last fallback for currency and date order. */
  person?: PersonConventions | null;
}

/** The first bytes read to detect a statement's format. */
export const SAMPLE_BYTES = 64 * 1024;

/** Detects how a CSV statement is written from its first bytes (also behind POST /uploads/preview). */
export function detectCsvFormat(sample: Uint8Array, options: CsvDetectionOptions = {}): DetectedFormat {
  return planCsv(sample, options).format;
}

/** Detects the format and everything the row reader needs. */
export function planCsv(
  sample: Uint8Array,
  options: CsvDetectionOptions = {},
): { format: DetectedFormat; plan: CsvPlan } {
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
    notes.push(
      headerIndex === null
        ? 'no header row: columns recognised by their content'
        : `header on line ${headerIndex + 1}${headerIndex > 0 ? `, after ${headerIndex} line${headerIndex > 1 ? 's' : ''} of preamble` : ''}`,
    );
  }
  const headers = headerIndex === null ? null : (records[headerIndex] ?? null);
  const dataRows = dataRowsOf(records.slice(headerIndex === null ? 0 : headerIndex + 1));
  if (dataRows.length === 0)
    throw new NotAStatementError(
      'no line with a date and an amount was found, so this does not look like a bank statement',
    );

  const decimalHint: DecimalMark = delimiter === ';' ? ',' : '.';
  const inferred = mapping?.columns?.length
    ? fromMapping(mapping, dataRows, decimalHint, notes)
    : inferColumns(headers, dataRows, decimalHint, notes);
  const { columns } = inferred;
  if (mapping?.decimalMark) inferred.decimalMark = mapping.decimalMark;
  if (mapping?.invertSign !== undefined) inferred.invertSign = mapping.invertSign;

  // Currency: what the mapping fixes, else what the file says, else the chosen account's, the
  // bank's, the headers' language's, the number format's, and last the person's own.
  const fixedCurrency = mapping?.currency ?? null;
  const preamble = records.slice(0, headerIndex ?? 0).map((record) => record.join(' '));
  const ownCells = ownAccountCells(headers, dataRows);
  const identity = bankIdentity([...preamble, ...ownCells], options.filename);
  const language = headerLanguage(headers);
  const evidence: ConventionEvidence = {
    mappingCurrency: fixedCurrency,
    fileCurrency: currencyTheFileNames(
      records,
      headerIndex,
      dataRows,
      columns,
      inferred.decimalMark,
      symbolHint(options, identity.country),
    ),
    accountCurrency: options.defaultCurrency ?? null,
    bank: identity,
    language,
    numberFormatCountries: writesSwissThousands(dataRows, columns) ? ['CH', 'LI'] : [],
    person: options.person ?? null,
    firstDate: firstYearEnd(dataRows, columns.date),
  };
  const decidedCurrency = decideCurrency(evidence);
  const currency = decidedCurrency.value;
  // Rows that name no currency are in the chosen account's, when there is one.
  const accountCurrency = options.defaultCurrency ?? currency;
  notes.push(`currency ${currency}: ${decidedCurrency.why}`);
  const guesses: NonNullable<DetectedFormat['guesses']> = [];
  if (isGuess(decidedCurrency, options.person)) {
    guesses.push({
      field: 'currency',
      value: currency,
      source: decidedCurrency.source,
      message: currencyGuessMessage(decidedCurrency),
    });
  }

  // Date order: over every line after the header, balance lines included.
  const dateEvidence = new DateOrderEvidence();
  for (const record of records.slice(headerIndex === null ? 0 : headerIndex + 1)) {
    dateEvidence.observe(record[columns.date] ?? '');
    for (const index of columns.valueDates) dateEvidence.observe(record[index] ?? '');
  }
  const fallback = decideDateOrderFallback(evidence, decidedCurrency);
  let dateOrder = mapping?.dateOrder ?? dateEvidence.decided();
  let dateOrderSource: ConventionSource = mapping?.dateOrder ? 'mapping' : 'file';
  if (mapping?.dateOrder) notes.push(`date order ${mapping.dateOrder} given by the mapping`);
  else if (dateOrder)
    notes.push(`dates are ${dateOrder === 'DMY' ? 'day' : 'month'} first: a date in the file has a day above 12`);
  else if (dateEvidence.ambiguousSeen && options.wholeFile) {
    dateOrder = fallback.value;
    dateOrderSource = fallback.source;
    notes.push(`no date in the file has a day above 12, so the order cannot be told: assumed ${fallback.why}`);
    if (isGuess(fallback, options.person))
      guesses.push({
        field: 'dateOrder',
        value: fallback.value,
        source: fallback.source,
        message: dateOrderGuessMessage(fallback),
      });
  } else if (dateEvidence.ambiguousSeen) {
    notes.push(
      `no date in the first lines has a day above 12: the order is decided over the whole file (else ${fallback.why})`,
    );
  }

  const plan: CsvPlan = {
    encoding,
    delimiter,
    headerRow: headerIndex === null ? null : headerIndex + 1,
    headers,
    columns,
    decimalMark: inferred.decimalMark,
    dateOrder: dateOrder ?? null,
    fallbackDateOrder: fallback.value,
    fallbackDateOrderSource: fallback.source,
    fallbackDateOrderWhy: fallback.why,
    fallbackDateOrderIsGuess: isGuess(fallback, options.person),
    invertSign: inferred.invertSign,
    plusMarksCredit: 'plusMarksCredit' in inferred ? inferred.plusMarksCredit : false,
    amountSigned: inferred.amountSigned,
    directionWhenEmpty: inferred.directionWhenEmpty,
    accountCurrency,
    fixedCurrency,
    textColumns: [...columns.payees, ...columns.descriptions, ...columns.memos],
    usualWidth: modal(dataRows.map((row) => row.length)),
  };
  const format: DetectedFormat = {
    kind: 'csv',
    encoding: encoding.name,
    delimiter,
    headerRow: plan.headerRow,
    headers,
    columns: describeColumns(columns, headers),
    dateOrder: dateOrder ?? dateEvidence.reported(fallback.value),
    decimalMark: inferred.decimalMark,
    currency,
    currencySource: decidedCurrency.source,
    dateOrderSource: dateOrder ? dateOrderSource : dateEvidence.ambiguousSeen ? fallback.source : 'file',
    accountLast4: accountLast4FromPreamble([...preamble, ...ownCells]),
    institution: identity.institution,
    country: identity.country,
    bankCode: identity.bankCode,
    language: language?.name ?? null,
    guesses,
    notes: [...notes, ...identity.evidence],
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
  const firstData = records.findIndex(
    (record) =>
      record.filter((cell) => cell !== '').length >= 3 && record.some(isDateCell) && record.some(looksNumeric),
  );
  if (firstData <= 0) return null;
  let previous = firstData - 1;
  while (previous >= 0 && records[previous].every((cell) => cell === '')) previous--;
  if (previous < 0) return null;
  const candidate = records[previous];
  const filled = candidate.filter((cell) => cell !== '');
  const looksLikeNames =
    filled.length >= Math.max(2, 0.5 * records[firstData].length) &&
    !filled.some((cell) => isDateCell(cell) || looksNumeric(cell));
  return looksLikeNames ? previous : null;
}

/** Lines of the sample that look like transactions: several cells, one of them a date. */
function dataRowsOf(records: string[][]): string[][] {
  const withDate = records.filter(
    (record) => record.filter((cell) => cell !== '').length >= 2 && record.some(isDateCell),
  );
  const usual = modal(withDate.map((record) => record.length));
  return withDate.filter((record) => record.length >= 0.6 * usual);
}

const SINGLE_ROLES: Partial<Record<ColumnRole, keyof ColumnPlan>> = {
  amount: 'amount',
  debit: 'debit',
  credit: 'credit',
  direction: 'direction',
  balance: 'balance',
  currency: 'currency',
  reference: 'reference',
  status: 'status',
  account: 'account',
};

/** Columns as a person mapped them; the content still decides the decimal mark and whether amounts carry a sign. */
function fromMapping(mapping: ColumnMapping, rows: string[][], decimalHint: DecimalMark, notes: string[]) {
  const columns: ColumnPlan = {
    date: -1,
    valueDates: [],
    amount: null,
    debit: null,
    credit: null,
    direction: null,
    balance: null,
    currency: null,
    reference: null,
    status: null,
    account: null,
    payees: [],
    descriptions: [],
    memos: [],
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
      if (key && (columns[key] as number | null) === null)
        (columns as unknown as Record<string, number | null>)[key] = index;
    }
  }
  if (columns.date < 0) throw new NotAStatementError('the column mapping names no date column');
  if (columns.amount === null && columns.debit === null && columns.credit === null)
    throw new NotAStatementError('the column mapping names no amount, debit or credit column');
  notes.push('columns given by the mapping');
  const moneyColumns = [columns.amount, columns.debit, columns.credit, columns.balance].filter(
    (i): i is number => i !== null,
  );
  const { mark, note } = decideDecimalMark(rows, moneyColumns, decimalHint);
  notes.push(note);
  const amountSigned =
    columns.amount === null || columnStatistics(rows, columns.amount).negative > 0 || columns.direction === null;
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
  return listed
    .sort((a, b) => a.index - b.index)
    .map(({ index, role }) => ({ index, role, header: headers?.[index] ?? null }));
}

/** A currency the file itself names: in a currency column, with the amounts, above the header, or in most rows' text. */
function currencyTheFileNames(
  records: string[][],
  headerIndex: number | null,
  dataRows: string[][],
  columns: ColumnPlan,
  decimalMark: DecimalMark,
  hint: string | null,
): { code: string; why: string } | null {
  const named =
    columns.currency !== null
      ? (dataRows.map((row) => currencyFromText(row[columns.currency!] ?? '')).find((c) => c !== null) ?? null)
      : null;
  if (named) return { code: named, why: 'the currency column names it' };
  const amountColumn = columns.amount ?? columns.debit ?? columns.credit;
  const withAmounts =
    amountColumn !== null
      ? (dataRows
          .map((row) => parseAmount(row[amountColumn] ?? '', decimalMark, hint)?.currency ?? null)
          .find((c) => c !== null) ?? null)
      : null;
  if (withAmounts) return { code: withAmounts, why: 'the amounts are written with it' };
  const inHeader =
    headerIndex === null
      ? null
      : records[headerIndex]
          ?.map((cell) => /[([]([A-Z]{3})[)\]]/.exec(cell)?.[1] ?? null)
          .find((code) => code !== null && code !== undefined && isIsoCurrencyCode(code));
  if (inHeader) return { code: currencyFromText(inHeader) ?? inHeader, why: 'a column header names it' };
  for (const record of records.slice(0, headerIndex ?? 0)) {
    const code = record
      .map((cell) => (/^[A-Z]{3}$/.test(cell) ? currencyFromText(cell) : null))
      .find((c) => c !== null);
    if (code) return { code, why: 'the lines above the header name it' };
  }
  // A currency code in most rows' text ("… 2.6014 USD/LTL", "USD 12.00 at 1.08") names the
  // account's when no other code is named as often.
  const mentions = new Map<string, number>();
  for (const row of dataRows) {
    const codes = new Set(
      row
        .flatMap((cell) => [...cell.matchAll(/(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g)].map((m) => m[1]))
        .filter(isIsoCurrencyCode),
    );
    for (const code of codes) mentions.set(code, (mentions.get(code) ?? 0) + 1);
  }
  const ranked = [...mentions.entries()].sort((a, b) => b[1] - a[1]);
  if (
    ranked.length > 0 &&
    ranked[0][1] * 2 >= dataRows.length &&
    dataRows.length >= 2 &&
    (ranked.length === 1 || ranked[0][1] > ranked[1][1])
  ) {
    return { code: currencyFromText(ranked[0][0]) ?? ranked[0][0], why: `most rows' text names ${ranked[0][0]}` };
  }
  return null;
}

/** Which currency a shared symbol ($, ¥, kr) means: the chosen account's, the bank's country's, or the person's. */
function symbolHint(options: CsvDetectionOptions, bankCountry: string | null): string | null {
  const person = options.person;
  const country = bankCountry ?? person?.country ?? (person?.locale ? countryOfLocale(person.locale) : null);
  return (
    options.defaultCurrency ??
    (bankCountry ? currencyOfCountry(bankCountry) : null) ??
    person?.currency ??
    (country ? currencyOfCountry(country) : null)
  );
}

/** Cells that are the same on every data row (the statement's own IBAN, sort code or card), with their header as label. */
function ownAccountCells(headers: string[] | null, rows: string[][]): string[] {
  if (rows.length < 2) return [];
  const cells: string[] = [];
  for (let index = 0; index < rows[0].length; index++) {
    const value = rows[0][index] ?? '';
    if (value === '' || !/\d{4}|\d{2}-\d{2}-\d{2}/.test(value) || !rows.every((row) => (row[index] ?? '') === value))
      continue;
    // The other side's account, even when it is the same on every row, is not the statement's own.
    if (
      /partner|counter|payee|payer|beneficiar|recipient|sender|remitter|empf|gegen|auftraggeber|tegen|contrepartie|b[ée]n[ée]ficiaire/i.test(
        headers?.[index] ?? '',
      )
    )
      continue;
    cells.push(`${headers?.[index] ?? ''} ${value}`.trim());
  }
  return cells;
}

/** Whether amounts use an apostrophe between thousands (1'234.50), as Switzerland and Liechtenstein write. */
function writesSwissThousands(rows: string[][], columns: ColumnPlan): boolean {
  const money = [columns.amount, columns.debit, columns.credit, columns.balance].filter((i): i is number => i !== null);
  return rows.some((row) => money.some((index) => /\d['’]\d{3}\b/.test(row[index] ?? '')));
}

/** The last day of the year of the first row's date: enough to tell a country's currency before the euro. */
function firstYearEnd(rows: string[][], dateColumn: number): string | null {
  const year = /\b((?:19|20)\d{2})/.exec(rows[0]?.[dateColumn] ?? '')?.[1];
  return year ? `${year}-12-31` : null;
}

function currencyGuessMessage(decided: Decided<string>): string {
  return (
    `the currency ${decided.value} was guessed (${decided.why}); if the statement is in another currency, ` +
    "set the account's currency with PATCH /accounts/{id}, or your own with PATCH /me"
  );
}

function dateOrderGuessMessage(decided: Decided<'DMY' | 'MDY'>): string {
  return (
    `no date in the file has a day above 12, so its dates were read ${decided.why}; if that is wrong, ` +
    'upload it again with a mapping giving dateOrder, or set your country with PATCH /me'
  );
}
