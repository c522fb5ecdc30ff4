import type { Selectable } from 'kysely';
import type { AccountsTable } from '../schema';
import type { UserTransaction } from '../user-scope';
import { ensureUser } from './users';

export type AccountRow = Selectable<AccountsTable>;
export type AccountKind = AccountsTable['kind'];

export const DEFAULT_ACCOUNT_NAME = 'Main account';

export async function listAccounts(trx: UserTransaction): Promise<AccountRow[]> {
  return trx.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function findAccount(trx: UserTransaction, id: string): Promise<AccountRow | undefined> {
  return trx.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAccountByName(trx: UserTransaction, name: string): Promise<AccountRow | undefined> {
  return trx.selectFrom('accounts').selectAll().where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
}

export async function findAccountsByLast4(trx: UserTransaction, last4: string): Promise<AccountRow[]> {
  return trx.selectFrom('accounts').selectAll().where('last4', '=', last4).execute();
}

export interface NewAccount {
  name: string;
  kind: AccountKind;
  currency: string;
  institution?: string | null;
  last4?: string | null;
  openingBalance?: number;
  openingDate?: string | null;
  isDefault?: boolean;
}

export async function createAccount(trx: UserTransaction, userId: string, account: NewAccount): Promise<AccountRow> {
  return trx
    .insertInto('accounts')
    .values({
      user_id: userId,
      name: account.name,
      kind: account.kind,
      currency: account.currency,
      institution: account.institution ?? null,
      last4: account.last4 ?? null,
      opening_balance: account.openingBalance ?? 0,
      opening_date: account.openingDate ?? null,
      stated_balance: null,
      stated_balance_date: null,
      is_default: account.isDefault ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The account of this name, made if missing: an import that names its account (a drop-folder
 * sub-folder, a bank, an account number) may run twice at once, and both must end in one account.
 */
export async function createAccountOnce(trx: UserTransaction, userId: string, account: NewAccount): Promise<AccountRow> {
  await trx
    .insertInto('accounts')
    .values({
      user_id: userId, name: account.name, kind: account.kind, currency: account.currency, institution: account.institution ?? null,
      last4: account.last4 ?? null, opening_balance: account.openingBalance ?? 0, opening_date: account.openingDate ?? null,
      stated_balance: null, stated_balance_date: null, is_default: false,
    })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
    .execute();
  return trx.selectFrom('accounts').selectAll().where('name', '=', account.name).executeTakeFirstOrThrow();
}

/**
 * The person's default account, made on first need in the given currency. One INSERT … ON
 * CONFLICT DO NOTHING, then a read: two first imports at once (two `POST /sms`) both end with
 * the one account, where a read-then-insert let the second fail on the unique index.
 */
export async function defaultAccount(trx: UserTransaction, userId: string, currency: string): Promise<AccountRow> {
  const existing = await trx.selectFrom('accounts').selectAll().where('is_default', '=', true).executeTakeFirst();
  if (existing) return existing;
  await ensureUser(trx, userId);
  await trx.insertInto('accounts')
    .values({
      user_id: userId, name: DEFAULT_ACCOUNT_NAME, kind: 'current', currency, institution: null, last4: null, opening_balance: 0,
      opening_date: null, stated_balance: null, stated_balance_date: null, is_default: true,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const made = await trx.selectFrom('accounts').selectAll().where('is_default', '=', true).executeTakeFirst();
  // A person who named an account "Main account" themselves before any default existed keeps it as the default's stand-in.
  return made ?? (await findAccountByName(trx, DEFAULT_ACCOUNT_NAME))!;
}
