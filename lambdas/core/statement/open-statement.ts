import type { StatementOpenOptions } from '../import/import-statement';
import { readHead } from './csv/read-head';
import { statementHead } from './statement-format';
import { STATEMENT_FORMATS, type StatementKind } from './statement-formats';
import type { OpenedStatement } from './types';

/**
 * Opens any supported statement: sniffs what the file is from its first bytes (its name is
 * only a hint) and hands the whole stream to that format's reader.
 */
export async function openStatement(
  source: AsyncIterable<Uint8Array>,
  options: StatementOpenOptions,
): Promise<OpenedStatement> {
  const { head, stream } = await readHead(source, 4096);
  const format = formatOf(head, options.filename);
  // CSV weighs the person's currency last itself; the other formats take it as their default.
  if (format.kind === 'csv' || !options.person?.currency) return format.open(stream, options);
  return format.open(stream, { ...options, defaultCurrency: options.defaultCurrency ?? options.person.currency });
}

/** The kind of statement these first bytes are (CSV when no other format claims them). */
export function sniffKind(head: Uint8Array, filename: string): StatementKind {
  return formatOf(head, filename).kind;
}

function formatOf(head: Uint8Array, filename: string): (typeof STATEMENT_FORMATS)[number] {
  const sniffed = statementHead(head, filename);
  // CSV, last, claims anything: find always finds.
  return STATEMENT_FORMATS.find((format) => format.sniff(sniffed)) ?? STATEMENT_FORMATS[STATEMENT_FORMATS.length - 1];
}
