import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { MIN_PART_BYTES, S3BlobStore } from '../../../lambdas/adapters/aws/s3-blob-store';
import type { ExportSection } from '../../../lambdas/adapters/postgres/repositories/person-export';
import { writeExportDocument } from '../../../lambdas/app/person-export-document';

const s3 = mockClient(S3Client);
const MiB = 1024 * 1024;
const KEY = 'exports/person/smart-spend-export.ndjson.gz';

/** What each UploadPart carried, in order. */
const partBodies = () =>
  s3.commandCalls(UploadPartCommand).map((call) => Buffer.from(call.args[0].input.Body as Uint8Array));

/** A source of `total` random bytes in 100 KB chunks. */
async function* randomChunks(total: number, failAfter = Infinity): AsyncIterable<Uint8Array> {
  for (let sent = 0; sent < total; sent += 100_000) {
    if (sent >= failAfter) throw new Error('the database went away');
    yield randomBytes(Math.min(100_000, total - sent));
  }
}

/**
 * A history whose export is larger than one part: `rows` transactions with 600 random characters
 * each (random text compresses to about three quarters, so 20,000 of them gzip to ~9 MB), read
 * page by page as the Postgres sections are. `pagesRead` counts the pages taken.
 */
function largeHistory(rows: number): { sections: ExportSection[]; pagesRead: () => number } {
  let pages = 0;
  return {
    pagesRead: () => pages,
    sections: [
      {
        name: 'transactions',
        async *pages() {
          for (let start = 0; start < rows; start += 500) {
            pages += 1;
            yield Array.from({ length: Math.min(500, rows - start) }, (_, i) => ({
              id: start + i,
              description: randomBytes(450).toString('base64'),
            }));
          }
        },
      },
    ],
  };
}

describe('a streamed object on S3 (the export)', () => {
  const store = new S3BlobStore(
    new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    'uploads-bucket',
  );

  beforeEach(() => {
    s3.reset();
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({ ETag: `"etag-${input.PartNumber}"` }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    s3.on(AbortMultipartUploadCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
  });

  it('goes in 5 MiB parts, one buffer at a time, completed in order', async () => {
    const chunks: Uint8Array[] = [];
    async function* kept() {
      for await (const chunk of randomChunks(12 * MiB)) {
        chunks.push(chunk);
        yield chunk;
      }
    }
    expect(await store.writeStream(KEY, kept(), { contentType: 'application/gzip' })).toBe(12 * MiB);

    expect(s3.commandCalls(CreateMultipartUploadCommand)[0].args[0].input).toMatchObject({
      Bucket: 'uploads-bucket',
      Key: KEY,
      ContentType: 'application/gzip',
    });
    const bodies = partBodies();
    expect(bodies.map((body) => body.length)).toEqual([MIN_PART_BYTES, MIN_PART_BYTES, 2 * MiB]);
    expect(Buffer.concat(bodies).equals(Buffer.concat(chunks))).toBe(true);
    expect(s3.commandCalls(UploadPartCommand).map((call) => call.args[0].input.PartNumber)).toEqual([1, 2, 3]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input).toMatchObject({
      UploadId: 'upload-1',
      MultipartUpload: {
        Parts: [
          { PartNumber: 1, ETag: '"etag-1"' },
          { PartNumber: 2, ETag: '"etag-2"' },
          { PartNumber: 3, ETag: '"etag-3"' },
        ],
      },
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('puts an object smaller than one part in a single PutObject', async () => {
    expect(await store.writeStream(KEY, randomChunks(300_000), { contentType: 'application/gzip' })).toBe(300_000);
    expect((s3.commandCalls(PutObjectCommand)[0].args[0].input.Body as Uint8Array).length).toBe(300_000);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('aborts the upload and throws when a part fails or the source fails', async () => {
    s3.on(UploadPartCommand).rejects(new Error('SlowDown'));
    await expect(store.writeStream(KEY, randomChunks(12 * MiB), { contentType: 'application/gzip' })).rejects.toThrow(
      'SlowDown',
    );
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'uploads-bucket', Key: KEY, UploadId: 'upload-1' },
    ]);

    s3.resetHistory();
    s3.on(UploadPartCommand).resolves({ ETag: '"x"' });
    await expect(
      store.writeStream(KEY, randomChunks(12 * MiB, 7 * MiB), { contentType: 'application/gzip' }),
    ).rejects.toThrow('the database went away');
    expect(s3.commandCalls(UploadPartCommand)).toHaveLength(1);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('writes a large export as it is read: several parts that gunzip to every row, and an aborted upload on a failed part', async () => {
    const history = largeHistory(20_000);
    const written = await writeExportDocument(history.sections, new Date('2026-12-05T00:00:00Z'), (gzipped) =>
      store.writeStream(KEY, gzipped, { contentType: 'application/gzip' }),
    );
    const bodies = partBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(bodies.slice(0, -1).every((body) => body.length === MIN_PART_BYTES)).toBe(true);
    expect(written).toEqual({ bytes: Buffer.concat(bodies).length, counts: { transactions: 20_000 } });
    const lines = gunzipSync(Buffer.concat(bodies)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'smart-spend-export', version: 2 });
    expect(lines.slice(1).map((line) => JSON.parse(line).row.id)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(1);

    // the same export when S3 refuses its first part: aborted, thrown, and the reading stopped there
    s3.reset();
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-2' });
    s3.on(UploadPartCommand).rejects(new Error('InternalError'));
    s3.on(AbortMultipartUploadCommand).resolves({});
    const failing = largeHistory(20_000);
    await expect(
      writeExportDocument(failing.sections, new Date(), (gzipped) =>
        store.writeStream(KEY, gzipped, { contentType: 'application/gzip' }),
      ),
    ).rejects.toThrow('InternalError');
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0].args[0].input).toMatchObject({ UploadId: 'upload-2' });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(failing.pagesRead()).toBeLessThan(40);
  });
});
