import { merchantKey } from './merchant-key';

/** What the categoriser knows about one transaction before deciding its category. */
export interface CategorisableTransaction {
  /** Redacted description. */
  description: string;
  /** Signed minor units. */
  amount: number;
  /** YYYY-MM-DD. */
  date: string;
  accountId?: string | null;
  /** Computed from the description when absent. */
  merchant?: string | null;
}

/** The transaction as the model sees it: its merchant key and its sparse features. */
export interface TransactionView {
  merchant: string;
  /** The first two words of the merchant key: where the key's third word is a city. */
  merchantPrefix: string;
  sign: 1 | -1;
  /** Absolute amount in minor units. */
  size: number;
  features: string[];
}

export function viewOf(
  tx: CategorisableTransaction,
  knowledge: { category: string; kind?: string } | null,
): TransactionView {
  const merchant = tx.merchant ?? merchantKey(tx.description);
  const sign: 1 | -1 = tx.amount < 0 ? -1 : 1;
  const size = Math.abs(tx.amount);
  const features: string[] = [`s:${sign}`, `a:${sign}:${amountBucket(size)}`];
  const words = new Set<string>();
  for (const word of tx.description.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= 2) words.add(word);
  for (const word of words) features.push(`w:${word}`);

  if (merchant) {
    features.push(`m:${merchant}`);
    const compact = ` ${merchant.replace(/\s+/g, ' ')} `;
    for (let i = 0; i + 4 <= compact.length; i += 1) features.push(`g:${compact.slice(i, i + 4)}`);
  } else {
    features.push('m:');
  }
  if (knowledge) features.push(`kc:${knowledge.category}`);
  if (knowledge?.kind) features.push(`kk:${knowledge.kind}`);
  // What kind of place and how much, together: at a filling station a few rand is the shop and
  // a few hundred the pump; at a supermarket a few hundred is the weekly shop.
  if (knowledge)
    features.push(`ka:${knowledge.kind ?? knowledge.category}:${sign}:${Math.floor(Math.log10(size + 1))}`);
  if (tx.accountId) features.push(`acct:${tx.accountId}`);
  const day = Number(tx.date.slice(8, 10));
  features.push(`d:${sign}:${day <= 5 ? 'start' : day >= 25 ? 'end' : 'mid'}`);
  return { merchant, merchantPrefix: merchant.split(' ').slice(0, 2).join(' '), sign, size, features };
}

/** Amounts within a factor of about 1.4 share a bucket: a coffee is not a rent payment. */
function amountBucket(size: number): number {
  return size <= 0 ? 0 : Math.round(Math.log2(size) * 2);
}
