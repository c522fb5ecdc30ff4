import { createGzip } from 'node:zlib';
import type { ExportSection } from '../adapters/postgres/repositories/person-export';

/** Where a person's exports live in the bucket; `DELETE /me` removes this prefix too. */
export const EXPORT_PREFIX = 'exports/';

export interface ExportDocument {
  bytes: Buffer;
  counts: Record<string, number>;
}

/**
 * The export as gzipped NDJSON: a header line `{ format, version, exportedAt }`, then one line
 * per row, `{ "table": "transactions", "row": { ... } }`, written page by page through a gzip
 * stream, so only one page of rows and the compressed bytes so far are ever held in memory
 * (200,000 transactions: a few MB compressed, not the ~130 MB of JSON they would make whole).
 */
export async function writeExportDocument(sections: ExportSection[], exportedAt: Date): Promise<ExportDocument> {
  const gzip = createGzip();
  const compressed: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => compressed.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => gzip.write(text, (error) => (error ? reject(error) : resolve())));

  await write(
    JSON.stringify({ format: 'smart-spend-export', version: 2, exportedAt: exportedAt.toISOString() }) + '\n',
  );
  const counts: Record<string, number> = {};
  for (const section of sections) {
    counts[section.name] = 0;
    for await (const rows of section.pages()) {
      await write(rows.map((row) => JSON.stringify({ table: section.name, row })).join('\n') + '\n');
      counts[section.name] += rows.length;
    }
  }
  gzip.end();
  await ended;
  return { bytes: Buffer.concat(compressed), counts };
}
