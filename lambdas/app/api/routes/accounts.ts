import { z } from 'zod';
import {
  accountTotals,
  createAccount,
  deleteAccount,
  findAccount,
  findAccountByName,
  listAccounts,
  otherCurrenciesIn,
  relabelAccountCurrency,
  updateAccount,
  type AccountRow,
  type AccountTotals,
} from '../../../adapters/postgres/repositories/accounts';
import { isIsoCurrencyCode } from '../../../core/statement/csv/currency-names';
import { ensureUser } from '../../../adapters/postgres/repositories/users';
import type { Db } from '../../../adapters/postgres/schema';
import { withUser } from '../../../adapters/postgres/user-scope';
import { ACCOUNT_KINDS } from '../../../core/ledger/net-worth';
import { requireUuid } from '../pagination';
import { ProblemError, notFound } from '../problem';
import { route } from '../route';
import { isoDate } from '../schemas';

const kind = z.enum(ACCOUNT_KINDS);

export const accountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind,
  currency: z.string().length(3),
  institution: z.string().nullable(),
  last4: z.string().nullable(),
  openingBalance: z.number().int(),
  openingDate: z.string().nullable(),
  balance: z.number().int().describe('opening balance plus every transaction, in minor units'),
  balanceAsOf: z.string().nullable(),
  statedBalance: z.number().int().nullable().describe('the latest balance a statement printed'),
  statedBalanceDate: z.string().nullable(),
  statedDifference: z.number().int().nullable().describe('statedBalance minus balance at that date; 0 when they agree'),
  isDefault: z.boolean(),
});

type AccountBody = z.infer<typeof accountSchema>;

export function toAccount(row: AccountRow, totals?: AccountTotals): AccountBody {
  const balance = row.opening_balance + (totals?.total ?? 0);
  const balanceAtStated =
    totals?.totalToStated === null || totals?.totalToStated === undefined
      ? null
      : row.opening_balance + totals.totalToStated;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    currency: row.currency.trim(),
    institution: row.institution,
    last4: row.last4,
    openingBalance: row.opening_balance,
    openingDate: row.opening_date,
    balance,
    balanceAsOf: totals?.lastDate ?? row.opening_date,
    statedBalance: row.stated_balance,
    statedBalanceDate: row.stated_balance_date,
    statedDifference:
      row.stated_balance === null || balanceAtStated === null ? null : row.stated_balance - balanceAtStated,
    isDefault: row.is_default,
  };
}

async function accountOrNotFound(db: Db, userId: string, rawId: string): Promise<AccountBody> {
  const id = requireUuid(rawId, 'the account');
  return withUser(db, userId, async (trx) => {
    const row = await findAccount(trx, id);
    if (!row) throw notFound('the account');
    return toAccount(row, (await accountTotals(trx, [row.id])).get(row.id));
  });
}

/** An account's fields as a person writes them; no defaults, so that a change names only what changes. */
const accountFields = z.object({
  name: z.string().trim().min(1).max(100),
  kind,
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'),
  institution: z.string().max(100).optional(),
  last4: z
    .string()
    .regex(/^\d{4}$/, 'expected the last four digits')
    .optional(),
  openingBalance: z.number().int(),
  openingDate: isoDate.optional(),
});

const newAccountBody = accountFields.extend({
  kind: kind.default('current'),
  openingBalance: z.number().int().default(0),
});

export const accountRoutes = [
  route({
    method: 'GET',
    path: '/accounts',
    summary: "The person's accounts with their balances",
    responses: {
      200: { description: 'Accounts', schema: z.object({ items: z.array(accountSchema), nextCursor: z.null() }) },
    },
    handle: async ({ userId }, { db }) => {
      const items = await withUser(db, userId, async (trx) => {
        const rows = await listAccounts(trx);
        const totals = await accountTotals(
          trx,
          rows.map((row) => row.id),
        );
        return rows.map((row) => toAccount(row, totals.get(row.id)));
      });
      return { status: 200, body: { items, nextCursor: null } };
    },
  }),
  route({
    method: 'POST',
    path: '/accounts',
    summary: 'Add an account',
    body: newAccountBody,
    responses: {
      201: { description: 'The account', schema: accountSchema },
      409: { description: 'An account of that name exists' },
    },
    handle: async ({ userId, email, body }, { db }) => {
      const row = await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        if (await findAccountByName(trx, body.name))
          throw new ProblemError('conflict', `an account named "${body.name}" exists`, [
            { path: 'name', message: 'already used' },
          ]);
        return createAccount(trx, userId, {
          ...body,
          institution: body.institution ?? null,
          last4: body.last4 ?? null,
          openingDate: body.openingDate ?? null,
        });
      });
      return { status: 201, body: toAccount(row) };
    },
  }),
  route({
    method: 'GET',
    path: '/accounts/{id}',
    summary: 'One account with its balance',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'The account', schema: accountSchema },
      404: { description: 'No such account of this person' },
    },
    handle: async ({ userId, params }, { db }) => ({
      status: 200,
      body: await accountOrNotFound(db, userId, params.id),
    }),
  }),
  route({
    method: 'PATCH',
    path: '/accounts/{id}',
    summary:
      'Rename an account or correct its details, opening balance or currency (its transactions are re-labelled, never converted)',
    params: z.object({ id: z.string() }),
    // From the fields without defaults: a default inside .partial() still fills an absent field, so
    // renaming an account used to reset its kind to current and its opening balance to 0.
    body: accountFields
      .partial()
      .extend({
        currency: z
          .string()
          .trim()
          .toUpperCase()
          .refine((code) => code.length === 3 && isIsoCurrencyCode(code), 'not an ISO 4217 currency code')
          .optional(),
      })
      .strict(),
    responses: {
      200: { description: 'The account', schema: accountSchema },
      404: { description: 'No such account of this person' },
      409: { description: 'The account holds transactions in another currency: move them first' },
    },
    handle: async ({ userId, params, body }, { db }) => {
      const id = requireUuid(params.id, 'the account');
      await withUser(db, userId, async (trx) => {
        const account = await findAccount(trx, id);
        if (!account) throw notFound('the account');
        if (body.currency !== undefined && body.currency !== account.currency.trim()) {
          const others = await otherCurrenciesIn(trx, account);
          if (others.length > 0) {
            throw new ProblemError(
              'conflict',
              `the account holds transactions in ${[account.currency.trim(), ...others].join(' and ')}; an account holds one ` +
                'currency, so move the other rows to their own account first (PATCH /uploads/{id} with accountId)',
              [{ path: 'currency', message: 'mixed currencies' }],
            );
          }
          await relabelAccountCurrency(trx, account, body.currency);
        }
        const { currency: _currency, ...changes } = body;
        await updateAccount(trx, id, changes);
      });
      return { status: 200, body: await accountOrNotFound(db, userId, id) };
    },
  }),
  route({
    method: 'DELETE',
    path: '/accounts/{id}',
    summary: 'Remove an account and its transactions',
    params: z.object({ id: z.string() }),
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such account of this person' } },
    handle: async ({ userId, params }, { db }) => {
      const id = requireUuid(params.id, 'the account');
      const deleted = await withUser(db, userId, (trx) => deleteAccount(trx, id));
      if (!deleted) throw notFound('the account');
      return { status: 204 };
    },
  }),
];
