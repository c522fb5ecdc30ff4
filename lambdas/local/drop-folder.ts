import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { safeFilename } from '../core/import/upload-key';

export interface DroppedFile {
  userId: string;
  /** The sub-folder between the user's folder and the file, naming the account. */
  account: string | null;
  filename: string;
  bytes: Buffer;
  uploadId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stands in for the S3 upload prefix: a file put at drop/{userId}/{file} (or
 * drop/{userId}/{account}/{file}) is taken once its size has stopped changing, moved to
 * drop/.imported/ so it is never taken twice, and handed on as an upload.
 */
export class DropFolder {
  private timer?: NodeJS.Timeout;
  private readonly seenSizes = new Map<string, number>();
  private busy = false;

  constructor(
    private readonly root: string,
    private readonly onFile: (file: DroppedFile) => Promise<void>,
    private readonly onError: (error: unknown, path: string) => void,
  ) {}

  async start(intervalMs = 500): Promise<void> {
    await mkdir(this.root, { recursive: true });
    this.timer = setInterval(() => void this.scan(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async scan(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const userDir of await readdir(this.root, { withFileTypes: true })) {
        if (!userDir.isDirectory() || !UUID.test(userDir.name)) continue;
        const userPath = join(this.root, userDir.name);
        for (const entry of await readdir(userPath, { withFileTypes: true })) {
          if (entry.name.startsWith('.')) continue;
          if (entry.isFile())
            await this.consider(userDir.name.toLowerCase(), null, join(userPath, entry.name), entry.name);
          else if (entry.isDirectory()) {
            for (const inner of await readdir(join(userPath, entry.name), { withFileTypes: true })) {
              if (inner.isFile() && !inner.name.startsWith('.')) {
                await this.consider(
                  userDir.name.toLowerCase(),
                  entry.name,
                  join(userPath, entry.name, inner.name),
                  inner.name,
                );
              }
            }
          }
        }
      }
    } catch (error) {
      this.onError(error, this.root);
    } finally {
      this.busy = false;
    }
  }

  private async consider(userId: string, account: string | null, path: string, filename: string): Promise<void> {
    try {
      const { size } = await stat(path);
      // Taken only when two scans see the same size: the writer has finished.
      if (this.seenSizes.get(path) !== size) {
        this.seenSizes.set(path, size);
        return;
      }
      this.seenSizes.delete(path);
      const bytes = await readFile(path);
      const uploadId = randomUUID();
      const done = join(this.root, '.imported', userId);
      await mkdir(done, { recursive: true });
      // The kept copy's name is redacted like the upload's: a card number in a file name stays nowhere.
      await rename(path, join(done, `${uploadId}-${safeFilename(filename)}`));
      await this.onFile({ userId, account, filename, bytes, uploadId });
    } catch (error) {
      this.onError(error, path);
    }
  }
}
