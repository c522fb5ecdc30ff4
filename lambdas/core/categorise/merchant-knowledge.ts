import { isDefaultCategory, type DefaultCategory } from './taxonomy';

/**
 * The shipped knowledge of merchants, before a person has corrected anything: a hand-kept
 * table of patterns (banks' own fee and transfer texts, payment processors, subscriptions,
 * well-known chains) and a brand table built from public data, keyed by merchant key.
 */
export interface KnowledgeData {
  version: string;
  /** Case-insensitive patterns over the whole description, first match wins. */
  patterns: { pattern: string; category: string }[];
  /** merchant key → [default category, share of sources agreeing 0..1, sources behind it]. */
  brands?: Record<string, [string, number, number]>;
  brandsVersion?: string;
}

export interface KnowledgeAnswer {
  category: DefaultCategory;
  /** Expected share right on a first-seen merchant, 0..1. */
  confidence: number;
  /** Which entry answered: shown as `decidedBy`. */
  entry: string;
  /** How the entry matched: a pattern, or a brand by its whole key, its first words or its first word. */
  match: 'pattern' | 'brand' | 'brand-prefix' | 'brand-word';
}

/**
 * Prior confidence of each kind of answer on a first-seen merchant; the personal model then
 * measures how often knowledge is right for this person and trusts it accordingly.
 */
const PATTERN_CONFIDENCE = 0.7;
const BRAND_CONFIDENCE = { brand: 0.75, 'brand-prefix': 0.6, 'brand-word': 0.45 } as const;

export class MerchantKnowledge {
  private readonly patterns: { regex: RegExp; category: DefaultCategory; source: string }[];
  private readonly brands: Map<string, [DefaultCategory, number, number]>;

  constructor(private readonly data: KnowledgeData) {
    this.patterns = data.patterns.flatMap((rule) => isDefaultCategory(rule.category)
      ? [{ regex: new RegExp(rule.pattern, 'i'), category: rule.category, source: rule.pattern }]
      : []);
    this.brands = new Map();
    for (const [key, [category, agreement, count]] of Object.entries(data.brands ?? {})) {
      if (isDefaultCategory(category)) this.brands.set(key, [category, agreement, count]);
    }
  }

  get version(): string {
    return this.data.brandsVersion ? `${this.data.version}+brands@${this.data.brandsVersion}` : this.data.version;
  }

  /**
   * The hand-kept patterns first (they are curated: banks' own texts, processors, brands whose
   * public tags mislead), then the brand table by the whole merchant key, its first words, or
   * its first word when that is long enough not to be an ordinary word.
   */
  lookup(description: string, merchant: string): KnowledgeAnswer | null {
    for (let index = 0; index < this.patterns.length; index += 1) {
      const pattern = this.patterns[index];
      if (pattern.regex.test(description)) {
        return { category: pattern.category, confidence: PATTERN_CONFIDENCE, entry: `knowledge@${this.data.version}:pattern:${index}`, match: 'pattern' };
      }
    }
    if (!merchant) return null;
    const exact = this.brands.get(merchant);
    if (exact) return this.brandAnswer(merchant, exact, 'brand');
    const words = merchant.split(' ');
    if (words.length > 2) {
      const prefix = words.slice(0, 2).join(' ');
      const hit = this.brands.get(prefix);
      if (hit) return this.brandAnswer(prefix, hit, 'brand-prefix');
    }
    if (words.length > 1 && words[0].length >= 5) {
      const hit = this.brands.get(words[0]);
      if (hit) return this.brandAnswer(words[0], hit, 'brand-word');
    }
    return null;
  }

  private brandAnswer(key: string, [category, agreement]: [DefaultCategory, number, number], match: keyof typeof BRAND_CONFIDENCE): KnowledgeAnswer {
    return { category, confidence: BRAND_CONFIDENCE[match] * agreement, entry: `brands@${this.data.brandsVersion ?? this.data.version}:${key}`, match };
  }
}
