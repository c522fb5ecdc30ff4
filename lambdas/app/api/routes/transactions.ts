import { z } from 'zod';
import { findAccount } from '../../../adapters/postgres/repositories/accounts';
import {
  annotateTransaction,
  findTransaction,
  insertManualTransaction,
  listTransactions,
  removeTransaction,
  type TransactionRow,
} from '../../../adapters/postgres/repositories/transactions';
import { unlinkTransfer } from '../../../adapters/postgres/repositories/transfers';
import { uploadsCompletedInThisTransaction } from '../../../adapters/postgres/repositories/uploads';
import { fromJson } from '../../../adapters/postgres/schema';
import { withUser } from '../../../adapters/postgres/user-scope';
import { uuidV7 } from '../../../core/import/uuid-v7';
import { redact } from '../../../core/redact/redact';
import { decodeCursor, limitQuery, page, requireUuid } from '../pagination';
import { removedOutright } from '../../../core/ledger/manual-entry';
import { validateSplits } from '../../../core/ledger/splits';
import { badRequest, notFound } from '../problem';
import { route } from '../route';
import { knowledgeOf } from '../knowledge-of';
import { recordCategoryChoice, tieredCategorisation, type CorrectionResult } from '../../tiered-categorisation';
import { queueForecastsOfCompletedUploads } from '../../forecast-completed-uploads';
import { ruleSchema } from './categorisation';
import { isoDate } from '../schemas';

export const transactionSchema = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  date: isoDate,
  amount: z.number().int().describe('signed minor units; negative = money out'),
  currency: z.string().length(3),
  description: z.string(),
  merchant: z.string().nullable(),
  category: z.string().nullable(),
  categorySource: z.enum(['rule', 'model', 'llm', 'manual']).nullable(),
  confidence: z.number().nullable(),
  decidedBy: z.string().nullable(),
  uploadId: z.uuid().nullable(),
  transferId: z.uuid().nullable(),
  splits: z.array(z.object({ category: z.string(), amount: z.number().int() })).nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  balance: z.number().int().nullable(),
});

export function toTransaction(row: TransactionRow): z.infer<typeof transactionSchema> {
  return {
    id: row.id,
    accountId: row.account_id,
    date: row.date,
    amount: row.amount,
    currency: row.currency.trim(),
    description: row.description,
    merchant: row.merchant,
    category: row.category,
    categorySource: row.category_source,
    confidence: row.confidence,
    decidedBy: row.decided_by,
    uploadId: row.upload_id,
    transferId: row.transfer_id,
    splits: fromJson(row.splits),
    notes: row.notes,
    tags: row.tags,
    balance: row.balance,
  };
}

const tags = z.array(z.string().trim().min(1).max(50)).max(20);

export const transactionRoutes = [
  route({
    method: 'GET',
    path: '/transactions',
    summary: "The person's transactions, newest first, with filters",
    query: z.object({
      from: isoDate.optional(),
      to: isoDate.optional(),
      accountId: z.uuid().optional(),
      category: z.string().optional(),
      q: z.string().max(200).optional(),
      uploadId: z.uuid().optional(),
      limit: limitQuery,
      cursor: z.string().optional(),
    }),
    responses: {
      200: {
        description: 'A page of transactions',
        schema: z.object({ items: z.array(transactionSchema), nextCursor: z.string().nullable() }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const after = decodeCursor(query.cursor, z.object({ date: isoDate, id: z.uuid() }));
      const rows = await withUser(db, userId, (trx) => listTransactions(trx, { ...query, after }));
      return { status: 200, body: page(rows.map(toTransaction), query.limit, (t) => ({ date: t.date, id: t.id })) };
    },
  }),
  route({
    method: 'GET',
    path: '/transactions/{id}',
    summary: 'One transaction',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'The transaction', schema: transactionSchema },
      404: { description: 'No such transaction of this person' },
    },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the transaction');
      const row = await withUser(db, userId, (trx) => findTransaction(trx, id));
      if (!row) throw notFound('the transaction');
      return { status: 200, body: toTransaction(row) };
    },
  }),
  route({
    method: 'POST',
    path: '/transactions',
    summary:
      'Add a transaction by hand (cash, or anything no statement shows); without a category it is categorised as an imported one is',
    body: z.object({
      accountId: z.uuid(),
      date: isoDate,
      amount: z
        .number()
        .int()
        .refine((n) => n !== 0, 'an amount of 0 moves no money'),
      description: z.string().trim().min(1).max(500),
      category: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe(
          'the person’s own category, learned as a correction is; without one the entry is categorised as an imported one is',
        ),
      applyToSimilar: z
        .boolean()
        .optional()
        .describe('give the category to the merchant’s other transactions nobody set by hand; default true'),
      notes: z.string().max(2000).optional(),
      tags: tags.optional(),
    }),
    responses: {
      201: { description: 'The transaction, categorised', schema: transactionSchema },
      404: { description: 'No such account of this person' },
    },
    handle: async ({ userId, body }, ctx) => {
      const id = uuidV7();
      let unsure = false;
      let completedUploads: string[] = [];
      const row = await withUser(ctx.db, userId, async (trx) => {
        const account = await findAccount(trx, body.accountId);
        if (!account) throw notFound('the account');
        const inserted = await insertManualTransaction(trx, userId, {
          id,
          accountId: account.id,
          date: body.date,
          amount: body.amount,
          currency: account.currency.trim(),
          // Typed text is redacted like imported text: people paste card numbers, IBANs and e-mails.
          description: redact(body.description),
          // Categorised below, by the person's word or as an imported row is.
          category: null,
          notes: body.notes === undefined ? null : redact(body.notes),
          tags: (body.tags ?? []).map(redact),
        });
        if (body.category) {
          // The person's own word, as a correction of a PATCH is: learned, and given to the merchant's others unless asked not to.
          const learning = { applyToSimilar: body.applyToSimilar ?? true, knowledge: knowledgeOf(ctx) };
          await recordCategoryChoice(trx, userId, inserted, body.category, learning);
          // Given to the merchant's others, it may decide an upload's last rows.
          completedUploads = await uploadsCompletedInThisTransaction(trx);
        } else {
          // Decided as an imported row is, by the same service: tiers 1–2 now, tier 3 by the categoriser when unsure.
          const person = await tieredCategorisation({ knowledge: knowledgeOf(ctx), languageModel: null }).forPerson(
            trx,
            userId,
          );
          unsure = (await person.decideAndWrite([inserted])).unsure.length > 0;
        }
        return (await findTransaction(trx, id))!;
      });
      if (unsure) await ctx.categoriseQueue.send([{ version: 1, userId, uploadId: null, transactionIds: [id] }]);
      await queueForecastsOfCompletedUploads(ctx.forecastQueue, userId, completedUploads);
      return { status: 201, body: toTransaction(row) };
    },
  }),
  route({
    method: 'PATCH',
    path: '/transactions/{id}',
    summary: "Correct a transaction's category, split it across categories, add notes or tags, or unlink a transfer",
    params: z.object({ id: z.string() }),
    body: z.object({
      category: z.string().trim().min(1).max(100).optional(),
      applyToSimilar: z
        .boolean()
        .optional()
        .describe('give the category to the merchant’s other transactions nobody set by hand; default true'),
      notes: z.string().max(2000).nullable().optional(),
      tags: tags.optional(),
      splits: z
        .array(z.object({ category: z.string().max(100), amount: z.number().int() }))
        .max(20)
        .nullable()
        .optional(),
      transferId: z.null().optional(),
    }),
    responses: {
      200: {
        description: 'The transaction after the change',
        schema: z.object({
          transaction: transactionSchema,
          rule: ruleSchema.nullable().describe('the rule learned from this correction'),
          updatedCount: z.number().int(),
        }),
      },
      400: { description: 'Splits that do not add up, naming the field' },
      404: { description: 'No such transaction of this person' },
    },
    handle: async ({ userId, params, body }, ctx) => {
      const { db, categoriseQueue, forecastQueue } = ctx;
      const id = requireUuid(params.id, 'the transaction');
      let unlinked: string[] = [];
      let learned: CorrectionResult = { rule: null, updatedCount: 1 };
      let completedUploads: string[] = [];
      const row = await withUser(db, userId, async (trx) => {
        const current = await findTransaction(trx, id);
        if (!current) throw notFound('the transaction');
        if (body.splits) {
          const check = validateSplits(current.amount, body.splits);
          if (!check.ok)
            throw badRequest(
              `the splits do not fit the transaction: ${check.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
              check.errors,
            );
        }
        if (body.transferId === null && current.transfer_id) {
          // Unlinked by hand: both sides leave the transfer for good and are categorised
          // again, and later imports never link them back.
          unlinked = await unlinkTransfer(trx, current.transfer_id);
        }
        if (body.category !== undefined) {
          learned = await recordCategoryChoice(trx, userId, current, body.category, {
            applyToSimilar: body.applyToSimilar ?? true,
            knowledge: knowledgeOf(ctx),
          });
        }
        const annotated = await annotateTransaction(trx, id, {
          notes: body.notes === undefined || body.notes === null ? body.notes : redact(body.notes),
          tags: body.tags?.map(redact),
          splits: body.splits,
        });
        if (body.category !== undefined) completedUploads = await uploadsCompletedInThisTransaction(trx);
        return annotated;
      });
      if (unlinked.length > 0)
        await categoriseQueue.send([{ version: 1, userId, uploadId: null, transactionIds: unlinked }]);
      await queueForecastsOfCompletedUploads(forecastQueue, userId, completedUploads);
      return {
        status: 200,
        body: { transaction: toTransaction(row), rule: learned.rule, updatedCount: learned.updatedCount },
      };
    },
  }),
  route({
    method: 'DELETE',
    path: '/transactions/{id}',
    summary: 'Remove a transaction; an imported one stays as a tombstone so a re-import skips it',
    params: z.object({ id: z.string() }),
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such transaction of this person' } },
    handle: async ({ userId, params }, { db, forecastQueue }) => {
      const id = requireUuid(params.id, 'the transaction');
      const completedUploads = await withUser(db, userId, async (trx) => {
        const row = await findTransaction(trx, id);
        if (!row) return null;
        await removeTransaction(trx, id, {
          outright: removedOutright({ uploadId: row.upload_id, fingerprint: row.fingerprint }),
        });
        // Deleting an upload's last undecided row completes it.
        return row.upload_id ? uploadsCompletedInThisTransaction(trx) : [];
      });
      if (!completedUploads) throw notFound('the transaction');
      await queueForecastsOfCompletedUploads(forecastQueue, userId, completedUploads);
      return { status: 204 };
    },
  }),
];
