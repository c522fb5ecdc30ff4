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
  institutionCountry?: string | null;
  bankCode?: string | null;
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
      institution_country: account.institutionCountry ?? null,
      bank_code: account.bankCode ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The person's default account, made on first need in the given currency. */
export async function defaultAccount(trx: UserTransaction, userId: string, currency: string): Promise<AccountRow> {
  const existing = await trx.selectFrom('accounts').selectAll().where('is_default', '=', true).executeTakeFirst();
  if (existing) return existing;
  await ensureUser(trx, userId);
  const sameName = await findAccountByName(trx, DEFAULT_ACCOUNT_NAME);
  if (sameName) return sameName;
  return createAccount(trx, userId, { name: DEFAULT_ACCOUNT_NAME, kind: 'current', currency, isDefault: true });
}

/** Accounts at a bank, by its name or its code: the candidates a statement from it may belong to. */
export async function findAccountsAtBank(trx: UserTransaction, bank: { institution: string | null; bankCode: string | null }): Promise<AccountRow[]> {
  if (!bank.institution && !bank.bankCode) return [];
  return trx.selectFrom('accounts').selectAll()
    .where((eb) => eb.or([
      ...(bank.institution ? [eb(eb.fn('lower', ['institution']), '=', bank.institution.toLowerCase())] : []),
      ...(bank.bankCode ? [eb('bank_code', '=', bank.bankCode)] : []),
    ]))
    .orderBy('created_at').orderBy('id').limit(50).execute();
}

/** An account's sibling in another currency: same bank and number, that currency. */
export async function findSiblingInCurrency(trx: UserTransaction, of: AccountRow, currency: string): Promise<AccountRow | undefined> {
  let query = trx.selectFrom('accounts').selectAll().where('currency', '=', currency).where('id', '<>', of.id);
  query = of.institution === null ? query.where('institution', 'is', null) : query.where('institution', '=', of.institution);
  query = of.last4 === null ? query.where('last4', 'is', null) : query.where('last4', '=', of.last4);
  query = of.bank_code === null ? query : query.where((eb) => eb.or([eb('bank_code', '=', of.bank_code), eb('bank_code', 'is', null)]));
  if (of.institution === null && of.last4 === null) query = query.where('name', 'like', `${of.name.replace(/[%_\\]/g, '')} (%)`);
  return query.orderBy('created_at').executeTakeFirst();
}

/** The currencies an account's transactions are in, other than the account's own (at most a few). */
export async function otherCurrenciesIn(trx: UserTransaction, account: AccountRow): Promise<string[]> {
  const rows = await trx.selectFrom('transactions').select('currency').distinct()
    .where('account_id', '=', account.id).where('currency', '<>', account.currency).limit(10).execute();
  return rows.map((row) => row.currency.trim());
}

/**
 * Re-labels an account and its transactions (deleted ones' tombstones included) with another
 * currency: a correction of what the statement did not say, never a conversion.
 */
export async function relabelAccountCurrency(trx: UserTransaction, account: AccountRow, currency: string): Promise<number> {
  const moved = await trx.updateTable('transactions').set({ currency }).where('account_id', '=', account.id).executeTakeFirst();
  await trx.updateTable('accounts').set({ currency }).where('id', '=', account.id).execute();
  return Number(moved.numUpdatedRows ?? 0);
}
