import { z } from 'zod';
import { findTransaction, listTransactions, type TransactionRow } from '../../../adapters/postgres/repositories/transactions';
import { withUser } from '../../../adapters/postgres/user-scope';
import { decodeCursor, limitQuery, page, requireUuid } from '../pagination';
import { notFound } from '../problem';
import { route } from '../route';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

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
    splits: row.splits,
    notes: row.notes,
    tags: row.tags,
    balance: row.balance,
  };
}

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
    responses: { 200: { description: 'A page of transactions', schema: z.object({ items: z.array(transactionSchema), nextCursor: z.string().nullable() }) } },
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
    responses: { 200: { description: 'The transaction', schema: transactionSchema }, 404: { description: 'No such transaction of this person' } },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the transaction');
      const row = await withUser(db, userId, (trx) => findTransaction(trx, id));
      if (!row) throw notFound('the transaction');
      return { status: 200, body: toTransaction(row) };
    },
  }),
];
