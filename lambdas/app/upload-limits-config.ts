import { z } from 'zod';
import { UPLOAD_LIMITS, UPLOAD_URL_EXPIRY_BOUNDS } from '../core/import/upload-limits';

/** The environment variables that override core's upload limits, for the AWS handlers and the local stack alike. */
export const uploadLimitsConfig = {
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(UPLOAD_LIMITS.maxUploadBytes),
  MAX_UPLOAD_ROWS: z.coerce.number().int().positive().default(UPLOAD_LIMITS.maxUploadRows),
  UPLOAD_URL_EXPIRY_SECONDS: z.coerce
    .number()
    .int()
    .min(UPLOAD_URL_EXPIRY_BOUNDS.minSeconds)
    .max(UPLOAD_URL_EXPIRY_BOUNDS.maxSeconds)
    .default(UPLOAD_LIMITS.uploadUrlExpirySeconds),
};

/** The limits the API's routes read, from a config parsed with `uploadLimitsConfig`. */
export function uploadLimits(config: {
  MAX_UPLOAD_BYTES: number;
  MAX_UPLOAD_ROWS: number;
  UPLOAD_URL_EXPIRY_SECONDS: number;
}) {
  return {
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    maxUploadRows: config.MAX_UPLOAD_ROWS,
    uploadUrlExpirySeconds: config.UPLOAD_URL_EXPIRY_SECONDS,
  };
}
