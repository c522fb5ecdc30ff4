/** Where uploaded statements live: S3 on AWS, a folder on the local stack. */
export interface BlobStore {
  /** Streams an object's bytes. */
  read(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** The object's size in bytes, or null when it does not exist. */
  size(key: string): Promise<number | null>;
  /** A URL the person's client PUTs the file to. */
  createUploadUrl(
    key: string,
    options: { contentType?: string; expiresInSeconds: number; maxBytes?: number; contentLength?: number },
  ): Promise<UploadUrl>;
  /** Stores an object whole (an export: built gzipped in memory, a few MB even for 200,000 transactions). */
  write(key: string, bytes: Uint8Array, options: { contentType: string; contentEncoding?: string }): Promise<void>;
  /** A URL anyone holding it can GET the object from until it expires (an export's download link). */
  createDownloadUrl(key: string, options: { expiresInSeconds: number; filename?: string }): Promise<DownloadUrl>;
  /** Deletes every object under a prefix (a person's uploads, when they erase their data); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}

export interface UploadUrl {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

export interface DownloadUrl {
  url: string;
  expiresAt: string;
}
