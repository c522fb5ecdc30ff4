import { sql } from 'kysely';
import { uuidV7 } from '../../../core/import/uuid-v7';
import {
  detectedTransferFiling,
  HAND_LINKED_TRANSFER_FILING,
  loseFilingOnUnlink,
  type Filing,
} from '../../../core/ledger/transfer-filing';
import { detectTransfers } from '../../../core/ledger/transfers';
import type { UserTransaction } from '../user-scope';
import type { TransactionRow } from './transactions';

/** Past this many candidates the pairing waits for the nightly job rather than slow an import. */
const MAX_CANDIDATES = 50_000;
const WINDOW_DAYS = 7;
/** Candidates per read: about 190 bytes each as Data API JSON, so a page stays near 380 KB, under its 1 MiB. */
const CANDIDATE_PAGE = 2_000;

export interface TransferLinkResult {
  linked: number;
  otherSideMissing: number;
  skipped?: string;
}

const filingColumns = (filing: Filing) => ({
  category: filing.category,
  category_source: filing.categorySource,
  confidence: filing.confidence,
  decided_by: filing.decidedBy,
});

type Candidate = Pick<
  TransactionRow,
  | 'id'
  | 'account_id'
  | 'date'
  | 'amount'
  | 'currency'
  | 'description'
  | 'transfer_id'
  | 'transfer_locked'
  | 'category_source'
>;

/**
 * The unlinked transactions near the window, read in keyset pages of (date, id): pairing needs
 * them all at once, but the Data API answers at most 1 MiB per query (a year of 7,000
 * transactions is ~1.2 MB). Stops one past MAX_CANDIDATES.
 */
async function readCandidates(trx: UserTransaction, window: { from: string; to: string }): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  let after: { date: string; id: string } | null = null;
  while (candidates.length <= MAX_CANDIDATES) {
    let query = trx
      .selectFrom('transactions')
      .select([
        'id',
        'account_id',
        'date',
        'amount',
        'currency',
        'description',
        'transfer_id',
        'transfer_locked',
        'category_source',
      ])
      .where('deleted_at', 'is', null)
      .where('transfer_locked', '=', false)
      .where('transfer_id', 'is', null)
      .where('date', '>=', sql<string>`${window.from}::date - ${WINDOW_DAYS}::int`)
      .where('date', '<=', sql<string>`${window.to}::date + ${WINDOW_DAYS}::int`);
    if (after) query = query.where(sql<boolean>`(date, id) > (${after.date}::date, ${after.id}::uuid)`);
    const page = await query
      .orderBy('date')
      .orderBy('id')
      .limit(Math.min(CANDIDATE_PAGE, MAX_CANDIDATES + 1 - candidates.length))
      .execute();
    candidates.push(...page);
    if (page.length < CANDIDATE_PAGE) break;
    const last = page[page.length - 1];
    after = { date: last.date, id: last.id };
  }
  return candidates;
}

/**
 * Finds transfers between the person's own accounts among the transactions near an
 * upload's dates (core's `detectTransfers`), links both sides with one transfer_id and files
 * them as core's `detectedTransferFiling` says, and marks a transfer whose other side is not
 * imported yet. Links and unlinks made by hand are locked and never touched.
 */
export async function linkTransfers(
  trx: UserTransaction,
  window: { from: string; to: string },
): Promise<TransferLinkResult> {
  const candidates = await readCandidates(trx, window);
  if (candidates.length > MAX_CANDIDATES)
    return { linked: 0, otherSideMissing: 0, skipped: `more than ${MAX_CANDIDATES} candidates` };

  const byId = new Map(candidates.map((c) => [c.id, c]));
  const { pairs, unmatched } = detectTransfers(
    candidates.map((c) => ({
      id: c.id,
      accountId: c.account_id,
      date: c.date,
      amount: c.amount,
      currency: c.currency.trim(),
      description: c.description,
      transferId: c.transfer_id,
      transferLocked: c.transfer_locked,
    })),
  );
  for (const pair of pairs) {
    const transferId = uuidV7();
    for (const id of [pair.outId, pair.inId]) {
      const filing = detectedTransferFiling({ categorySource: byId.get(id)?.category_source ?? null }, pair.confidence);
      await trx
        .updateTable('transactions')
        .set({ transfer_id: transferId, transfer_status: 'linked', ...(filing ? filingColumns(filing) : {}) })
        .where('id', '=', id)
        .execute();
    }
  }
  if (unmatched.length > 0) {
    await trx
      .updateTable('transactions')
      .set({ transfer_status: 'other-side-missing' })
      .where(
        'id',
        'in',
        unmatched.map((u) => u.id),
      )
      .execute();
  }
  return { linked: pairs.length, otherSideMissing: unmatched.length };
}

/** The dates an upload's transactions span, for the transfer search. */
export async function uploadDateRange(
  trx: UserTransaction,
  uploadId: string,
): Promise<{ from: string; to: string } | null> {
  const row = await trx
    .selectFrom('transactions')
    .select([sql<string | null>`min(date)::text`.as('from'), sql<string | null>`max(date)::text`.as('to')])
    .where('upload_id', '=', uploadId)
    .executeTakeFirst();
  return row?.from && row.to ? { from: row.from, to: row.to } : null;
}

/** Links two transactions as one transfer by hand, locked against later imports; returns both rows. */
export async function linkTransferByHand(
  trx: UserTransaction,
  ids: readonly [string, string],
  transferId: string,
): Promise<TransactionRow[]> {
  return trx
    .updateTable('transactions')
    .set({
      transfer_id: transferId,
      transfer_locked: true,
      transfer_status: 'linked',
      ...filingColumns(HAND_LINKED_TRANSFER_FILING),
      updated_at: new Date(),
    })
    .where('id', 'in', [...ids])
    .returningAll()
    .execute();
}

/**
 * Unlinks a transfer by hand: both sides leave it for good (locked, so later imports never
 * link them back) and a side detection filed loses that filing. Returns the sides' ids, to
 * be categorised again.
 */
export async function unlinkTransfer(trx: UserTransaction, transferId: string): Promise<string[]> {
  const sides = await trx
    .selectFrom('transactions')
    .select(['id', 'category_source', 'decided_by'])
    .where('transfer_id', '=', transferId)
    .execute();
  const refiled = sides
    .filter((side) => loseFilingOnUnlink({ categorySource: side.category_source, decidedBy: side.decided_by }))
    .map((side) => side.id);
  if (refiled.length > 0) {
    await trx
      .updateTable('transactions')
      .set({ category: null, category_source: null, decided_by: null, confidence: null })
      .where('id', 'in', refiled)
      .execute();
  }
  await trx
    .updateTable('transactions')
    .set({ transfer_id: null, transfer_locked: true, transfer_status: null })
    .where('transfer_id', '=', transferId)
    .execute();
  return sides.map((side) => side.id);
}
