import { sql } from 'kysely';
import { uuidV7 } from '../../core/import/uuid-v7';
import { detectTransfers } from '../../core/ledger/transfers';
import type { TransactionRow } from './repositories/transactions';
import type { UserTransaction } from './user-scope';

/** Past this many candidates the pairing waits for the nightly job rather than slow an import. */
const MAX_CANDIDATES = 50_000;
const WINDOW_DAYS = 7;
/** Candidates per read: about 175 bytes each as Data API JSON, so a page stays near 350 KB, under its 1 MiB. */
const CANDIDATE_PAGE = 2_000;

export interface TransferLinkResult {
  linked: number;
  otherSideMissing: number;
  skipped?: string;
}

/**
 * Finds transfers between the person's own accounts among the transactions near an
 * upload's dates, links both sides with one transfer_id and files them under Transfers (a
 * person's own category stays), and marks a transfer whose other side is not imported yet.
 * Links and unlinks made by hand are locked and never touched.
 */
export async function linkTransfers(trx: UserTransaction, window: { from: string; to: string }): Promise<TransferLinkResult> {
  const candidates = await readCandidates(trx, window);
  if (candidates.length > MAX_CANDIDATES) return { linked: 0, otherSideMissing: 0, skipped: `more than ${MAX_CANDIDATES} candidates` };

  const { pairs, unmatched } = detectTransfers(candidates.map((c) => ({
    id: c.id, accountId: c.account_id, date: c.date, amount: c.amount, currency: c.currency.trim(), description: c.description,
    transferId: c.transfer_id, transferLocked: c.transfer_locked,
  })));
  for (const pair of pairs) {
    const transferId = uuidV7();
    await trx.updateTable('transactions')
      .set((eb) => ({
        transfer_id: transferId,
        transfer_status: 'linked',
        category: eb.case().when('category_source', '=', 'manual').then(eb.ref('category')).else('Transfers').end(),
        category_source: eb.case().when('category_source', '=', 'manual').then(eb.ref('category_source')).else(sql<'rule'>`'rule'`).end(),
        decided_by: eb.case().when('category_source', '=', 'manual').then(eb.ref('decided_by')).else('transfer-detection').end(),
        confidence: eb.case().when('category_source', '=', 'manual').then(eb.ref('confidence')).else(pair.confidence).end(),
      }))
      .where('id', 'in', [pair.outId, pair.inId])
      .execute();
  }
  if (unmatched.length > 0) {
    await trx.updateTable('transactions').set({ transfer_status: 'other-side-missing' }).where('id', 'in', unmatched.map((u) => u.id)).execute();
  }
  return { linked: pairs.length, otherSideMissing: unmatched.length };
}

type Candidate = Pick<TransactionRow, 'id' | 'account_id' | 'date' | 'amount' | 'currency' | 'description' | 'transfer_id' | 'transfer_locked'>;

/**
 * The unlinked transactions near the window, read in keyset pages of (date, id): pairing needs
 * them all at once, but the Data API answers at most 1 MiB per query. Stops one past MAX_CANDIDATES.
 */
async function readCandidates(trx: UserTransaction, window: { from: string; to: string }): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  let after: { date: string; id: string } | null = null;
  while (candidates.length <= MAX_CANDIDATES) {
    let query = trx.selectFrom('transactions')
      .select(['id', 'account_id', 'date', 'amount', 'currency', 'description', 'transfer_id', 'transfer_locked'])
      .where('deleted_at', 'is', null)
      .where('transfer_locked', '=', false)
      .where('transfer_id', 'is', null)
      .where('date', '>=', sql<string>`${window.from}::date - ${WINDOW_DAYS}::int`)
      .where('date', '<=', sql<string>`${window.to}::date + ${WINDOW_DAYS}::int`);
    if (after) query = query.where(sql<boolean>`(date, id) > (${after.date}::date, ${after.id}::uuid)`);
    const page = await query.orderBy('date').orderBy('id').limit(Math.min(CANDIDATE_PAGE, MAX_CANDIDATES + 1 - candidates.length)).execute();
    candidates.push(...page);
    if (page.length < CANDIDATE_PAGE) break;
    const last = page[page.length - 1];
    after = { date: last.date, id: last.id };
  }
  return candidates;
}

/** The dates an upload's transactions span, for the transfer search. */
export async function uploadDateRange(trx: UserTransaction, uploadId: string): Promise<{ from: string; to: string } | null> {
  const row = await trx.selectFrom('transactions')
    .select([sql<string | null>`min(date)::text`.as('from'), sql<string | null>`max(date)::text`.as('to')])
    .where('upload_id', '=', uploadId)
    .executeTakeFirst();
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}
