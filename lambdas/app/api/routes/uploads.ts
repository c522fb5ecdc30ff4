import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findAccount } from '../../../adapters/postgres/repositories/accounts';
import {
  createUpload,
  findUpload,
  listUploads,
  lockUpload,
  moveUploadRows,
  setUploadAccount,
  uploadCurrencies,
  UploadMoveConflictError,
  type UploadRow,
} from '../../../adapters/postgres/repositories/uploads';
import { ensureUser } from '../../../adapters/postgres/repositories/users';
import { fromJson, toIsoTimestamp } from '../../../adapters/postgres/schema';
import { withUser } from '../../../adapters/postgres/user-scope';
import { isoTimestamp } from '../schemas';
import { redact } from '../../../core/redact/redact';
import { columnMappingSchema } from '../column-mapping-schema';
import { checkUploadQuota } from '../person-quota';
import { DEFAULT_PERSON_LIMITS } from '../../../core/person-limits';
import { uploadObjectKey } from '../../../core/import/upload-key';
import { decodeCursor, limitQuery, page, requireUuid } from '../pagination';
import { notFound, ProblemError } from '../problem';
import { route } from '../route';
import { STATEMENT_KINDS } from '../../../core/statement/statement-formats';

export const uploadSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  status: z.enum(['received', 'parsing', 'categorising', 'complete', 'failed']),
  accountId: z.uuid().nullable(),
  accountReason: z.string().nullable(),
  rowsRead: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  warnings: z.array(z.object({ row: z.number().int().optional(), message: z.string() })),
  failureReason: z.string().nullable(),
  format: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

export function toUpload(row: UploadRow): z.infer<typeof uploadSchema> {
  return {
    id: row.id,
    filename: row.filename,
    status: row.status,
    accountId: row.account_id,
    accountReason: row.account_reason,
    rowsRead: row.rows_read,
    imported: row.imported,
    duplicates: row.duplicates,
    rejected: row.rejected,
    errors: fromJson(row.errors) ?? [],
    warnings: fromJson(row.warnings) ?? [],
    failureReason: row.failure_reason,
    format: fromJson(row.format),
    createdAt: toIsoTimestamp(row.created_at) ?? '',
    completedAt: toIsoTimestamp(row.completed_at),
  };
}

const createUploadBody = z.object({
  filename: z.string().min(1).max(255),
  kind: z.enum(STATEMENT_KINDS).optional(),
  accountId: z.uuid().optional(),
  mapping: columnMappingSchema.optional(),
  contentType: z.string().max(100).optional(),
  size: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('the file’s size in bytes: the upload URL then takes exactly that many (S3 refuses any other length)'),
});

export const uploadRoutes = [
  route({
    method: 'POST',
    path: '/uploads',
    summary: 'Start an upload: returns a URL to PUT the statement file to',
    body: createUploadBody,
    responses: {
      201: {
        description: 'Upload created',
        schema: z.object({
          uploadId: z.uuid(),
          uploadUrl: z.string(),
          method: z.literal('PUT'),
          headers: z.record(z.string(), z.string()),
          expiresAt: z.string(),
        }),
      },
    },
    handle: async ({ userId, email, body }, { db, blobs, limits, personLimits }) => {
      if (body.size !== undefined && body.size > limits.maxUploadBytes) {
        throw new ProblemError('payload-too-large', `the file is larger than ${limits.maxUploadBytes} bytes`, [
          { path: 'size', message: `at most ${limits.maxUploadBytes}` },
        ]);
      }
      const uploadId = randomUUID();
      const objectKey = uploadObjectKey(userId, uploadId, body.filename);
      await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        if (body.accountId && !(await findAccount(trx, body.accountId))) throw notFound('the account');
        await checkUploadQuota(trx, personLimits ?? DEFAULT_PERSON_LIMITS);
        await createUpload(trx, {
          id: uploadId,
          userId,
          filename: redact(body.filename),
          kind: body.kind,
          objectKey,
          accountId: body.accountId,
          mapping: body.mapping,
        });
      });
      const url = await blobs.createUploadUrl(objectKey, {
        contentType: body.contentType,
        expiresInSeconds: limits.uploadUrlExpirySeconds,
        maxBytes: limits.maxUploadBytes,
        contentLength: body.size,
      });
      return {
        status: 201,
        body: { uploadId, uploadUrl: url.url, method: url.method, headers: url.headers, expiresAt: url.expiresAt },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/uploads',
    summary: "The person's uploads, newest first",
    query: z.object({ limit: limitQuery, cursor: z.string().optional() }),
    responses: {
      200: {
        description: 'A page of uploads',
        schema: z.object({ items: z.array(uploadSchema), nextCursor: z.string().nullable() }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const before = decodeCursor(query.cursor, z.object({ createdAt: isoTimestamp, id: z.uuid() }));
      const rows = await withUser(db, userId, (trx) => listUploads(trx, { limit: query.limit, before }));
      return {
        status: 200,
        body: page(rows.map(toUpload), query.limit, (u) => ({ createdAt: u.createdAt, id: u.id })),
      };
    },
  }),
  route({
    method: 'GET',
    path: '/uploads/{id}',
    summary: "One upload's status, counts and row errors",
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'The upload', schema: uploadSchema },
      404: { description: 'No such upload of this person' },
    },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the upload');
      const row = await withUser(db, userId, (trx) => findUpload(trx, id));
      if (!row) throw notFound('the upload');
      return { status: 200, body: toUpload(row) };
    },
  }),
  route({
    method: 'PATCH',
    path: '/uploads/{id}',
    summary:
      "Move an upload's rows to another account of the same currency, re-fingerprinted there; nothing is lost or left behind",
    params: z.object({ id: z.string() }),
    body: z.object({ accountId: z.uuid() }).strict(),
    responses: {
      200: { description: 'The upload, now in that account', schema: uploadSchema },
      404: { description: 'No such upload or account of this person' },
      409: {
        description:
          "The upload is still being read, its currency differs from the account's, or its rows are already there",
      },
    },
    handle: async ({ userId, params, body }, { db }) => {
      const id = requireUuid(params.id, 'the upload');
      const row = await withUser(db, userId, async (trx) => {
        const upload = await lockUpload(trx, id).then(() => findUpload(trx, id));
        if (!upload) throw notFound('the upload');
        const account = await findAccount(trx, body.accountId);
        if (!account) throw notFound('the account');
        if (upload.account_id === account.id) return upload;
        if (upload.status === 'received' || upload.status === 'parsing') {
          throw new ProblemError('conflict', 'the upload is still being read; move it once it is complete', [
            { path: 'id', message: upload.status },
          ]);
        }
        const foreign = (await uploadCurrencies(trx, id)).filter((c) => c !== account.currency.trim());
        if (foreign.length > 0) {
          throw new ProblemError(
            'conflict',
            `the upload's rows are in ${foreign.join(' and ')} and "${account.name}" holds ${account.currency.trim()}: an account holds one ` +
              `currency. If the rows' currency was guessed wrong, set it with PATCH /accounts/{id} on the account they are in now`,
            [{ path: 'accountId', message: 'another currency' }],
          );
        }
        try {
          await moveUploadRows(trx, userId, id, account.id);
        } catch (error) {
          if (error instanceof UploadMoveConflictError)
            throw new ProblemError('conflict', error.message, [{ path: 'accountId', message: 'rows already there' }]);
          throw error;
        }
        await setUploadAccount(trx, id, account.id, `moved here by you ("${account.name}")`);
        return findUpload(trx, id);
      });
      if (!row) throw notFound('the upload');
      return { status: 200, body: toUpload(row) };
    },
  }),
];
