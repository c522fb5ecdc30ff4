import type { StatementOpenOptions } from '../import/import-statement';
import type { OpenedStatement } from './types';

/** The first bytes of a file as every format's `sniff` reads them. */
export interface StatementHead {
  /** The first 4 KiB as UTF-8, byte-order mark removed. */
  text: string;
  /** The first 12 non-blank lines, trimmed. */
  lines: string[];
  /** The file's name: a hint only (banks export CSVs as .txt). */
  filename: string;
}

/**
 * One kind of statement the service reads: `sniff` tells from a file's first bytes whether it
 * is this kind, `open` reads the whole stream into rows. Each format is registered, in the
 * order formats are sniffed, in `statement-formats.ts`.
 */
export interface StatementFormat<K extends string = string> {
  readonly kind: K;
  sniff(head: StatementHead): boolean;
  open(source: AsyncIterable<Uint8Array>, options: StatementOpenOptions): Promise<OpenedStatement>;
}

export function statementHead(head: Uint8Array, filename: string): StatementHead {
  const text = Buffer.from(head)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 12);
  return { text, lines, filename };
}
