import { sql } from 'kysely';
import type postgres from 'postgres';
import type {
  AccountChoice,
  AccountHint,
  ImportStore,
  NewTransaction,
  NewTransactionColumns,
  UploadCounts,
  UploadStatus,
} from '../../ports/import-store';
import type { PersonConventions } from '../../core/statement/statement-conventions';
import type { DetectedFormat } from '../../core/statement/types';
import {
  createAccountOnce,
  defaultAccount,
  findAccount,
  findAccountByName,
  findAccountsAtBank,
  findAccountsByLast4,
  findSiblingInCurrency,
  type AccountRow,
} from './repositories/accounts';
import { findColumnMapping, saveColumnMapping } from './repositories/column-mappings';
import { insertTransactionColumns, insertTransactions } from './repositories/transactions';
import { rowsOfColumns } from '../../core/import/transaction-columns';
import { copyTransactions } from './copy-transactions';
import { createUpload, findUpload, statusOnceRead } from './repositories/uploads';
import { ensureUser, readPersonSettings, writePersonSettings } from './repositories/users';
import { fromJson, jsonb, type Db } from './schema';
import { withUser, type UserTransaction } from './user-scope';

/** Used when nothing says which currency a person's first account is in. */
export const FALLBACK_CURRENCY = 'USD';

export class PostgresImportStore implements ImportStore {
  /**
   * @param arrayParameters true on postgres.js, false on the Data API (no array parameters).
   * @param copyClient the postgres.js client behind `db`, when there is one: new rows then go by
   *   COPY through a temporary staging table (copy-transactions.ts) rather than by INSERT.
   */
  constructor(
    private readonly db: Db,
    private readonly arrayParameters = true,
    private readonly copyClient?: postgres.Sql<Record<string, unknown>>,
  ) {}

  async beginUpload(
    userId: string,
    uploadId: string,
    details: { filename: string; objectKey: string; accountHint?: string | null },
  ) {
    return withUser(this.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const existing = await findUpload(trx, uploadId);
      if (!existing) {
        await createUpload(trx, { id: uploadId, userId, filename: details.filename, objectKey: details.objectKey });
      }
      await trx
        .updateTable('uploads')
        .set({ status: 'parsing', started_at: new Date(), failure_reason: null })
        .where('id', '=', uploadId)
        .where('status', 'in', ['received', 'parsing', 'failed'])
        .execute();
      return {
        previousStatus: (existing?.status ?? null) as UploadStatus | null,
        accountId: existing?.account_id ?? null,
        mapping: fromJson(existing?.mapping ?? null) as Record<string, unknown> | null,
      };
    });
  }

  async chooseAccount(userId: string, hint: AccountHint): Promise<AccountChoice> {
    return withUser(this.db, userId, async (trx) => {
      // One choice at a time per person: two first imports at once (three SMS, two statements of a
      // new card) must both find the account the first one made, not make a second by another name.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`accounts:${userId}`}, 0))`.execute(trx);
      const currency = hint.currency ?? FALLBACK_CURRENCY;
      const { account, reason } = await this.accountFor(trx, userId, hint, currency);
      if (!hint.currency || account.currency.trim() === hint.currency)
        return { accountId: account.id, currency: account.currency.trim(), reason };
      // An account holds one currency: rows in another go to its sibling in that currency.
      const sibling =
        (await findSiblingInCurrency(trx, account, hint.currency)) ??
        (await createAccountOnce(trx, userId, {
          name: await freeName(trx, `${account.name} (${hint.currency})`),
          kind: account.kind,
          currency: hint.currency,
          institution: account.institution,
          last4: account.last4,
          institutionCountry: account.institution_country,
          bankCode: account.bank_code,
        }));
      return {
        accountId: sibling.id,
        currency: sibling.currency.trim(),
        reason: `${reason}; it is in ${account.currency.trim()}, so the ${hint.currency} rows went to "${sibling.name}", in ${hint.currency}`,
      };
    });
  }

  private async accountFor(
    trx: UserTransaction,
    userId: string,
    hint: AccountHint,
    currency: string,
  ): Promise<{ account: AccountRow; reason: string }> {
    if (hint.accountId) {
      const account = await findAccount(trx, hint.accountId);
      if (account) return { account, reason: `the account chosen for this upload ("${account.name}")` };
    }
    const identity = {
      institution: hint.institution ?? null,
      country: hint.country ?? null,
      bankCode: hint.bankCode ?? null,
      last4: hint.last4 ?? null,
    };
    if (hint.accountName) {
      const named = await findAccountByName(trx, hint.accountName);
      if (named) return { account: named, reason: `the drop-folder sub-folder names the account "${named.name}"` };
      const created = await createAccountOnce(trx, userId, {
        name: hint.accountName,
        kind: 'current',
        currency,
        ...newIdentity(identity),
      });
      return { account: created, reason: `a new account named after the drop-folder sub-folder "${hint.accountName}"` };
    }
    if (hint.last4) {
      const matches = (await findAccountsByLast4(trx, hint.last4)).filter((account) => sameBank(account, identity));
      if (matches.length === 1)
        return {
          account: matches[0],
          reason: `the statement's account number ends in ${hint.last4}, like the account "${matches[0].name}"`,
        };
    }
    // A shared name is not enough: something of the bank or the account must match too, unless
    // neither side knows more than the name.
    const statementKnows = Boolean(identity.country || identity.bankCode || identity.last4);
    const atBank = (await findAccountsAtBank(trx, identity)).filter(
      (account) =>
        sameBank(account, identity) &&
        (likeness(account, identity, currency).matches > 0 ||
          (!statementKnows && !account.institution_country && !account.bank_code && !account.last4)),
    );
    if (atBank.length > 0) {
      const ranked = atBank
        .map((account) => ({ account, ...likeness(account, identity, currency) }))
        .sort((a, b) => b.score - a.score);
      const best = ranked[0];
      await fillIdentity(trx, best.account, identity);
      const why = `the statement comes from ${best.why.join(', ')}, like the account "${best.account.name}"`;
      if (ranked.length === 1) return { account: best.account, reason: why };
      return {
        account: best.account,
        reason: `${ranked.length} accounts could hold it (${ranked.map((r) => `"${r.account.name}"`).join(', ')}); chose "${best.account.name}": ${why}`,
      };
    }
    if (hint.institution || hint.last4 || hint.bankCode) {
      // A statement that names its bank or account number gets an account of its own rather than
      // mixing into another bank's or the default one: two banks must not share a balance.
      const base = hint.institution ?? 'Account';
      const sameName = hint.institution ? await findAccountByName(trx, base) : undefined;
      const withCountry = sameName && hint.country ? `${base} (${hint.country})` : base;
      const name = await freeName(trx, hint.last4 ? `${withCountry} ••${hint.last4}` : withCountry);
      const created = await createAccountOnce(trx, userId, {
        name,
        kind: 'current',
        currency,
        ...newIdentity(identity),
      });
      const what = hint.institution
        ? `the bank the statement comes from (${hint.institution}${hint.country ? `, ${hint.country}` : ''})`
        : `the statement's account number ending in ${hint.last4}`;
      const notMixed = sameName
        ? `; "${sameName.name}" is another bank (${describeBank(sameName)}), so it was not mixed in`
        : '';
      return { account: created, reason: `a new account for ${what}${notMixed}` };
    }
    const fallback = await defaultAccount(trx, userId, currency);
    return { account: fallback, reason: 'no account was named and the statement names none: the default account' };
  }

  async personConventions(userId: string): Promise<PersonConventions | null> {
    return withUser(this.db, userId, async (trx) => {
      const settings = await readPersonSettings(trx);
      if (!settings.country && !settings.currency && !settings.locale) return null;
      return {
        country: settings.country,
        currency: settings.currency,
        locale: settings.locale,
        learned: settings.source === 'learned',
      };
    });
  }

  async learnConventions(userId: string, learned: { country: string | null; currency: string | null }): Promise<void> {
    if (!learned.country && !learned.currency) return;
    await withUser(this.db, userId, (trx) => writePersonSettings(trx, userId, learned, 'learned'));
  }

  async insertTransactions(userId: string, rows: readonly NewTransaction[]) {
    if (this.copyClient) return { insertedIds: await copyTransactions(this.copyClient, userId, rows) };
    const insertedIds = await withUser(this.db, userId, (trx) =>
      insertTransactions(trx, userId, rows, { arrays: this.arrayParameters }),
    );
    return { insertedIds };
  }

  async insertTransactionColumns(userId: string, columns: NewTransactionColumns) {
    if (this.copyClient || !this.arrayParameters) {
      // Rows would go in undecided and, counted as decided by the import, never be queued.
      if (columns.decisions) throw new Error('categories decided before the insert need array parameters');
      return this.insertTransactions(userId, rowsOfColumns(columns));
    }
    const insertedIds = await withUser(this.db, userId, (trx) => insertTransactionColumns(trx, userId, columns));
    return { insertedIds };
  }

  async recordProgress(
    userId: string,
    uploadId: string,
    update: { status?: UploadStatus; counts: UploadCounts; format?: DetectedFormat; account?: AccountChoice },
  ) {
    await withUser(this.db, userId, async (trx) => {
      await trx
        .updateTable('uploads')
        .set({
          ...(update.status ? { status: update.status } : {}),
          rows_read: update.counts.rowsRead,
          imported: update.counts.imported,
          duplicates: update.counts.duplicates,
          rejected: update.counts.rejected,
          ...(update.format ? { format: jsonb(update.format) } : {}),
          ...(update.account ? { account_id: update.account.accountId, account_reason: update.account.reason } : {}),
        })
        .where('id', '=', uploadId)
        .execute();
    });
  }

  async rememberedMapping(userId: string, headerSignature: string) {
    return withUser(this.db, userId, (trx) => findColumnMapping(trx, headerSignature));
  }

  async rememberMapping(userId: string, headerSignature: string, mapping: Record<string, unknown>) {
    await withUser(this.db, userId, (trx) => saveColumnMapping(trx, userId, headerSignature, mapping));
  }

  async undecidedTransactionIds(userId: string, uploadId: string, page: { after: string | null; limit: number }) {
    return withUser(this.db, userId, async (trx) => {
      let query = trx
        .selectFrom('transactions')
        .select('id')
        .where('upload_id', '=', uploadId)
        .where('category', 'is', null)
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .limit(page.limit);
      if (page.after) query = query.where('id', '>', page.after);
      return (await query.execute()).map((row) => row.id);
    });
  }

  async finishUpload(
    userId: string,
    uploadId: string,
    outcome: Parameters<ImportStore['finishUpload']>[2],
  ): Promise<UploadStatus> {
    return withUser(this.db, userId, async (trx) => {
      // The categoriser may already have decided every row while the file was still being
      // read (its messages go out during the import): then the upload is complete at once.
      const categorising = outcome.status === 'categorising';
      const upload = await trx
        .updateTable('uploads')
        .set({
          status: categorising ? statusOnceRead : outcome.status,
          rows_read: outcome.counts.rowsRead,
          imported: outcome.counts.imported,
          duplicates: outcome.counts.duplicates,
          rejected: outcome.counts.rejected,
          errors: jsonb(outcome.errors),
          warnings: jsonb(outcome.warnings ?? []),
          failure_reason: outcome.failureReason ?? null,
          ...(outcome.format ? { format: jsonb(outcome.format) } : {}),
          completed_at: categorising ? sql<Date | null>`case when undecided <= 0 then now() end` : new Date(),
        })
        .where('id', '=', uploadId)
        .returning(['account_id', 'status'])
        .executeTakeFirst();
      if (outcome.statedBalance && upload?.account_id) {
        const { amount, date } = outcome.statedBalance;
        await trx
          .updateTable('accounts')
          .set({ stated_balance: amount, stated_balance_date: date })
          .where('id', '=', upload.account_id)
          .where((eb) => eb.or([eb('stated_balance_date', 'is', null), eb('stated_balance_date', '<=', date)]))
          .execute();
      }
      return (upload?.status ?? outcome.status) as UploadStatus;
    });
  }
}

interface Identity {
  institution: string | null;
  country: string | null;
  bankCode: string | null;
  last4: string | null;
}

/** Whether an account can be at the statement's bank: nothing known of both differs. */
function sameBank(account: AccountRow, identity: Identity): boolean {
  const differs = (a: string | null, b: string | null) =>
    a !== null && b !== null && a.trim().toLowerCase() !== b.trim().toLowerCase();
  return (
    !differs(account.institution_country, identity.country) &&
    !differs(account.bank_code, identity.bankCode) &&
    !differs(account.last4, identity.last4) &&
    !differs(account.institution, identity.institution)
  );
}

/** How much an account is like the statement's, and the words for why. */
function likeness(
  account: AccountRow,
  identity: Identity,
  currency: string,
): { score: number; matches: number; why: string[] } {
  const why: string[] = [];
  let score = 0;
  if (identity.bankCode && account.bank_code === identity.bankCode) {
    score += 8;
    why.push(`the same bank code (${identity.bankCode})`);
  }
  if (identity.last4 && account.last4 === identity.last4) {
    score += 4;
    why.push(`an account number ending in ${identity.last4}`);
  }
  if (identity.country && account.institution_country === identity.country) {
    score += 2;
    why.push(`a bank in ${identity.country}`);
  }
  if (identity.institution && account.institution?.toLowerCase() === identity.institution.toLowerCase()) {
    score += 1;
    why.unshift(identity.institution);
  }
  const matches = why.length - (why[0] === identity.institution ? 1 : 0);
  if (account.currency.trim() === currency) score += 1;
  return { score, matches, why: why.length > 0 ? why : ['the same bank'] };
}

function newIdentity(identity: Identity) {
  return {
    institution: identity.institution,
    last4: identity.last4,
    institutionCountry: identity.country,
    bankCode: identity.bankCode,
  };
}

function describeBank(account: AccountRow): string {
  return [account.institution, account.institution_country, account.bank_code].filter(Boolean).join(', ') || 'unknown';
}

/** Fills in what an existing account did not know of its bank (accounts made before it was recorded). */
async function fillIdentity(trx: UserTransaction, account: AccountRow, identity: Identity): Promise<void> {
  if ((account.institution_country || !identity.country) && (account.bank_code || !identity.bankCode)) return;
  await trx
    .updateTable('accounts')
    .set({
      institution_country: account.institution_country ?? identity.country,
      bank_code: account.bank_code ?? identity.bankCode,
    })
    .where('id', '=', account.id)
    .execute();
}

/** A name no account of the person has yet: `ING (AT)`, then `ING (AT) 2`. */
async function freeName(trx: UserTransaction, name: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name} ${n}`;
    if (!(await findAccountByName(trx, candidate))) return candidate;
  }
}
