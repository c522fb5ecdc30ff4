import { sql } from 'kysely';
import type postgres from 'postgres';
import type { AccountChoice, ImportStore, NewTransaction, UploadCounts, UploadStatus } from '../../ports/import-store';
import type { DetectedFormat } from '../../core/statement/types';
import { createAccount, defaultAccount, findAccount, findAccountByName, findAccountsByLast4 } from './repositories/accounts';
import { findColumnMapping, saveColumnMapping } from './repositories/column-mappings';
import { insertTransactions } from './repositories/transactions';
import { copyTransactions } from './copy-transactions';
import { createUpload, findUpload, statusOnceRead } from './repositories/uploads';
import { ensureUser } from './repositories/users';
import { fromJson, jsonb, type Db } from './schema';
import { withUser } from './user-scope';

/** Used when nothing says which currency a person's first account is in. */
export const FALLBACK_CURRENCY = 'USD';

export class PostgresImportStore implements ImportStore {
  /**
   * @param arrayParameters true on postgres.js, false on the Data API (no array parameters).
   * @param copyClient the postgres.js client behind `db`, when there is one: new rows then go by
   *   COPY through a temporary staging table (copy-transactions.ts) rather than by INSERT.
   */
  constructor(private readonly db: Db, private readonly arrayParameters = true, private readonly copyClient?: postgres.Sql<Record<string, unknown>>) {}

  async beginUpload(userId: string, uploadId: string, details: { filename: string; objectKey: string; accountHint?: string | null }) {
    return withUser(this.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const existing = await findUpload(trx, uploadId);
      if (!existing) {
        await createUpload(trx, { id: uploadId, userId, filename: details.filename, objectKey: details.objectKey });
      }
      await trx.updateTable('uploads').set({ status: 'parsing', started_at: new Date(), failure_reason: null })
        .where('id', '=', uploadId).where('status', 'in', ['received', 'parsing', 'failed']).execute();
      return {
        previousStatus: (existing?.status ?? null) as UploadStatus | null,
        accountId: existing?.account_id ?? null,
        mapping: fromJson(existing?.mapping ?? null) as Record<string, unknown> | null,
      };
    });
  }

  async chooseAccount(userId: string, hint: { accountId?: string | null; accountName?: string | null; last4?: string | null; institution?: string | null; currency?: string | null }): Promise<AccountChoice> {
    return withUser(this.db, userId, async (trx) => {
      const currency = hint.currency ?? FALLBACK_CURRENCY;
      const choice = (row: { id: string; currency: string }, reason: string): AccountChoice => ({ accountId: row.id, currency: row.currency.trim(), reason });
      if (hint.accountId) {
        const account = await findAccount(trx, hint.accountId);
        if (account) return choice(account, `the account chosen for this upload ("${account.name}")`);
      }
      if (hint.accountName) {
        const named = await findAccountByName(trx, hint.accountName);
        if (named) return choice(named, `the drop-folder sub-folder names the account "${named.name}"`);
        const created = await createAccount(trx, userId, { name: hint.accountName, kind: 'current', currency, institution: hint.institution ?? null, last4: hint.last4 ?? null });
        return choice(created, `a new account named after the drop-folder sub-folder "${hint.accountName}"`);
      }
      if (hint.last4) {
        const matches = await findAccountsByLast4(trx, hint.last4);
        if (matches.length === 1) return choice(matches[0], `the statement's account number ends in ${hint.last4}, like the account "${matches[0].name}"`);
      }
      if (hint.institution) {
        const name = hint.last4 ? `${hint.institution} ••${hint.last4}` : hint.institution;
        const existing = await findAccountByName(trx, name);
        if (existing) return choice(existing, `the statement comes from ${hint.institution}, like the account "${existing.name}"`);
        const created = await createAccount(trx, userId, { name, kind: 'current', currency, institution: hint.institution, last4: hint.last4 ?? null });
        return choice(created, `a new account named after the bank the statement comes from (${hint.institution})`);
      }
      if (hint.last4) {
        // A statement that names its account number gets an account of its own rather than
        // mixing into the default one: two cards' statements must not share a balance.
        const name = `Account ••${hint.last4}`;
        const existing = await findAccountByName(trx, name);
        if (existing) return choice(existing, `the statement's account number ends in ${hint.last4}, like the account "${existing.name}"`);
        const created = await createAccount(trx, userId, { name, kind: 'current', currency, institution: null, last4: hint.last4 });
        return choice(created, `a new account for the statement's account number ending in ${hint.last4}`);
      }
      const fallback = await defaultAccount(trx, userId, currency);
      return choice(fallback, 'no account was named and the statement names none: the default account');
    });
  }

  async insertTransactions(userId: string, rows: readonly NewTransaction[]) {
    if (this.copyClient) return { insertedIds: await copyTransactions(this.copyClient, userId, rows) };
    const insertedIds = await withUser(this.db, userId, (trx) => insertTransactions(trx, userId, rows, { arrays: this.arrayParameters }));
    return { insertedIds };
  }

  async recordProgress(userId: string, uploadId: string, update: { status?: UploadStatus; counts: UploadCounts; format?: DetectedFormat; account?: AccountChoice }) {
    await withUser(this.db, userId, async (trx) => {
      await trx.updateTable('uploads').set({
        ...(update.status ? { status: update.status } : {}),
        rows_read: update.counts.rowsRead,
        imported: update.counts.imported,
        duplicates: update.counts.duplicates,
        rejected: update.counts.rejected,
        ...(update.format ? { format: jsonb(update.format) } : {}),
        ...(update.account ? { account_id: update.account.accountId, account_reason: update.account.reason } : {}),
      }).where('id', '=', uploadId).execute();
    });
  }

  async rememberedMapping(userId: string, headerSignature: string) {
    return withUser(this.db, userId, (trx) => findColumnMapping(trx, headerSignature));
  }

  async rememberMapping(userId: string, headerSignature: string, mapping: Record<string, unknown>) {
    await withUser(this.db, userId, (trx) => saveColumnMapping(trx, userId, headerSignature, mapping));
  }

  async finishUpload(userId: string, uploadId: string, outcome: Parameters<ImportStore['finishUpload']>[2]) {
    await withUser(this.db, userId, async (trx) => {
      // The categoriser may already have decided every row while the file was still being
      // read (its messages go out during the import): then the upload is complete at once.
      const categorising = outcome.status === 'categorising';
      const upload = await trx.updateTable('uploads').set({
        status: categorising ? statusOnceRead : outcome.status,
        rows_read: outcome.counts.rowsRead,
        imported: outcome.counts.imported,
        duplicates: outcome.counts.duplicates,
        rejected: outcome.counts.rejected,
        errors: jsonb(outcome.errors),
        warnings: jsonb(outcome.warnings ?? []),
        failure_reason: outcome.failureReason ?? null,
        completed_at: categorising ? sql`case when undecided <= 0 then now() end` : new Date(),
      }).where('id', '=', uploadId).returning('account_id').executeTakeFirst();
      if (outcome.statedBalance && upload?.account_id) {
        const { amount, date } = outcome.statedBalance;
        await trx.updateTable('accounts').set({ stated_balance: amount, stated_balance_date: date })
          .where('id', '=', upload.account_id)
          .where((eb) => eb.or([eb('stated_balance_date', 'is', null), eb('stated_balance_date', '<=', date)]))
          .execute();
      }
    });
  }
}
