import { createGzip } from 'node:zlib';
import type { ExportSection } from '../adapters/postgres/repositories/person-export';

/** Where a person's exports live in the bucket; `DELETE /me` removes this prefix too. */
export const EXPORT_PREFIX = 'exports/';

/** Where an export written at `exportedAt` is stored: exports/{userId}/smart-spend-export-{time}.ndjson.gz. */
export function exportObjectKey(userId: string, exportedAt: Date): string {
  return `${EXPORT_PREFIX}${userId}/smart-spend-export-${exportedAt.toISOString().replace(/[:.]/g, '-')}.ndjson.gz`;
}

export interface ExportDocument {
  /** Gzipped bytes stored. */
  bytes: number;
  counts: Record<string, number>;
}

/**
 * The export as gzipped NDJSON: a header line `{ format, version, exportedAt }`, then one line
 * per row, `{ "table": "transactions", "row": { ... } }`, written page by page through a gzip
 * stream that `store` consumes as it is made (the blob store's `writeStream`: S3 multipart parts),
 * so only one page of rows and one part of compressed bytes are ever held in memory, however long
 * the history (200,000 transactions: 8.3 MB compressed, ~130 MB of JSON). A failure of either side
 * stops the other and is thrown: a failed store ends the reading, a failed page aborts the upload.
 */
export async function writeExportDocument(
  sections: ExportSection[],
  exportedAt: Date,
  store: (gzipped: AsyncIterable<Uint8Array>) => Promise<unknown>,
): Promise<ExportDocument> {
  const gzip = createGzip();
  // its errors reach us through the writes and the store's reading; a stream nobody reads any more
  // (the store gave up) must not turn them into an unhandled 'error' event
  gzip.on('error', () => undefined);
  let bytes = 0;
  async function* counted(): AsyncIterable<Uint8Array> {
    for await (const chunk of gzip as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  // Settles to the store's error (or null): a store that fails destroys the gzip stream, which
  // fails the write the pages are waiting on, instead of leaving them waiting for a reader.
  const stored = store(counted()).then(
    () => null,
    (error: unknown) => {
      gzip.destroy(error as Error);
      return error;
    },
  );
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => gzip.write(text, (error) => (error ? reject(error) : resolve())));

  const counts: Record<string, number> = {};
  try {
    await write(
      JSON.stringify({ format: 'smart-spend-export', version: 2, exportedAt: exportedAt.toISOString() }) + '\n',
    );
    for (const section of sections) {
      counts[section.name] = 0;
      for await (const rows of section.pages()) {
        await write(rows.map((row) => JSON.stringify({ table: section.name, row })).join('\n') + '\n');
        counts[section.name] += rows.length;
      }
    }
    gzip.end();
  } catch (error) {
    gzip.destroy(error as Error);
    throw (await stored) ?? error;
  }
  const failed = await stored;
  if (failed) throw failed;
  return { bytes, counts };
}
