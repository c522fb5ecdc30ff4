import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, DownloadUrl, UploadUrl } from '../../ports/blob-store';

/** S3's smallest part of a multipart upload (all but the last): 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

/** The upload bucket: statements stream out of it; clients PUT into it with presigned URLs. */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** Bytes of each part of a streamed object, and so the most one holds in memory. @default MIN_PART_BYTES */
    private readonly partBytes = MIN_PART_BYTES,
  ) {
    if (partBytes < MIN_PART_BYTES) throw new Error(`S3 parts are at least ${MIN_PART_BYTES} bytes, not ${partBytes}`);
  }

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

  /**
   * A multipart upload fed part by part as the bytes come (CreateMultipartUpload, UploadPart of
   * exactly `partBytes` each but the last, CompleteMultipartUpload), so one part is all that is
   * ever held; an object that ends before its first part is full goes in one PutObject. Any failure
   * (of the source or of S3) aborts the upload, so no parts are left to be billed, and is thrown.
   * Our own loop rather than @aws-sdk/lib-storage's Upload: it is short, needs no new dependency,
   * and uploads one part at a time (Upload's default of four parts in flight would quadruple the
   * memory a 15-minute export Lambda needs, for a speed the database pages limit anyway).
   */
  async writeStream(key: string, chunks: AsyncIterable<Uint8Array>, options: { contentType: string }): Promise<number> {
    // a new buffer per part: the one just sent may still be referenced (a retry inside the SDK's send)
    let part = Buffer.allocUnsafe(this.partBytes);
    let filled = 0;
    let total = 0;
    let uploadId: string | undefined;
    const parts: CompletedPart[] = [];
    const sendPart = async (bytes: Uint8Array) => {
      if (!uploadId) {
        const created = await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType }),
        );
        if (!created.UploadId) throw new Error(`S3 gave no upload id for ${key}`);
        uploadId = created.UploadId;
      }
      const PartNumber = parts.length + 1;
      const sent = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber, Body: bytes }),
      );
      parts.push({ ETag: sent.ETag, PartNumber });
    };
    try {
      for await (const chunk of chunks) {
        total += chunk.length;
        for (let offset = 0; offset < chunk.length;) {
          const taken = Math.min(chunk.length - offset, this.partBytes - filled);
          part.set(chunk.subarray(offset, offset + taken), filled);
          filled += taken;
          offset += taken;
          if (filled === this.partBytes) {
            await sendPart(part);
            part = Buffer.allocUnsafe(this.partBytes);
            filled = 0;
          }
        }
      }
      if (!uploadId) {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: part.subarray(0, filled),
            ContentType: options.contentType,
          }),
        );
        return total;
      }
      if (filled > 0) await sendPart(part.subarray(0, filled));
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return total;
    } catch (error) {
      if (uploadId)
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
          .catch(() => undefined); // the bucket's lifecycle rule removes what an abort could not
      throw error;
    }
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
