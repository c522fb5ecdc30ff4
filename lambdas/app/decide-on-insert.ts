import type { Db } from '../adapters/postgres/schema';
import { withUser } from '../adapters/postgres/user-scope';
import { merchantKey } from '../core/categorise/merchant-key';
import type { MerchantKnowledge } from '../core/categorise/merchant-knowledge';
import type { ImportDependencies } from '../core/import/import-statement';
import type { InsertDecisions } from '../ports/import-store';
import { loadSureDecider } from './tiered-categorisation';

type SureDecider = Awaited<ReturnType<typeof loadSureDecider>>;

/**
 * The local stack's import decides tiers 1–2 while it reads a statement, so a row decided sure
 * is written once, by its INSERT, rather than inserted, read back and updated by the
 * categoriser (on a 2-core machine that UPDATE took as much of Postgres as the inserts). Only
 * the unsure rows are queued for the categoriser. The person's rules, model and categories
 * are read once per upload: a correction made while a statement is being read applies from
 * the next upload, as it would to a categoriser batch already under way.
 * The categoriser Lambda on AWS keeps deciding after the insert (the parser Lambda is not given this).
 */
export function decidingOnInsert(
  db: Db,
  knowledge: MerchantKnowledge,
): NonNullable<ImportDependencies['decideOnInsert']> {
  let current: { uploadId: string; decide: Promise<SureDecider> } | null = null;
  return async (userId, uploadId, columns): Promise<InsertDecisions> => {
    if (current?.uploadId !== uploadId) {
      current = { uploadId, decide: withUser(db, userId, (trx) => loadSureDecider(trx, knowledge)) };
      // A failed load is tried again with the next batch rather than remembered.
      current.decide.catch(() => (current = null));
    }
    const decide = await current.decide;
    return decide(
      columns.ids.map((_, i) => ({
        description: columns.descriptions[i],
        amount: columns.amounts[i],
        date: columns.dates[i],
        accountId: columns.accountIds[i],
        merchant: columns.merchants[i] ?? merchantKey(columns.descriptions[i]),
      })),
    );
  };
}
