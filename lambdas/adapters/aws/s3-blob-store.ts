import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, DownloadUrl, UploadUrl } from '../../ports/blob-store';

/** The upload bucket: statements stream out of it; clients PUT into it with presigned URLs. */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string): Promise<AsyncIterable<Uint8Array>> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!object.Body) throw new Error(`object ${key} has no body`);
    return object.Body as AsyncIterable<Uint8Array>;
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? null;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return null;
      throw error;
    }
  }

  /**
   * A presigned PUT. With `contentLength` the length is signed (S3 refuses a body of any other
   * size, so nothing larger than was declared, and checked, can be stored).
   */
  async createUploadUrl(
    key: string,
    options: { contentType?: string; expiresInSeconds: number; contentLength?: number },
  ): Promise<UploadUrl> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: options.contentType,
      ContentLength: options.contentLength,
    });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: options.expiresInSeconds,
      ...(options.contentLength !== undefined ? { signableHeaders: new Set(['content-length']) } : {}),
    });
    return {
      url,
      method: 'PUT',
      headers: {
        ...(options.contentType ? { 'content-type': options.contentType } : {}),
        ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}),
      },
      expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString(),
    };
  }

  async write(
    key: string,
    bytes: Uint8Array,
    options: { contentType: string; contentEncoding?: string },
  ): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: options.contentType,
        ContentEncoding: options.contentEncoding,
      }),
    );
  }

  /** A presigned GET; the file name, when given, is sent back as the download's name. */
  async createDownloadUrl(key: string, options: { expiresInSeconds: number; filename?: string }): Promise<DownloadUrl> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(options.filename ? { ResponseContentDisposition: `attachment; filename="${options.filename}"` } : {}),
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
    return { url, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      // A listing page holds at most 1,000 keys, exactly what one DeleteObjects call takes.
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (keys.length > 0) {
        const result = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }),
        );
        if (result.Errors?.length)
          throw new Error(`could not delete ${result.Errors.length} objects under ${prefix}: ${result.Errors[0].Code}`);
        deleted += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }
}
