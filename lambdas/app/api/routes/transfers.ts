import { z } from 'zod';
import { findTransaction } from '../../../adapters/postgres/repositories/transactions';
import { linkTransferByHand } from '../../../adapters/postgres/repositories/transfers';
import { withUser } from '../../../adapters/postgres/user-scope';
import { refuseTransferLink } from '../../../core/ledger/transfer-filing';
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
      201: {
        description: 'The linked transfer',
        schema: z.object({ transferId: z.uuid(), transactions: z.array(transactionSchema) }),
      },
      400: { description: 'The two cannot be one transfer, naming the field' },
      404: { description: 'Either transaction is not this person’s' },
      409: { description: 'Either side is already part of another transfer' },
    },
    handle: async ({ userId, body }, { db }) => {
      const ids = body.transactionIds.map((id, index) => requireUuid(id, `transactionIds[${index}]`));
      if (ids[0] === ids[1])
        throw badRequest('a transfer needs two different transactions', [
          { path: 'transactionIds[1]', message: 'same as transactionIds[0]' },
        ]);
      const result = await withUser(db, userId, async (trx) => {
        const sides = [await findTransaction(trx, ids[0]), await findTransaction(trx, ids[1])];
        sides.forEach((side, index) => {
          if (!side || side.deleted_at) throw notFound(`transactionIds[${index}]`);
        });
        const [a, b] = sides as NonNullable<(typeof sides)[number]>[];
        const side = (row: typeof a) => ({
          accountId: row.account_id,
          amount: row.amount,
          currency: row.currency.trim(),
          transferId: row.transfer_id,
        });
        const refusal = refuseTransferLink(side(a), side(b));
        if (refusal) {
          const field = [{ path: `transactionIds[${refusal.side}]`, message: refusal.detail }];
          throw refusal.kind === 'conflict'
            ? new ProblemError('conflict', refusal.message, field)
            : badRequest(refusal.message, field);
        }
        const transferId = crypto.randomUUID();
        const rows = await linkTransferByHand(trx, [ids[0], ids[1]], transferId);
        return { transferId, transactions: ids.map((id) => toTransaction(rows.find((row) => row.id === id)!)) };
      });
      return { status: 201, body: result };
    },
  }),
];
