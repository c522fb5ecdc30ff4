import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CategoryUpdate, TransactionRow } from '../adapters/postgres/repositories/transactions';
import type { CategorisationService } from './categoriser';

const keywordTable = z.object({
  version: z.string(),
  rules: z.array(z.object({ pattern: z.string(), category: z.string() })).min(1),
});

export type KeywordTable = z.infer<typeof keywordTable>;

/** The table as shipped in the layer: `/opt/nodejs/…` on Lambda, the repository's folder locally. */
export const LOCAL_KNOWLEDGE_DIR = join(__dirname, '../../layers/merchant-knowledge/nodejs');

export function loadKeywordTable(dir: string = LOCAL_KNOWLEDGE_DIR): KeywordTable {
  return keywordTable.parse(JSON.parse(readFileSync(join(dir, 'keyword-table.json'), 'utf8')));
}

/**
 * A first categoriser from the shipped keyword table (first match wins; money in without a
 * match is Income, money out is Other): proves the pipeline before the tiered categoriser.
 */
export function keywordCategorisation(table: KeywordTable): CategorisationService {
  const rules = table.rules.map((rule) => ({ ...rule, regex: new RegExp(rule.pattern, 'i') }));
  return {
    async categorise(_trx, _userId, transactions: readonly TransactionRow[]): Promise<CategoryUpdate[]> {
      return transactions.map((tx) => {
        const hit = rules.find((rule) => rule.regex.test(tx.description));
        return {
          id: tx.id,
          merchant: null,
          category: hit?.category ?? (tx.amount > 0 ? 'Income' : 'Other'),
          categorySource: 'model' as const,
          confidence: hit ? 0.6 : 0.2,
          decidedBy: hit ? `keyword-table@${table.version}:${hit.category}` : `keyword-table@${table.version}:fallback`,
        };
      });
    },
  };
}
