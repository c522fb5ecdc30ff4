import { z } from 'zod';
import { findTransaction } from '../../../adapters/postgres/repositories/transactions';
import { withUser } from '../../../adapters/postgres/user-scope';
import { requireUuid } from '../pagination';
import { badRequest, notFound, ProblemError } from '../problem';
import { route } from '../route';
import { toTransaction, transactionSchema } from './transactions';

/**
 * Linking a transfer by hand: the two sides of a move between the person's own accounts that
 * detection did not pair (different texts, dates far apart, a fee taken on the way). The link
 * is locked, so later imports never undo it; `PATCH /transactions/{id}` with `transferId: null`
 * unlinks.
 */
export const transferRoutes = [
  route({
    method: 'POST',
    path: '/transfers',
    summary: 'Link two of the person’s transactions in different accounts as one transfer',
    body: z.object({ transactionIds: z.tuple([z.string(), z.string()]) }),
    responses: {
      201: { description: 'The linked transfer', schema: z.object({ transferId: z.uuid(), transactions: z.array(transactionSchema) }) },
      400: { description: 'The two cannot be one transfer, naming the field' },
      404: { description: 'Either transaction is not this person’s' },
      409: { description: 'Either side is already part of another transfer' },
    },
    handle: async ({ userId, body }, { db }) => {
      const ids = body.transactionIds.map((id, index) => requireUuid(id, `transactionIds[${index}]`));
      if (ids[0] === ids[1]) throw badRequest('a transfer needs two different transactions', [{ path: 'transactionIds[1]', message: 'same as transactionIds[0]' }]);
      const result = await withUser(db, userId, async (trx) => {
        const sides = [await findTransaction(trx, ids[0]), await findTransaction(trx, ids[1])];
        sides.forEach((side, index) => { if (!side || side.deleted_at) throw notFound(`transactionIds[${index}]`); });
        const [a, b] = sides as NonNullable<(typeof sides)[number]>[];
        if (a.account_id === b.account_id) throw badRequest('both transactions are in the same account', [{ path: 'transactionIds[1]', message: 'must be in another account' }]);
        if (Math.sign(a.amount) === Math.sign(b.amount)) throw badRequest('a transfer leaves one account and enters the other: the amounts must have opposite signs', [{ path: 'transactionIds[1]', message: 'same direction as transactionIds[0]' }]);
        if (a.currency.trim() !== b.currency.trim()) throw badRequest('the two sides are in different currencies; nothing is converted', [{ path: 'transactionIds[1]', message: `is ${b.currency.trim()}, not ${a.currency.trim()}` }]);
        for (const [index, side] of [a, b].entries()) {
          if (side.transfer_id) throw new ProblemError('conflict', `transactionIds[${index}] is already part of transfer ${side.transfer_id}: unlink it first`, [{ path: `transactionIds[${index}]`, message: 'already linked' }]);
        }
        const transferId = crypto.randomUUID();
        const rows = await trx.updateTable('transactions')
          .set({ transfer_id: transferId, transfer_locked: true, transfer_status: 'linked', category: 'Transfers', category_source: 'manual', confidence: 1, decided_by: 'person:transfer-link', updated_at: new Date() })
          .where('id', 'in', ids).returningAll().execute();
        return { transferId, transactions: ids.map((id) => toTransaction(rows.find((row) => row.id === id)!)) };
      });
      return { status: 201, body: result };
    },
  }),
];
