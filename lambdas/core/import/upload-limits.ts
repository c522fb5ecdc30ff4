/**
 * What an upload may be, the same on AWS and locally (each overridable by the environment
 * variable named in `app/upload-limits-config.ts`): a statement past these is refused before
 * any work is done, and an upload URL stops working after its expiry.
 */
export const UPLOAD_LIMITS = {
  maxUploadBytes: 100 * 1024 * 1024,
  maxUploadRows: 2_000_000,
  uploadUrlExpirySeconds: 900,
} as const;

/** An upload URL lives at least a minute (a slow client) and at most an hour (a leaked link). */
export const UPLOAD_URL_EXPIRY_BOUNDS = { minSeconds: 60, maxSeconds: 3600 } as const;
