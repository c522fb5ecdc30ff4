import type { BlobStore, DownloadUrl, UploadUrl } from '../../lambdas/ports/blob-store';

/** A bucket in memory: objects stream back in small chunks, as S3 bodies do. */
export class MemoryBlobStore implements BlobStore {
  readonly objects = new Map<string, Uint8Array>();

  put(key: string, content: string | Uint8Array): void {
    this.objects.set(key, typeof content === 'string' ? Buffer.from(content) : content);
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`no object ${key}`);
    return (async function* () {
      for (let i = 0; i < bytes.length; i += 16 * 1024) yield bytes.subarray(i, i + 16 * 1024);
    })();
  }

  async size(key: string): Promise<number | null> {
    return this.objects.get(key)?.length ?? null;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) this.objects.delete(key);
    return keys.length;
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    this.objects.set(key, bytes);
  }

  async writeStream(key: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    const bytes = Buffer.concat(parts);
    await this.write(key, bytes);
    return bytes.length;
  }

  async createDownloadUrl(key: string, options: { expiresInSeconds: number }): Promise<DownloadUrl> {
    return { url: `memory://${key}`, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }

  async createUploadUrl(key: string): Promise<UploadUrl> {
    return { url: `memory://${key}`, method: 'PUT', headers: {}, expiresAt: new Date().toISOString() };
  }
}

export class RecordingQueue<T> {
  readonly sent: T[] = [];
  async send(messages: readonly T[]): Promise<void> {
    this.sent.push(...messages);
  }
}
