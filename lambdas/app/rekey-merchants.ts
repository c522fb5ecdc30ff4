import {
  listDontLearn,
  pageOfKeyedRows,
  pageOfLearnedMerchantRules,
  renameDontLearn,
  setMerchantKeys,
} from '../adapters/postgres/repositories/categorisation';
import type { UserTransaction } from '../adapters/postgres/user-scope';
import { merchantKey } from '../core/categorise/merchant-key';

export interface RekeyCounts {
  transactions: number;
  corrections: number;
  rules: number;
  dontLearn: number;
}

/**
 * Merchant keys follow the release that computes them. When a release keys a description
 * differently (a bank's type code stripped, `DEB ACME STORE` now `acme`), the keys stored on a
 * person's transactions and labels, the learned rules those labels made and their "don't
 * learn" marks are recomputed, so what the person taught still meets their next import.
 */
export async function rekeyMerchants(trx: UserTransaction, userId: string): Promise<RekeyCounts> {
  /** Each stale key, and the key its first description has now. */
  const renames = new Map<string, string>();
  // A description that names nobody has the key '' on a label and none on a transaction.
  const rekey = (rows: readonly { id: string; description: string; merchant: string | null }[], nobody: '' | null) => {
    const changed: { id: string; key: string | null }[] = [];
    for (const row of rows) {
      if (row.merchant === null) continue;
      const key = merchantKey(row.description) || nobody;
      if (key === row.merchant) continue;
      changed.push({ id: row.id, key });
      if (key && !renames.has(row.merchant)) renames.set(row.merchant, key);
    }
    return changed;
  };

  // Keyset pages: a person's whole history never comes back from one query.
  const keyOfCorrection = new Map<string, string | null>();
  let correctionCount = 0;
  for (let after: string | null = null; ;) {
    const page = await pageOfKeyedRows(trx, 'corrections', after);
    if (page.length === 0) break;
    const changed = rekey(page, '');
    await setMerchantKeys(trx, 'corrections', 'merchant', changed);
    for (const row of page) keyOfCorrection.set(row.id, row.merchant);
    for (const { id, key } of changed) keyOfCorrection.set(id, key);
    correctionCount += changed.length;
    after = page[page.length - 1].id;
  }
  let transactionCount = 0;
  for (let after: string | null = null; ;) {
    const page = await pageOfKeyedRows(trx, 'transactions', after);
    if (page.length === 0) break;
    const changed = rekey(page, null);
    await setMerchantKeys(trx, 'transactions', 'merchant', changed);
    transactionCount += changed.length;
    after = page[page.length - 1].id;
  }

  // A learned rule is for the merchant of the correction that taught it, as now keyed.
  let ruleCount = 0;
  for (let after: string | null = null; ;) {
    const learned = await pageOfLearnedMerchantRules(trx, after);
    if (learned.length === 0) break;
    const ruleKeys = learned.flatMap((rule) => {
      const key = rule.created_from_correction ? keyOfCorrection.get(rule.created_from_correction) : undefined;
      return key && key !== rule.pattern ? [{ id: rule.id, key }] : [];
    });
    await setMerchantKeys(trx, 'rules', 'pattern', ruleKeys);
    ruleCount += ruleKeys.length;
    after = learned[learned.length - 1].id;
  }

  const marked = await listDontLearn(trx);
  const dontLearn = new Map(
    marked.flatMap((merchant) => (renames.has(merchant) ? [[merchant, renames.get(merchant)!] as const] : [])),
  );
  await renameDontLearn(trx, userId, dontLearn);
  return { transactions: transactionCount, corrections: correctionCount, rules: ruleCount, dontLearn: dontLearn.size };
}
