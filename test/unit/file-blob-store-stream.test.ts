import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileBlobStore } from '../../lambdas/adapters/local/file-blob-store';

describe('a streamed object in the local object store (the export on one machine)', () => {
  const home = mkdtempSync(join(tmpdir(), 'smart-spend-stream-'));
  const store = new FileBlobStore(home, () => {
    throw new Error('not used');
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('writes the bytes as they come and answers their size', async () => {
    const chunks = Array.from({ length: 40 }, () => randomBytes(64 * 1024));
    async function* source() {
      yield* chunks;
    }
    const key = 'exports/person/export.ndjson.gz';
    expect(await store.writeStream(key, source())).toBe(40 * 64 * 1024);
    expect(readFileSync(store.pathOf(key)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('leaves no file, whole or partial, when the source fails', async () => {
    async function* failing() {
      yield randomBytes(64 * 1024);
      throw new Error('the database went away');
    }
    const key = 'exports/other/export.ndjson.gz';
    await expect(store.writeStream(key, failing())).rejects.toThrow('the database went away');
    expect(existsSync(store.pathOf(key))).toBe(false);
    expect(readdirSync(dirname(store.pathOf(key)))).toEqual([]);
  });
});
