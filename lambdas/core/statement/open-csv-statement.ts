import { Readable } from 'node:stream';
import { createCsvParser } from './csv/csv-records';
import type { CsvPlan } from './csv/csv-plan';
import { DateOrderEvidence } from './csv/date-order';
import { planCsv, SAMPLE_BYTES } from './csv/detect-csv-format';
import { readHead } from './csv/read-head';
import { needsDateOrder, readRecord } from './csv/row-reader';
import { decodeChunks } from './csv/text-encoding';
import { cleanCell } from './csv/clean-cell';
import type { ColumnMapping, DetectedFormat, OpenedStatement, RowResult } from './types';
import type { PersonConventions } from './statement-conventions';
import type { StatementFormat } from './statement-format';

export { detectCsvFormat } from './csv/detect-csv-format';
export { headerSignature } from './csv/header-signature';

export interface CsvStatementOptions {
  /** A mapping the person confirmed: overrides detection. */
  mapping?: ColumnMapping;
  /** The account's currency, for rows that name none. */
  defaultCurrency?: string;
  /** Stop after this many rows plus one, so the caller can tell the file is too long without reading it all. */
  maxRows?: number;
  /** The file's name (it may name the bank) and the person's own conventions: fallbacks for currency and date order. */
  filename?: string | null;
  person?: PersonConventions | null;
}

/**
 * Records held back while the day/month order is still unknown (every date so far has both
 * parts ≤ 12). Past this many, the conventional order is used so memory stays bounded.
 */
const MAX_HELD_RECORDS = 20_000;

/**
 * Opens a CSV bank statement: detects its format from the first 64 KB, then streams the whole
 * file through csv-parse, yielding one RowResult per record. Throws NotAStatementError when the
 * bytes are not a statement.
 */
export async function openCsvStatement(
  source: AsyncIterable<Uint8Array>,
  options: CsvStatementOptions = {},
): Promise<OpenedStatement> {
  const { head, complete, stream } = await readHead(source, SAMPLE_BYTES);
  const { format, plan } = planCsv(head, {
    mapping: options.mapping,
    defaultCurrency: options.defaultCurrency,
    wholeFile: complete,
    filename: options.filename,
    person: options.person,
  });
  return { format, rows: readRows(stream, plan, format, options.maxRows) };
}

async function* readRows(
  source: AsyncIterable<Uint8Array>,
  plan: CsvPlan,
  format: DetectedFormat,
  maxRows?: number,
): AsyncGenerator<RowResult> {
  // Records csv-parse could not read, with how many records came before each, to number them.
  const unreadable: { reason: string; recordsBefore: number }[] = [];
  const parser = createCsvParser(plan.delimiter, (reason, recordsBefore) => unreadable.push({ reason, recordsBefore }));
  // UTF-8 goes to csv-parse as bytes (it decodes each field once); other encodings are decoded first.
  const text =
    plan.encoding.decoderLabel === 'utf-8'
      ? Readable.from(source, { objectMode: false })
      : Readable.from(decodeChunks(source, plan.encoding));
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);

  const limit = maxRows === undefined ? Infinity : maxRows + 1;
  const evidence = new DateOrderEvidence();
  const held: { record: string[]; row: number }[] = [];
  let row = 0;
  let parsed = 0;
  let emitted = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      while (unreadable.length > 0 && unreadable[0].recordsBefore <= parsed) {
        row++;
        yield { kind: 'rejected', row, reason: `row ${row}: unreadable (${unreadable.shift()?.reason})` };
        if (++emitted >= limit) return;
      }
      row++;
      parsed++;
      if (plan.headerRow !== null && row <= plan.headerRow) continue;
      if (plan.dateOrder === null) {
        evidence.observe(cleanCell(record[plan.columns.date]));
        for (const index of plan.columns.valueDates) evidence.observe(cleanCell(record[index]));
        const decided = evidence.decided();
        if (decided) {
          plan.dateOrder = decided;
          format.dateOrder = decided;
          format.dateOrderSource = 'file';
          format.guesses = format.guesses?.filter((guess) => guess.field !== 'dateOrder');
          format.notes?.push(`dates are ${decided === 'DMY' ? 'day' : 'month'} first: line ${row} has a day above 12`);
        }
      }
      if (plan.dateOrder === null && (held.length > 0 || needsDateOrder(record, plan))) {
        held.push({ record, row });
        if (held.length < MAX_HELD_RECORDS) continue;
        settleOnConvention(plan, format, `more than ${MAX_HELD_RECORDS} lines`);
      }
      if (held.length > 0) {
        for (const waiting of held.splice(0)) {
          yield readRecord(waiting.record, waiting.row, plan);
          if (++emitted >= limit) return;
        }
      }
      yield readRecord(record, row, plan);
      if (++emitted >= limit) return;
    }
    for (const { reason } of unreadable.splice(0)) {
      row++;
      yield { kind: 'rejected', row, reason: `row ${row}: unreadable (${reason})` };
    }
    if (held.length > 0) {
      settleOnConvention(plan, format, 'the whole file');
      for (const waiting of held.splice(0)) {
        yield readRecord(waiting.record, waiting.row, plan);
        if (++emitted >= limit) return;
      }
    }
  } finally {
    text.unpipe(parser);
    text.destroy();
    parser.destroy();
  }
}

function settleOnConvention(plan: CsvPlan, format: DetectedFormat, over: string): void {
  if (plan.dateOrder !== null) return;
  plan.dateOrder = plan.fallbackDateOrder;
  format.dateOrder = plan.fallbackDateOrder;
  format.dateOrderSource = plan.fallbackDateOrderSource;
  format.notes?.push(
    `no date in ${over} has a day above 12, so the day/month order cannot be told: assumed ${plan.fallbackDateOrderWhy}`,
  );
  if (plan.fallbackDateOrderIsGuess) {
    format.guesses = [
      ...(format.guesses ?? []).filter((guess) => guess.field !== 'dateOrder'),
      {
        field: 'dateOrder',
        value: plan.fallbackDateOrder,
        source: plan.fallbackDateOrderSource,
        message:
          `no date in the file has a day above 12, so its dates were read ${plan.fallbackDateOrderWhy}; if that is wrong, ` +
          'upload it again with a mapping giving dateOrder, or set your country with PATCH /me',
      },
    ];
  }
}

/**
 * True when the first lines split into the same number of fields (at least three) on one
 * delimiter: a CSV, whatever its name says.
 */
export function looksDelimited(lines: readonly string[]): boolean {
  return (
    lines.length >= 2 &&
    [',', ';', '\t', '|'].some((delimiter) => {
      const counts = lines.map((line) => line.split(delimiter).length - 1);
      return counts[0] >= 2 && counts.filter((count) => count === counts[0]).length >= Math.ceil(lines.length * 0.8);
    })
  );
}

/** CSV is sniffed last and takes whatever no other format claimed; detection then says whether it is a statement. */
export const csvFormat: StatementFormat<'csv'> = {
  kind: 'csv',
  sniff: () => true,
  open: (source, options) =>
    openCsvStatement(source, {
      mapping: (options.mapping ?? undefined) as ColumnMapping | undefined,
      defaultCurrency: options.defaultCurrency,
      maxRows: options.maxRows,
      filename: options.filename,
      person: options.person,
    }),
};
