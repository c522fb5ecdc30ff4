import { z } from 'zod';
import { PostgresImportStore } from '../../../adapters/postgres/postgres-import-store';
import { findColumnMapping } from '../../../adapters/postgres/repositories/column-mappings';
import { withUser } from '../../../adapters/postgres/user-scope';
import { redact } from '../../../core/redact/redact';
import { openStatement } from '../../../core/statement/open-statement';
import { headerSignature } from '../../../core/statement/csv/header-signature';
import { NotAStatementError, type StatementRow } from '../../../core/statement/types';
import { badRequest } from '../problem';
import { route } from '../route';
import { columnMappingSchema } from '../column-mapping-schema';

const PREVIEW_ROWS = 20;

const previewSchema = z.object({
  format: z.record(z.string(), z.unknown()),
  headerSignature: z.string().nullable(),
  rememberedMapping: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('the mapping this person confirmed for this header before'),
  rows: z.array(
    z.object({
      row: z.number().int(),
      date: z.string(),
      amount: z.number().int(),
      currency: z.string(),
      description: z.string(),
      balance: z.number().int().nullable(),
    }),
  ),
  skipped: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  errors: z.array(z.object({ row: z.number().int(), reason: z.string() })),
});

export const uploadPreviewRoutes = [
  route({
    method: 'POST',
    path: '/uploads/preview',
    summary: "What detection makes of a statement's first bytes, and its first rows as they would import",
    query: z.object({ filename: z.string().max(255).default('statement.csv'), mapping: z.string().optional() }),
    body: 'text',
    responses: { 200: { description: 'Detected format and first rows', schema: previewSchema } },
    handle: async ({ userId, query, rawBody, rawBytes }, { db }) => {
      // The bytes as sent, not their UTF-8 reading: the encoding is detected as the import detects it.
      const bytes = rawBytes ?? Buffer.from(rawBody);
      if (rawBody.trim() === '')
        throw badRequest('send the first bytes of a statement as the body', [{ path: 'body', message: 'empty' }]);
      let explicit: Record<string, unknown> | null = null;
      if (query.mapping) {
        try {
          explicit = JSON.parse(query.mapping) as Record<string, unknown>;
        } catch {
          throw badRequest('mapping is not JSON', [{ path: 'query.mapping', message: 'not JSON' }]);
        }
        const checked = columnMappingSchema.safeParse(explicit);
        if (!checked.success) {
          const errors = checked.error.issues.map((issue) => ({
            path: ['query.mapping', ...issue.path.map(String)].join('.'),
            message: issue.message,
          }));
          throw badRequest(`invalid mapping: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
        }
      }
      const person = await new PostgresImportStore(db).personConventions(userId);
      const open = (mapping: Record<string, unknown> | null) =>
        openStatement(
          (async function* () {
            yield bytes;
          })(),
          { filename: query.filename, mapping, person },
        );
      try {
        let opened = await open(explicit);
        const signature = headerSignature(opened.format);
        const remembered = signature ? await withUser(db, userId, (trx) => findColumnMapping(trx, signature)) : null;
        if (!explicit && remembered) opened = await open(remembered);
        const rows: (StatementRow & { balance: number | null })[] = [];
        const skipped: { row: number; reason: string }[] = [];
        const errors: { row: number; reason: string }[] = [];
        for await (const result of opened.rows) {
          if (result.kind === 'transaction')
            rows.push({
              ...result.value,
              description: redact(result.value.description),
              balance: result.value.balance ?? null,
            });
          else if (result.kind === 'skipped') skipped.push({ row: result.row, reason: result.reason });
          else errors.push({ row: result.row, reason: redact(result.reason) });
          if (rows.length >= PREVIEW_ROWS) break;
        }
        return {
          status: 200,
          body: {
            format: opened.format,
            headerSignature: signature,
            rememberedMapping: remembered,
            rows: rows.map(({ row, date, amount, currency, description, balance }) => ({
              row,
              date,
              amount,
              currency,
              description,
              balance,
            })),
            skipped: skipped.slice(0, PREVIEW_ROWS),
            errors: errors.slice(0, PREVIEW_ROWS),
          },
        };
      } catch (error) {
        if (error instanceof NotAStatementError)
          throw badRequest(error.message, [{ path: 'body', message: error.message }]);
        throw error;
      }
    },
  }),
];
