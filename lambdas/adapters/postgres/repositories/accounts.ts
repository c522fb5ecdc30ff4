import { sql, type Selectable } from 'kysely';
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
  return trx
    .selectFrom('accounts')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
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

/** The row a new account is inserted as: one shape for every way an account is made. */
function accountValues(userId: string, account: NewAccount) {
  return {
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
  };
}

export async function createAccount(trx: UserTransaction, userId: string, account: NewAccount): Promise<AccountRow> {
  return trx.insertInto('accounts').values(accountValues(userId, account)).returningAll().executeTakeFirstOrThrow();
}

/**
 * The account of this name, made if missing: an import that names its account (a drop-folder
 * sub-folder, a bank, an account number) may run twice at once, and both must end in one account.
 */
export async function createAccountOnce(
  trx: UserTransaction,
  userId: string,
  account: NewAccount,
): Promise<AccountRow> {
  await trx
    .insertInto('accounts')
    // Never the default account: that one is made by defaultAccount, race-free on its own index.
    .values(accountValues(userId, { ...account, isDefault: false }))
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
  await trx
    .insertInto('accounts')
    .values({
      user_id: userId,
      name: DEFAULT_ACCOUNT_NAME,
      kind: 'current',
      currency,
      institution: null,
      last4: null,
      opening_balance: 0,
      opening_date: null,
      stated_balance: null,
      stated_balance_date: null,
      is_default: true,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const made = await trx.selectFrom('accounts').selectAll().where('is_default', '=', true).executeTakeFirst();
  // A person who named an account "Main account" themselves before any default existed keeps it as the default's stand-in.
  return made ?? (await findAccountByName(trx, DEFAULT_ACCOUNT_NAME))!;
}

/** Accounts at a bank, by its name or its code: the candidates a statement from it may belong to. */
export async function findAccountsAtBank(
  trx: UserTransaction,
  bank: { institution: string | null; bankCode: string | null },
): Promise<AccountRow[]> {
  if (!bank.institution && !bank.bankCode) return [];
  return trx
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(bank.institution ? [eb(eb.fn('lower', ['institution']), '=', bank.institution.toLowerCase())] : []),
        ...(bank.bankCode ? [eb('bank_code', '=', bank.bankCode)] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(50)
    .execute();
}

/** An account's sibling in another currency: same bank and number, that currency. */
export async function findSiblingInCurrency(
  trx: UserTransaction,
  of: AccountRow,
  currency: string,
): Promise<AccountRow | undefined> {
  let query = trx.selectFrom('accounts').selectAll().where('currency', '=', currency).where('id', '<>', of.id);
  query =
    of.institution === null ? query.where('institution', 'is', null) : query.where('institution', '=', of.institution);
  query = of.last4 === null ? query.where('last4', 'is', null) : query.where('last4', '=', of.last4);
  query =
    of.bank_code === null
      ? query
      : query.where((eb) => eb.or([eb('bank_code', '=', of.bank_code), eb('bank_code', 'is', null)]));
  if (of.institution === null && of.last4 === null)
    query = query.where('name', 'like', `${of.name.replace(/[%_\\]/g, '')} (%)`);
  return query.orderBy('created_at').executeTakeFirst();
}

/** The currencies an account's transactions are in, other than the account's own (at most a few). */
export async function otherCurrenciesIn(trx: UserTransaction, account: AccountRow): Promise<string[]> {
  const rows = await trx
    .selectFrom('transactions')
    .select('currency')
    .distinct()
    .where('account_id', '=', account.id)
    .where('currency', '<>', account.currency)
    .limit(10)
    .execute();
  return rows.map((row) => row.currency.trim());
}

/**
 * Re-labels an account and its transactions (deleted ones' tombstones included) with another
 * currency: a correction of what the statement did not say, never a conversion.
 */
export async function relabelAccountCurrency(
  trx: UserTransaction,
  account: AccountRow,
  currency: string,
): Promise<number> {
  const moved = await trx
    .updateTable('transactions')
    .set({ currency })
    .where('account_id', '=', account.id)
    .executeTakeFirst();
  await trx.updateTable('accounts').set({ currency }).where('id', '=', account.id).execute();
  return Number(moved.numUpdatedRows ?? 0);
}

/** What an account's transactions add up to: the balance is its opening balance plus these. */
export interface AccountTotals {
  /** Every live transaction's amount, summed (minor units of the account's currency). */
  total: number;
  /** The latest transaction's date. */
  lastDate: string | null;
  /** The sum up to the statement's stated balance date, when the account has one. */
  totalToStated: number | null;
}

/** The totals of the given accounts, in one aggregate query. */
export async function accountTotals(
  trx: UserTransaction,
  accountIds: readonly string[],
): Promise<Map<string, AccountTotals>> {
  if (accountIds.length === 0) return new Map();
  // Whole months from the maintained aggregates (migration 200); only the days of the latest
  // month (its last date) and of a stated balance's month are read from the transactions.
  const rows = await sql<{
    account_id: string;
    total: number;
    last_date: string | null;
    total_to_stated: number | null;
  }>`
    select a.id as account_id,
      coalesce((select sum(m.received - m.spent) from monthly_aggregates m where m.account_id = a.id), 0)::bigint as total,
      (select max(t.date)::text from transactions t
        where t.user_id = a.user_id and t.account_id = a.id and t.deleted_at is null
          and t.date >= coalesce((select max(m.month) from monthly_aggregates m where m.account_id = a.id), '-infinity'::date)) as last_date,
      case when a.stated_balance_date is null then null else (
        coalesce((select sum(m.received - m.spent) from monthly_aggregates m
                   where m.account_id = a.id and m.month < date_trunc('month', a.stated_balance_date)), 0)
        + coalesce((select sum(t.amount) from transactions t
                   where t.user_id = a.user_id and t.account_id = a.id and t.deleted_at is null
                     and t.date between date_trunc('month', a.stated_balance_date) and a.stated_balance_date), 0))::bigint end as total_to_stated
    from accounts a
    where a.id in (${sql.join(accountIds.map((id) => sql`${id}::uuid`))})`.execute(trx);
  return new Map(
    rows.rows.map((r) => [
      r.account_id,
      {
        total: Number(r.total),
        lastDate: r.last_date,
        totalToStated: r.total_to_stated === null ? null : Number(r.total_to_stated),
      },
    ]),
  );
}

export type AccountChanges = Partial<
  Pick<NewAccount, 'name' | 'kind' | 'institution' | 'last4' | 'openingBalance' | 'openingDate'>
>;

/** Changes the given details of an account; false when the person has no such account. */
export async function updateAccount(trx: UserTransaction, id: string, changes: AccountChanges): Promise<boolean> {
  const set = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
    ...(changes.institution !== undefined ? { institution: changes.institution } : {}),
    ...(changes.last4 !== undefined ? { last4: changes.last4 } : {}),
    ...(changes.openingBalance !== undefined ? { opening_balance: changes.openingBalance } : {}),
    ...(changes.openingDate !== undefined ? { opening_date: changes.openingDate } : {}),
  };
  if (Object.keys(set).length === 0) return (await findAccount(trx, id)) !== undefined;
  const updated = await trx.updateTable('accounts').set(set).where('id', '=', id).executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Removes an account and (by cascade) its transactions; false when the person has no such account. */
export async function deleteAccount(trx: UserTransaction, id: string): Promise<boolean> {
  const deleted = await trx.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}

/** What each account gained or lost in each month up to the end of `toMonth` (YYYY-MM), summed in SQL. */
export async function monthlyMovements(
  trx: UserTransaction,
  toMonth: string,
): Promise<{ accountId: string; month: string; amount: number }[]> {
  // one row per account and month from the maintained aggregates (migration 200), not one per transaction
  const rows = await sql<{ account_id: string; month: string; amount: number }>`
    select account_id, to_char(month, 'YYYY-MM') as month, sum(received - spent)::bigint as amount
      from monthly_aggregates where month <= ${`${toMonth}-01`}::date
     group by 1, 2 order by 1, 2`.execute(trx);
  return rows.rows.map((row) => ({ accountId: row.account_id, month: row.month, amount: Number(row.amount) }));
}
