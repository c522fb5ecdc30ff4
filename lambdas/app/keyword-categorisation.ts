import type { CategoryUpdate, TransactionRow } from '../adapters/postgres/repositories/transactions';
import type { CategorisationService } from './categoriser';

/** A first, small keyword table: proves the pipeline before the tiered categoriser lands. */
const KEYWORDS: [RegExp, string][] = [
  [/salary|payroll|gehalt|salaire/i, 'Salary'],
  [/tesco|sainsbury|aldi|lidl|rewe|edeka|carrefour|walmart|kroger|safeway|whole foods|grocer|supermarket/i, 'Groceries'],
  [/restaurant|cafe|coffee|starbucks|mcdonald|burger|pizza|uber eats|deliveroo|doordash/i, 'Dining'],
  [/uber|lyft|taxi|metro|transit|train|bahn|sncf|tfl/i, 'Transport'],
  [/shell|bp |esso|exxon|chevron|fuel|petrol|gas station/i, 'Fuel'],
  [/rent|mortgage|miete|loyer/i, 'Housing'],
  [/netflix|spotify|disney|prime video|subscription/i, 'Subscriptions'],
  [/amazon|amzn|ebay|target/i, 'Shopping'],
  [/atm|cash withdrawal|geldautomat|bargeld/i, 'Cash'],
  [/fee|charge|interest|gebühr|frais/i, 'Fees & Charges'],
  [/transfer|überweisung|virement|payment thank you/i, 'Transfers'],
];

export const keywordCategorisation: CategorisationService = {
  async categorise(_trx, _userId, transactions: readonly TransactionRow[]): Promise<CategoryUpdate[]> {
    return transactions.map((tx) => {
      const hit = KEYWORDS.find(([pattern]) => pattern.test(tx.description));
      const fallback = tx.amount > 0 ? 'Income' : 'Other';
      return {
        id: tx.id,
        merchant: null,
        category: hit?.[1] ?? fallback,
        categorySource: 'model' as const,
        confidence: hit ? 0.6 : 0.2,
        decidedBy: hit ? `keyword:${hit[0].source.slice(0, 40)}` : 'keyword:fallback',
      };
    });
  },
};
