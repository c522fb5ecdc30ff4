import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findAccount } from '../../../adapters/postgres/repositories/accounts';
import { createUpload, findUpload, listUploads, type UploadRow } from '../../../adapters/postgres/repositories/uploads';
import { ensureUser } from '../../../adapters/postgres/repositories/users';
import { fromJson, toIsoTimestamp } from '../../../adapters/postgres/schema';
import { withUser } from '../../../adapters/postgres/user-scope';
import { uploadObjectKey } from '../../../core/import/upload-key';
import { decodeCursor, limitQuery, page, requireUuid } from '../pagination';
import { notFound } from '../problem';
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
  mapping: z.record(z.string(), z.unknown()).optional(),
  contentType: z.string().max(100).optional(),
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
        schema: z.object({ uploadId: z.uuid(), uploadUrl: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.string() }),
      },
    },
    handle: async ({ userId, email, body }, { db, blobs, limits }) => {
      const uploadId = randomUUID();
      const objectKey = uploadObjectKey(userId, uploadId, body.filename);
      await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        if (body.accountId && !(await findAccount(trx, body.accountId))) throw notFound('the account');
        await createUpload(trx, { id: uploadId, userId, filename: body.filename, kind: body.kind, objectKey, accountId: body.accountId, mapping: body.mapping });
      });
      const url = await blobs.createUploadUrl(objectKey, {
        contentType: body.contentType, expiresInSeconds: limits.uploadUrlExpirySeconds, maxBytes: limits.maxUploadBytes,
      });
      return { status: 201, body: { uploadId, uploadUrl: url.url, method: url.method, headers: url.headers, expiresAt: url.expiresAt } };
    },
  }),
  route({
    method: 'GET',
    path: '/uploads',
    summary: "The person's uploads, newest first",
    query: z.object({ limit: limitQuery, cursor: z.string().optional() }),
    responses: { 200: { description: 'A page of uploads', schema: z.object({ items: z.array(uploadSchema), nextCursor: z.string().nullable() }) } },
    handle: async ({ userId, query }, { db }) => {
      const before = decodeCursor(query.cursor, z.object({ createdAt: z.string(), id: z.uuid() }));
      const rows = await withUser(db, userId, (trx) => listUploads(trx, { limit: query.limit, before }));
      return { status: 200, body: page(rows.map(toUpload), query.limit, (u) => ({ createdAt: u.createdAt, id: u.id })) };
    },
  }),
  route({
    method: 'GET',
    path: '/uploads/{id}',
    summary: "One upload's status, counts and row errors",
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The upload', schema: uploadSchema }, 404: { description: 'No such upload of this person' } },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the upload');
      const row = await withUser(db, userId, (trx) => findUpload(trx, id));
      if (!row) throw notFound('the upload');
      return { status: 200, body: toUpload(row) };
    },
  }),
];
