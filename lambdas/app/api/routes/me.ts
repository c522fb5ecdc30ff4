import { z } from 'zod';
import { peerComparisonOptIn, setPeerComparison } from '../../../adapters/postgres/repositories/peers';
import {
  deleteUser,
  ensureUser,
  readPersonSettings,
  writePersonSettings,
} from '../../../adapters/postgres/repositories/users';
import { withUser, type UserTransaction } from '../../../adapters/postgres/user-scope';
import { refreshPeerProfile } from '../../plans';
import { EXPORT_PREFIX } from '../../person-export-document';
import {
  failExportJob,
  latestExportJob,
  readExportJob,
  requestExport,
  type ExportJob,
} from '../../../adapters/postgres/repositories/export-jobs';
import type { BlobStore } from '../../../ports/blob-store';
import type { ApiContext } from '../api-context';
import { ProblemError } from '../problem';
import { UPLOAD_PREFIX } from '../../../core/import/upload-key';
import { noUserDirectory } from '../../../ports/user-directory';
import { countryOfLocale, currencyOfCountry, isCountryCode } from '../../../core/locale/country-conventions';
import { isIsoCurrencyCode } from '../../../core/statement/csv/currency-names';
import { requireUuid } from '../pagination';
import { route } from '../route';
import {
  readNotificationPreferences,
  updateNotificationPreferences,
} from '../../../adapters/postgres/repositories/notification-preferences';
import { preferencesChange, preferencesSchema } from './notifications';

/** The person's home country, currency and locale: the last fallback of every import's currency and date order. */
const meSchema = z.object({
  country: z.string().nullable().describe('ISO 3166-1 alpha-2'),
  currency: z.string().nullable().describe("ISO 4217: the one said, else the country's"),
  locale: z.string().nullable().describe('BCP 47, e.g. en-IN'),
  conventionsSource: z
    .enum(['said', 'cognito', 'learned'])
    .nullable()
    .describe('who set them: the person, their Cognito attribute, or their first statements'),
  notifications: preferencesSchema.describe('per kind of notification: { inApp, email }'),
  peerComparison: z.boolean().describe('opted in to anonymous comparison with a cohort of at least 20 people'),
});

const mePatchSchema = z.object({
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'not an ISO 3166-1 alpha-2 country code')
    .nullable()
    .optional(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => code.length === 3 && isIsoCurrencyCode(code), 'not an ISO 4217 currency code')
    .nullable()
    .optional(),
  locale: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, 'not a BCP 47 locale such as en-IN')
    .max(35)
    .nullable()
    .optional(),
  notifications: preferencesChange.optional().describe('{ kind: { inApp, email } }; kinds not named stay as they are'),
  peerComparison: z.boolean().optional().describe('opt in to anonymous comparison with a cohort of at least 20 people'),
});

async function readMe(trx: UserTransaction): Promise<z.infer<typeof meSchema>> {
  const settings = await readPersonSettings(trx);
  return {
    country: settings.country,
    currency: settings.currency ?? (settings.country ? currencyOfCountry(settings.country) : null),
    locale: settings.locale,
    conventionsSource: settings.source,
    notifications: await readNotificationPreferences(trx),
    peerComparison: await peerComparisonOptIn(trx),
  };
}

/**
 * On AWS a Cognito `locale` attribute (en-IN) or `custom:country` claim sets a person's country
 * on first use, when they have said nothing themselves.
 */
export async function adoptCognitoLocale(
  trx: UserTransaction,
  userId: string,
  locale: string | null | undefined,
): Promise<void> {
  const country = locale
    ? isCountryCode(locale.toUpperCase())
      ? locale.toUpperCase()
      : countryOfLocale(locale)
    : null;
  if (!country) return;
  await writePersonSettings(
    trx,
    userId,
    { country, locale: countryOfLocale(locale ?? '') ? (locale ?? null) : null },
    'cognito',
  );
}

/** How long an export's download link works. */
const EXPORT_LINK_SECONDS = 15 * 60;
/** GET /me/export answers a ready export this recent instead of writing another (the file is kept a day). */
const EXPORT_REUSE_SECONDS = 15 * 60;

const exportStatusSchema = z.object({
  id: z.uuid(),
  status: z
    .enum(['pending', 'running', 'ready', 'failed'])
    .describe('pending (queued) → running → ready (url to download) | failed (reason)'),
  statusUrl: z.string().describe('GET it to follow the export (relative to the API base)'),
  requestedAt: z.string().describe('ISO 8601'),
  finishedAt: z.string().nullable().describe('ISO 8601, when ready or failed'),
  url: z
    .string()
    .optional()
    .describe(
      'when ready: GET it before expiresAt: gzipped NDJSON, a header line then one { table, row } line per row',
    ),
  expiresAt: z.string().optional().describe('when ready: ISO 8601, when the link stops working'),
  bytes: z.number().int().optional().describe('when ready: size of the gzipped file'),
  counts: z.record(z.string(), z.number().int()).optional().describe('when ready: rows per table'),
  reason: z.string().optional().describe('when failed: why, and what to do'),
});
type ExportStatusAnswer = z.infer<typeof exportStatusSchema>;

/** An export as its status route tells it: a fresh download link when ready, the reason when failed. */
async function exportStatus(job: ExportJob, blobs: BlobStore): Promise<ExportStatusAnswer> {
  const answer: ExportStatusAnswer = {
    id: job.id,
    status: job.status,
    statusUrl: `/me/export/${job.id}`,
    requestedAt: job.requestedAt,
    finishedAt: job.finishedAt,
  };
  if (job.status === 'failed')
    return { ...answer, reason: job.failureReason ?? 'the export failed: ask for a new one' };
  if (job.status !== 'ready' || !job.objectKey) return answer;
  // The bucket keeps an export a day: past that the row stays but the file is gone.
  if ((await blobs.size(job.objectKey)) === null) {
    return { ...answer, status: 'failed', reason: 'the export was kept for a day and is gone: ask for a new one' };
  }
  const link = await blobs.createDownloadUrl(job.objectKey, {
    expiresInSeconds: EXPORT_LINK_SECONDS,
    filename: job.objectKey.slice(job.objectKey.lastIndexOf('/') + 1),
  });
  return { ...answer, ...link, bytes: job.bytes ?? 0, counts: job.counts ?? {} };
}

/**
 * Queues an export (or finds the one already queued or running: asking twice makes one job).
 * The row is committed before the message is sent, so the worker always finds it; a message that
 * cannot be sent fails the job at once, so it never blocks the next request as `pending`.
 */
async function startExport(context: ApiContext, userId: string, email: string | null): Promise<ExportJob> {
  const { db, exportQueue } = context;
  if (!exportQueue) throw new ProblemError('internal', 'exports are not set up on this server');
  const { job, created } = await withUser(db, userId, async (trx) => {
    await ensureUser(trx, userId, email);
    return requestExport(trx, userId);
  });
  if (!created) return job;
  try {
    await exportQueue.send([{ version: 1, userId, exportId: job.id }]);
  } catch (error) {
    await withUser(db, userId, (trx) => failExportJob(trx, job.id, 'the export could not be queued: ask again'));
    throw error;
  }
  return job;
}

/**
 * What a person can take with them and how they leave: everything they gave or chose as one
 * gzipped NDJSON file (what is computed from it, the model and forecasts, is rebuilt rather than
 * exported), and erasure of all of it (rows and uploaded files).
 */
export const meRoutes = [
  route({
    method: 'GET',
    path: '/me',
    summary:
      "The person's settings: home country, currency and locale (the last fallback of every import), and notification preferences",
    responses: { 200: { description: 'The settings', schema: meSchema } },
    handle: async ({ userId, email, locale }, { db }) => {
      const body = await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        await adoptCognitoLocale(trx, userId, locale);
        return readMe(trx);
      });
      return { status: 200, body };
    },
  }),
  route({
    method: 'PATCH',
    path: '/me',
    summary:
      'Say your home country, currency or locale (null forgets one; statements that do not say theirs are read with them), and which notifications you want where',
    body: mePatchSchema,
    responses: {
      200: { description: 'The settings', schema: meSchema },
      400: { description: 'A field is not a known code' },
    },
    handle: async ({ userId, email, body }, { db }) => {
      const result = await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        const changes = {
          ...(body.country !== undefined ? { country: body.country } : {}),
          ...(body.currency !== undefined ? { currency: body.currency } : {}),
          ...(body.locale !== undefined ? { locale: body.locale } : {}),
        };
        if (Object.keys(changes).length > 0) await writePersonSettings(trx, userId, changes, 'said');
        if (body.notifications) await updateNotificationPreferences(trx, userId, body.notifications);
        if (body.peerComparison !== undefined) await setPeerComparison(trx, userId, body.peerComparison);
        // opting in publishes the person's own profile at once, so they count in cohorts from now
        if (body.peerComparison) await refreshPeerProfile(trx, userId, new Date().toISOString().slice(0, 7));
        return readMe(trx);
      });
      return { status: 200, body: result };
    },
  }),
  route({
    method: 'POST',
    path: '/me/export',
    summary:
      'Queue an export of everything the person gave or chose (accounts, uploads, transactions with splits, notes, tags and transfers, categories, rules, corrections and settings; not the model or forecasts computed from them); answers at once with a status URL to follow. While one is queued or running, that one is answered',
    responses: { 202: { description: 'The export, queued or already running', schema: exportStatusSchema } },
    handle: async ({ userId, email }, context) => {
      const job = await startExport(context, userId, email);
      return { status: 202, body: await exportStatus(job, context.blobs) };
    },
  }),
  route({
    method: 'GET',
    path: '/me/export',
    summary:
      'The latest export: its download link when it was written in the last 15 minutes, else the one queued or running (202), else a new one is queued (202); follow statusUrl until ready',
    responses: {
      200: { description: 'A recent export, ready to download', schema: exportStatusSchema },
      202: { description: 'The export being written: follow statusUrl', schema: exportStatusSchema },
    },
    handle: async ({ userId, email }, context) => {
      const latest = await withUser(context.db, userId, latestExportJob);
      const recent =
        latest?.status === 'ready' &&
        latest.finishedAt !== null &&
        Date.now() - Date.parse(latest.finishedAt) < EXPORT_REUSE_SECONDS * 1000;
      if (latest && recent) {
        const answer = await exportStatus(latest, context.blobs);
        if (answer.status === 'ready') return { status: 200, body: answer };
      }
      const job =
        latest && (latest.status === 'pending' || latest.status === 'running')
          ? latest
          : await startExport(context, userId, email);
      return { status: 202, body: await exportStatus(job, context.blobs) };
    },
  }),
  route({
    method: 'GET',
    path: '/me/export/{id}',
    summary:
      'Follow an export: pending, running, ready (with a download link that works 15 minutes) or failed (with why)',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'The export', schema: exportStatusSchema },
      404: { description: 'No such export of this person' },
    },
    handle: async ({ userId, params }, { db, blobs }) => {
      const id = requireUuid(params.id, 'the export');
      const job = await withUser(db, userId, (trx) => readExportJob(trx, id));
      if (!job) throw new ProblemError('not-found', 'no such export');
      return { status: 200, body: await exportStatus(job, blobs) };
    },
  }),
  route({
    method: 'DELETE',
    path: '/me',
    summary: 'Erase the person: every row they own, every file they uploaded, and their sign-in (safe to repeat)',
    needs: ['userDirectory'],
    responses: {
      200: {
        description: 'What was erased',
        schema: z.object({
          erased: z.boolean(),
          files: z.number().int(),
          signIn: z
            .enum(['deleted', 'absent', 'notKept'])
            .describe('the Cognito user: deleted now, already gone, or none kept (the local stack)'),
        }),
      },
    },
    handle: async ({ userId }, { db, blobs, users = noUserDirectory }) => {
      // Files first: if that fails, the person can ask again and nothing is left half-erased in the database.
      const files =
        (await blobs.deletePrefix(`${UPLOAD_PREFIX}${userId}/`)) +
        (await blobs.deletePrefix(`${EXPORT_PREFIX}${userId}/`));
      const erased = await withUser(db, userId, (trx) => deleteUser(trx, userId));
      // The sign-in last: while it stands, the person can still sign in and ask again if anything above failed.
      const signIn = await users.deleteUser(userId);
      return { status: 200, body: { erased, files, signIn } };
    },
  }),
];
