import { redact } from '../redact/redact';

/** Where an upload's object lives: `uploads/{userId}/{uploadId}/{filename}`. */
export const UPLOAD_PREFIX = 'uploads/';

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uploadObjectKey(userId: string, uploadId: string, filename: string): string {
  return `${UPLOAD_PREFIX}${userId}/${uploadId}/${safeFilename(filename)}`;
}

/**
 * Keeps a person's file name recognisable while making it a single safe path segment, with
 * any card number, IBAN, e-mail or phone number in it redacted ("card 4111…1111.csv" is a
 * name people give statements): the name is stored, shown and part of the object key.
 */
export function safeFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = redact(base.replace(CONTROL_CHARACTERS, '').replace(/^\.+/, '').trim()).slice(0, 200);
  return cleaned || 'statement';
}

export interface UploadKey {
  userId: string;
  uploadId: string;
  filename: string;
}

/**
 * Reads an object key as S3 events give it (URL-encoded, '+' for spaces). Anything that is
 * not exactly `uploads/{uuid}/{uuid}/{name}` is refused, so a stray object can never be
 * imported into somebody's account.
 */
export function parseUploadKey(
  rawKey: string,
  options: { urlEncoded: boolean } = { urlEncoded: true },
): UploadKey | null {
  let key: string;
  try {
    key = options.urlEncoded ? decodeURIComponent(rawKey.replace(/\+/g, ' ')) : rawKey;
  } catch {
    return null;
  }
  if (!key.startsWith(UPLOAD_PREFIX)) return null;
  const parts = key.slice(UPLOAD_PREFIX.length).split('/');
  if (parts.length !== 3) return null;
  const [userId, uploadId, filename] = parts;
  if (!UUID.test(userId) || !UUID.test(uploadId) || !filename) return null;
  return { userId: userId.toLowerCase(), uploadId: uploadId.toLowerCase(), filename };
}
