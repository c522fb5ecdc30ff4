import { isDefaultCategory, type DefaultCategory } from './taxonomy';
import { KNOWLEDGE_BRAND_CONFIDENCE, KNOWLEDGE_KIND_WORD_CONFIDENCE, KNOWLEDGE_PATTERN_CONFIDENCE } from './tuning';

/**
 * The shipped knowledge of merchants, before a person has corrected anything: a hand-kept
 * table of patterns (banks' own fee and transfer texts, payment processors, subscriptions,
 * well-known chains), a brand table built from public data, keyed by merchant key, and words
 * that say what kind of place a never-seen name is (`coffee`, `pharmacy`, `hardware`).
 */
export interface KnowledgeData {
  version: string;
  /** Case-insensitive patterns over the whole description, first match wins; `id` is what `decidedBy` names. */
  patterns: { id: string; pattern: string; category: string; kind?: string }[];
  /** merchant key → [default category, share of sources agreeing 0..1, sources behind it, kind of place]. */
  brands?: Record<string, [string, number, number, string?]>;
  brandsVersion?: string;
  /**
   * Hand-kept words that name a kind of place → [default category, kind]; a trailing `*`
   * matches any word it starts, so `restaur*` finds a truncated `Restaura`.
   */
  kindWords?: Record<string, [string, string]>;
}

export interface KnowledgeAnswer {
  category: DefaultCategory;
  /** The finer kind of place (an OpenStreetMap shop or amenity value such as `clothes` or `cafe`), when known. */
  kind?: string;
  /** Expected share right on a first-seen merchant, 0..1. */
  confidence: number;
  /** Which entry answered: shown as `decidedBy`. */
  entry: string;
  /** How the entry matched: a pattern, a brand by its whole key, its first words or its first word, or a word naming a kind of place. */
  match: 'pattern' | 'brand' | 'brand-prefix' | 'brand-word' | 'kind-word';
}

/** Letters a brand's run-together words need before they are looked up that way. */
const MIN_GLUED_LENGTH = 6;

export class MerchantKnowledge {
  private readonly patterns: { id: string; regex: RegExp; category: DefaultCategory; kind?: string }[];
  private readonly brands: Map<string, [DefaultCategory, number, number, string?]>;
  /** Brands of several words by their words run together (`dischem`, `picknpay`): banks print both. */
  private readonly gluedBrands = new Map<string, string>();
  private readonly exactWords = new Map<string, [DefaultCategory, string]>();
  /** Hand-kept word starts (`restaur`), longest first. */
  private readonly wordStarts: [string, DefaultCategory, string][] = [];

  constructor(private readonly data: KnowledgeData) {
    this.patterns = data.patterns.flatMap((rule) =>
      isDefaultCategory(rule.category)
        ? [{ id: rule.id, regex: new RegExp(rule.pattern, 'i'), category: rule.category, kind: rule.kind }]
        : [],
    );
    this.brands = new Map();
    for (const [key, [category, agreement, count, kind]] of Object.entries(data.brands ?? {})) {
      if (isDefaultCategory(category)) this.brands.set(key, [category, agreement, count, kind]);
    }
    // A short name's hyphen (`e-mart`, `bi-lo`) is as often printed as a space or not at all.
    for (const [key, entry] of [...this.brands]) {
      const spaced = key.replace(/-/g, ' ');
      if (spaced !== key && !this.brands.has(spaced)) this.brands.set(spaced, entry);
    }
    for (const key of this.brands.keys()) {
      const glued = key.replace(/[ -]/g, '');
      // Short run-together names (`bp`, `hm`) are too easily some other word, and so is a name
      // ending in a letter (`point s` run together is `points`).
      if (glued !== key && glued.length >= MIN_GLUED_LENGTH && !/ \S$/.test(key) && !this.brands.has(glued))
        this.gluedBrands.set(glued, key);
    }
    for (const [word, [category, kind]] of Object.entries(data.kindWords ?? {})) {
      if (!isDefaultCategory(category)) continue;
      if (word.endsWith('*')) this.wordStarts.push([word.slice(0, -1), category, kind]);
      else if (!this.exactWords.has(word)) this.exactWords.set(word, [category, kind]);
    }
    this.wordStarts.sort((a, b) => b[0].length - a[0].length);
  }

  get version(): string {
    return this.data.brandsVersion ? `${this.data.version}+brands@${this.data.brandsVersion}` : this.data.version;
  }

  /**
   * The hand-kept patterns first (they are curated: banks' own texts, processors, brands whose
   * public tags mislead), then the brand table by the whole merchant key, its first words, or
   * its first word when that is long enough not to be an ordinary word, then a word of the
   * description that names a kind of place. A pattern's answer takes the kind a word gives
   * when they agree (`BEAN THERE COFFEE` is Dining by pattern, a café by its word).
   */
  lookup(description: string, merchant: string): KnowledgeAnswer | null {
    const brand = merchant ? this.brandHit(merchant) : null;
    for (const pattern of this.patterns) {
      if (pattern.regex.test(description)) {
        // The pattern says the category; the brand table or a word may know the kind of place within it.
        const brandKind = brand && brand[1][0] === pattern.category ? brand[1][3] : undefined;
        const kind = pattern.kind || brandKind || this.kindWithin(pattern.category, description);
        const entry = `knowledge@${this.data.version}:pattern:${pattern.id}`;
        return { category: pattern.category, kind, confidence: KNOWLEDGE_PATTERN_CONFIDENCE, entry, match: 'pattern' };
      }
    }
    if (brand) return this.brandAnswer(...brand);
    // Only now, when neither a pattern nor a brand answered, are the description's words read.
    const byWord = this.kindFromWords(description);
    if (byWord) return this.kindWordAnswer(byWord);
    const words = merchant.split(' ');
    if (words.length > 1 && words[0].length >= 5) {
      const hit = this.brands.get(words[0]);
      if (hit) return this.brandAnswer(words[0], hit, 'brand-word');
    }
    return null;
  }

  /**
   * The brand entry for the whole merchant key, else for its first two words, else for its
   * first word when that is a brand's words run together (`DISCHEM BALLITO` is Dis-Chem).
   */
  private brandHit(
    merchant: string,
  ): [string, [DefaultCategory, number, number, string?], 'brand' | 'brand-prefix'] | null {
    const exact = this.brands.get(merchant);
    if (exact) return [merchant, exact, 'brand'];
    const words = merchant.split(' ');
    if (words.length > 2) {
      const prefix = words.slice(0, 2).join(' ');
      const hit = this.brands.get(prefix);
      if (hit) return [prefix, hit, 'brand-prefix'];
    }
    const glued = this.gluedBrands.get(words[0]);
    if (glued) return [glued, this.brands.get(glued)!, words.length === 1 ? 'brand' : 'brand-prefix'];
    return null;
  }

  /** The kind of place a word of the description names, when it is one of `category`'s. */
  private kindWithin(category: DefaultCategory, description: string): string | undefined {
    const byWord = this.kindFromWords(description);
    return byWord && byWord[0] === category ? byWord[1] : undefined;
  }

  /** The first word of the description that names a kind of place, as [category, kind, word]. */
  private kindFromWords(description: string): [DefaultCategory, string, string] | null {
    if (this.exactWords.size === 0 && this.wordStarts.length === 0) return null;
    for (const word of description
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .split(/[^\p{L}]+/u)) {
      if (word.length < 3) continue;
      const exact = this.exactWords.get(word);
      if (exact) return [exact[0], exact[1], word];
      for (const [start, category, kind] of this.wordStarts) {
        // `restaur*` finds `restaurant`, and a truncated `Theatr` still finds `theat*`.
        if (word.startsWith(start)) return [category, kind, `${start}*`];
      }
    }
    return null;
  }

  private kindWordAnswer([category, kind, word]: [DefaultCategory, string, string]): KnowledgeAnswer {
    return {
      category,
      kind,
      confidence: KNOWLEDGE_KIND_WORD_CONFIDENCE,
      entry: `knowledge@${this.data.version}:word:${word}`,
      match: 'kind-word',
    };
  }

  private brandAnswer(
    key: string,
    [category, agreement, , kind]: [DefaultCategory, number, number, string?],
    match: keyof typeof KNOWLEDGE_BRAND_CONFIDENCE,
  ): KnowledgeAnswer {
    const entry = `brands@${this.data.brandsVersion ?? this.data.version}:${key}`;
    return {
      category,
      kind: kind || undefined,
      confidence: KNOWLEDGE_BRAND_CONFIDENCE[match] * agreement,
      entry,
      match,
    };
  }
}
