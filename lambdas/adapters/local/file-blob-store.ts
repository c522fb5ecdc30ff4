import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dirname, resolve, sep } from 'node:path';
import type { BlobStore, DownloadUrl, UploadUrl } from '../../ports/blob-store';

/** The S3 bucket of the local stack: a folder, with upload URLs served by the local server. */
export class FileBlobStore implements BlobStore {
  constructor(
    private readonly root: string,
    /** Makes the URL a client PUTs to: the local server checks its signature and expiry. */
    private readonly uploadUrl: (key: string, options: { contentType?: string; expiresInSeconds: number }) => UploadUrl,
    /** Makes the URL an export is downloaded from: signed and expiring too. */
    private readonly downloadUrl: (key: string, options: { expiresInSeconds: number }) => DownloadUrl = () => {
      throw new Error('this store makes no download URLs');
    },
  ) {}

  pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`object key escapes the store: ${key}`);
    return path;
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    return createReadStream(this.pathOf(key), { highWaterMark: 256 * 1024 });
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).size;
    } catch {
      return null;
    }
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  /** Streamed to a `.partial` file beside it, renamed into place once whole: a failed write leaves nothing. */
  async writeStream(key: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const path = this.pathOf(key);
    const partial = `${path}.partial`;
    await mkdir(dirname(path), { recursive: true });
    let total = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        total += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.from(chunks), counting, createWriteStream(partial));
      await rename(partial, path);
      return total;
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async createDownloadUrl(key: string, options: { expiresInSeconds: number }): Promise<DownloadUrl> {
    return this.downloadUrl(key, options);
  }

  async createUploadUrl(key: string, options: { contentType?: string; expiresInSeconds: number }): Promise<UploadUrl> {
    return this.uploadUrl(key, options);
  }

  async deletePrefix(prefix: string): Promise<number> {
    // Prefixes end at a folder boundary here (`uploads/{userId}/`): remove that folder.
    const folder = this.pathOf(prefix.replace(/\/+$/, ''));
    const files = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    await rm(folder, { recursive: true, force: true });
    return files.filter((entry) => entry.isFile()).length;
  }
}
