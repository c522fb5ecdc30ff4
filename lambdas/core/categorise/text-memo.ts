import { merchantFeaturesOf, textFeaturesOf, type MerchantFeatures, type TextFeatures } from './features';
import type { KnowledgeAnswer, MerchantKnowledge } from './merchant-knowledge';
import type { ModelAnswer } from './personal-model';

/** What deciding needs from a description and its merchant key alone: the same for every row with that text. */
export interface TextFacts {
  knowledge: KnowledgeAnswer | null;
  /** The exact-text memory's key. */
  exactKey: string;
  features: TextFeatures;
  /** The model's answer while only the shipped knowledge answers for this text, and the model's examples when it was made. */
  knowledgeOnly?: { examples: number; answer: ModelAnswer | null };
}

/**
 * A model's memo of what each description and merchant key imply, which is all they imply:
 * statements repeat their descriptions, and looking the shipped knowledge up (patterns, brands,
 * the words of the description) was ~40% of deciding a row, building each row's feature strings
 * most of what the garbage collector then had to clear (CPU profiles of a 100,000-row import).
 * At most `kept` descriptions, then forgotten at once.
 */
export class TextMemo {
  private readonly byMerchant = new Map<string, { features: MerchantFeatures; texts: Map<string, TextFacts> }>();
  private texts = 0;

  constructor(
    private readonly knowledge: MerchantKnowledge | null,
    private readonly kept: number,
  ) {}

  of(description: string, merchant: string): TextFacts {
    let known = this.byMerchant.get(merchant);
    let facts = known?.texts.get(description);
    if (facts) return facts;
    if (this.texts >= this.kept) {
      this.byMerchant.clear();
      this.texts = 0;
      known = undefined;
    }
    if (!known) {
      known = { features: merchantFeaturesOf(merchant), texts: new Map() };
      this.byMerchant.set(merchant, known);
    }
    const knowledge = this.knowledge ? this.knowledge.lookup(description, merchant) : null;
    facts = {
      knowledge,
      exactKey: exactKeyOf(description),
      features: textFeaturesOf(description, known.features, knowledge),
    };
    known.texts.set(description, facts);
    this.texts += 1;
    return facts;
  }
}

/** The exact-text memory's key: case and spacing do not make a description new. */
export function exactKeyOf(description: string): string {
  return description.toLowerCase().replace(/\s+/g, ' ').trim();
}
