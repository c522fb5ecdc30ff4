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
  /** Stores an object whole (a statement the local server or drop folder received). */
  write(key: string, bytes: Uint8Array, options: { contentType: string; contentEncoding?: string }): Promise<void>;
  /**
   * Stores an object as its bytes come (an export, whose size grows with a person's history),
   * holding at most one part in memory; nothing is stored when `chunks` or the store fails.
   * Resolves to the object's size in bytes.
   */
  writeStream(key: string, chunks: AsyncIterable<Uint8Array>, options: { contentType: string }): Promise<number>;
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
