import type { KnowledgeAnswer } from './merchant-knowledge';

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

/**
 * The transaction as the model sees it: its merchant key and its sparse features, the lists
 * made when first read (a model that has learned nothing yet never reads them).
 */
export class TransactionView {
  private all: string[] | null = null;
  private words: string[] | null = null;

  constructor(
    readonly merchant: string,
    readonly sign: 1 | -1,
    /** Absolute amount in minor units. */
    readonly size: number,
    private readonly text: TextFeatures,
    /** The row's own features before the text's (sign, amount) and after (kind and amount, account, day). */
    private readonly head: readonly string[],
    private readonly tail: readonly string[],
  ) {}

  get features(): string[] {
    // In the order naive Bayes has always summed them: another order changes the last bits of its answer.
    const { head, text, tail } = this;
    this.all ??= [...head, ...text.words, text.merchant.merchant, ...text.merchant.grams, ...text.known, ...tail];
    return this.all;
  }

  /** `features` without the merchant's character n-grams: what the word-only naive Bayes reads. */
  get wordFeatures(): string[] {
    const { head, text, tail } = this;
    this.words ??= [...head, ...text.words, text.merchant.merchant, ...text.known, ...tail];
    return this.words;
  }
}

/** The features a transaction owes to its merchant key alone: `m:` and the key's character 4-grams. */
export interface MerchantFeatures {
  merchant: string;
  grams: readonly string[];
}

export function merchantFeaturesOf(merchant: string): MerchantFeatures {
  const grams: string[] = [];
  if (!merchant) return { merchant: 'm:', grams };
  const compact = ` ${merchant.replace(/\s+/g, ' ')} `;
  for (let i = 0; i + 4 <= compact.length; i += 1) grams.push(`g:${compact.slice(i, i + 4)}`);
  return { merchant: `m:${merchant}`, grams };
}

/**
 * The features a transaction owes to its description and merchant key alone (and to the
 * knowledge answer, itself a function of both). Statements repeat their descriptions, so these
 * are made once per text and shared by every row of it, strings included: building them per
 * row was most of the allocation of deciding (CPU profile of a 100,000-row import).
 */
export interface TextFeatures {
  words: readonly string[];
  merchant: MerchantFeatures;
  /** The knowledge's category and kind. */
  known: readonly string[];
  /** What `ka:` features start with (the knowledge's kind, else category); null without knowledge. */
  kindAndSize: string | null;
  /** `ka:` features made so far, by sign and tenfold of size. */
  kindAndSizeFeatures: Map<number, string>;
}

export function textFeaturesOf(
  description: string,
  merchant: MerchantFeatures,
  knowledge: Pick<KnowledgeAnswer, 'category' | 'kind'> | null,
): TextFeatures {
  const words = new Set<string>();
  for (const word of description.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= 2) words.add(word);
  const known: string[] = [];
  if (knowledge) known.push(`kc:${knowledge.category}`);
  if (knowledge?.kind) known.push(`kk:${knowledge.kind}`);
  return {
    words: [...words].map((word) => `w:${word}`),
    merchant,
    known,
    kindAndSize: knowledge ? `ka:${knowledge.kind ?? knowledge.category}:` : null,
    kindAndSizeFeatures: new Map(),
  };
}

const SIGN_FEATURES = { '1': 's:1', '-1': 's:-1' } as const;
const DAY_FEATURES = {
  '1': { start: 'd:1:start', mid: 'd:1:mid', end: 'd:1:end' },
  '-1': { start: 'd:-1:start', mid: 'd:-1:mid', end: 'd:-1:end' },
} as const;

/**
 * Feature strings that depend on a row's amount and account, made once each: a person's
 * statements use a few dozen amount buckets and a handful of accounts.
 */
export class RowFeatureStrings {
  private readonly amounts = new Map<number, string>();
  private readonly accounts = new Map<string, string>();

  amount(sign: 1 | -1, size: number): string {
    const bucket = amountBucket(size);
    return madeOnce(this.amounts, 'a:', sign, bucket);
  }

  account(accountId: string): string {
    let feature = this.accounts.get(accountId);
    if (feature === undefined) {
      // A person has a handful of accounts; a caller naming thousands is not kept from forgetting.
      if (this.accounts.size >= 1000) this.accounts.clear();
      feature = `acct:${accountId}`;
      this.accounts.set(accountId, feature);
    }
    return feature;
  }
}

/** The view of a transaction whose merchant key is `merchant` and whose text's features are `text`. */
export function viewOf(
  tx: CategorisableTransaction,
  merchant: string,
  text: TextFeatures,
  strings: RowFeatureStrings = new RowFeatureStrings(),
): TransactionView {
  const sign: 1 | -1 = tx.amount < 0 ? -1 : 1;
  const size = Math.abs(tx.amount);
  const head = [SIGN_FEATURES[sign], strings.amount(sign, size)];
  const tail: string[] = [];
  if (text.kindAndSize !== null) {
    // What kind of place and how much, together: at a filling station a few rand is the shop and
    // a few hundred the pump; at a supermarket a few hundred is the weekly shop.
    const tenfold = Math.floor(Math.log10(size + 1));
    tail.push(madeOnce(text.kindAndSizeFeatures, text.kindAndSize, sign, tenfold));
  }
  if (tx.accountId) tail.push(strings.account(tx.accountId));
  const day = dayOfMonth(tx.date);
  tail.push(DAY_FEATURES[sign][day <= 5 ? 'start' : day >= 25 ? 'end' : 'mid']);
  return new TransactionView(merchant, sign, size, text, head, tail);
}

/** `${prefix}${sign}:${value}`, kept in `made` for a whole number (one prefix per map); NaN and infinite amounts are made each time. */
function madeOnce(made: Map<number, string>, prefix: string, sign: 1 | -1, value: number): string {
  if (!Number.isSafeInteger(value)) return `${prefix}${sign}:${value}`;
  const key = value * 2 + (sign < 0 ? 1 : 0);
  let feature = made.get(key);
  if (feature === undefined) {
    feature = `${prefix}${sign}:${value}`;
    made.set(key, feature);
  }
  return feature;
}

/** `Number(date.slice(8, 10))` without making the slice, whenever both are digits. */
function dayOfMonth(date: string): number {
  const tens = date.charCodeAt(8) - 48;
  const ones = date.charCodeAt(9) - 48;
  if (tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9) return tens * 10 + ones;
  return Number(date.slice(8, 10));
}

/** Amounts within a factor of about 1.4 share a bucket: a coffee is not a rent payment. */
function amountBucket(size: number): number {
  return size <= 0 ? 0 : Math.round(Math.log2(size) * 2);
}
