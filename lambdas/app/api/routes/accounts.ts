import { z } from 'zod';
import { listAccounts, type AccountRow } from '../../../adapters/postgres/repositories/accounts';
import { withUser } from '../../../adapters/postgres/user-scope';
import { route } from '../route';

export const accountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['current', 'savings', 'credit_card', 'cash', 'loan', 'investment']),
  currency: z.string().length(3),
  institution: z.string().nullable(),
  last4: z.string().nullable(),
  openingBalance: z.number().int(),
  openingDate: z.string().nullable(),
  statedBalance: z.number().int().nullable(),
  statedBalanceDate: z.string().nullable(),
  isDefault: z.boolean(),
});

export function toAccount(row: AccountRow): z.infer<typeof accountSchema> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    currency: row.currency.trim(),
    institution: row.institution,
    last4: row.last4,
    openingBalance: row.opening_balance,
    openingDate: row.opening_date,
    statedBalance: row.stated_balance,
    statedBalanceDate: row.stated_balance_date,
    isDefault: row.is_default,
  };
}

export const accountRoutes = [
  route({
    method: 'GET',
    path: '/accounts',
    summary: "The person's accounts",
    responses: { 200: { description: 'Accounts', schema: z.object({ items: z.array(accountSchema), nextCursor: z.null() }) } },
    handle: async ({ userId }, { db }) => {
      const rows = await withUser(db, userId, (trx) => listAccounts(trx));
      return { status: 200, body: { items: rows.map(toAccount), nextCursor: null } };
    },
  }),
];
