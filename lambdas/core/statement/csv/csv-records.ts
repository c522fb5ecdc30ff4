import { parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** The biggest record we accept: broken quoting must not swallow the rest of a file into memory. */
const MAX_RECORD_CHARS = 1_000_000;

/**
 * csv-parse options shared by the sample and the full stream, so both see the same records.
 * Relaxed because bank exports break the rules: unescaped quotes inside quoted fields,
 * header and data rows of different lengths, padding TABs outside the quotes.
 */
export function csvParseOptions(delimiter: string): Options {
  return {
    delimiter,
    quote: '"',
    relax_quotes: true,
    relax_column_count: true,
    // Blank lines are kept: they count as records, as in the row numbers people see elsewhere.
    skip_empty_lines: false,
    // No ltrim/rtrim: with them csv-parse rejects a quoted field followed by padding ("-1.00"<TAB>)
    // instead of relaxing it; cleanCell trims and unwraps such fields afterwards.
    bom: true,
    max_record_size: MAX_RECORD_CHARS,
  };
}

/** Parses a decoded sample into records; falls back to plain line splitting when quoting is hopeless. */
export function parseSampleRecords(text: string, delimiter: string): string[][] {
  try {
    return parseSync(text, { ...csvParseOptions(delimiter), skip_records_with_error: true }) as string[][];
  } catch {
    return text.split(/\r\n|\n|\r/).map((line) => line.split(delimiter));
  }
}

/** A streaming csv-parse parser for the whole file. */
export function createCsvParser(
  delimiter: string,
  onSkip: (reason: string, recordsBefore: number) => void,
): ReturnType<typeof parse> {
  return parse({
    ...csvParseOptions(delimiter),
    skip_records_with_error: true,
    on_skip: (error) => {
      onSkip(error ? error.message.replace(/ at line \d+$/, '') : 'unreadable record', Number(error?.records ?? 0));
      return undefined;
    },
  });
}
