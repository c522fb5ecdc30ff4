import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '../ports/blob-store';

const USER_UPLOADS = /^uploads\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/$/;

/**
 * The local stack keeps more copies of a person's files than S3 does: the drop folder's
 * `.imported/{userId}/` (what was taken) and `{userId}/` (what waits). Erasing a person's
 * uploads (DELETE /me deletes the prefix `uploads/{userId}/`) removes those too.
 */
export function erasingLocalCopies(blobs: BlobStore, dropRoot: string): BlobStore {
  return {
    read: (key) => blobs.read(key),
    size: (key) => blobs.size(key),
    createUploadUrl: (key, options) => blobs.createUploadUrl(key, options),
    write: (key, bytes, options) => blobs.write(key, bytes, options),
    writeStream: (key, chunks, options) => blobs.writeStream(key, chunks, options),
    createDownloadUrl: (key, options) => blobs.createDownloadUrl(key, options),
    async deletePrefix(prefix) {
      let deleted = await blobs.deletePrefix(prefix);
      const userId = USER_UPLOADS.exec(prefix)?.[1];
      if (userId) {
        for (const folder of [join(dropRoot, '.imported', userId), join(dropRoot, userId)]) {
          const files = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
          await rm(folder, { recursive: true, force: true });
          deleted += files.filter((entry) => entry.isFile()).length;
        }
      }
      return deleted;
    },
  };
}
