import { z } from 'zod';
import { peerComparisonOptIn, setPeerComparison } from '../../../adapters/postgres/repositories/peers';
import { exportSections } from '../../../adapters/postgres/repositories/person-export';
import {
  deleteUser,
  ensureUser,
  readPersonSettings,
  writePersonSettings,
} from '../../../adapters/postgres/repositories/users';
import { withUser, type UserTransaction } from '../../../adapters/postgres/user-scope';
import { refreshPeerProfile } from '../../plans';
import { EXPORT_PREFIX, writeExportDocument } from '../../person-export-document';
import { UPLOAD_PREFIX } from '../../../core/import/upload-key';
import { countryOfLocale, currencyOfCountry, isCountryCode } from '../../../core/locale/country-conventions';
import { isIsoCurrencyCode } from '../../../core/statement/csv/currency-names';
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

const exportAnswerSchema = z.object({
  url: z
    .string()
    .describe('GET it before expiresAt: gzipped NDJSON, a header line then one { table, row } line per row'),
  expiresAt: z.string().describe('ISO 8601'),
  bytes: z.number().int().describe('size of the gzipped file'),
  counts: z.record(z.string(), z.number().int()).describe('rows per table'),
});

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
    method: 'GET',
    path: '/me/export',
    summary:
      'Everything the person gave or chose, as a gzipped NDJSON file behind a link that expires: accounts, uploads, transactions (with splits, notes, tags and transfers), categories, rules, corrections and settings; not the model or forecasts computed from them',
    responses: { 200: { description: 'Where to download the export', schema: exportAnswerSchema } },
    handle: async ({ userId }, { db, blobs }) => {
      const exportedAt = new Date();
      // One transaction: every page reads the same snapshot, however long the export takes.
      const document = await withUser(db, userId, (trx) => writeExportDocument(exportSections(trx), exportedAt));
      const filename = `smart-spend-export-${exportedAt.toISOString().replace(/[:.]/g, '-')}.ndjson.gz`;
      const key = `${EXPORT_PREFIX}${userId}/${filename}`;
      await blobs.write(key, document.bytes, { contentType: 'application/gzip' });
      const link = await blobs.createDownloadUrl(key, { expiresInSeconds: EXPORT_LINK_SECONDS, filename });
      return { status: 200, body: { ...link, bytes: document.bytes.length, counts: document.counts } };
    },
  }),
  route({
    method: 'DELETE',
    path: '/me',
    summary: 'Erase the person: every row they own and every file they uploaded',
    responses: {
      200: { description: 'What was erased', schema: z.object({ erased: z.boolean(), files: z.number().int() }) },
    },
    handle: async ({ userId }, { db, blobs }) => {
      // Files first: if that fails, the person can ask again and nothing is left half-erased in the database.
      const files =
        (await blobs.deletePrefix(`${UPLOAD_PREFIX}${userId}/`)) +
        (await blobs.deletePrefix(`${EXPORT_PREFIX}${userId}/`));
      const erased = await withUser(db, userId, (trx) => deleteUser(trx, userId));
      return { status: 200, body: { erased, files } };
    },
  }),
];
