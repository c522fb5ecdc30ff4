import { closestLabel, closestLabelForKind } from './label-names';
import type { DefaultCategory } from './taxonomy';
import { PLAIN_MEANING_WEIGHT } from './tuning';

/**
 * How a person's own labels line up with the default categories the shipped knowledge
 * answers in: after "Groceries" has been corrected to "Food" twice, supermarket knowledge
 * answers "Food". Until a person says otherwise, a default category means itself.
 */

export type LabelMapState = Record<string, Record<string, number>>;

export class LabelMap {
  private readonly counts = new Map<string, Map<string, number>>();
  /** closestLabel per default category, kept while the person's label set has not grown. */
  private readonly plainCache = new Map<string, { labels: number; label: string }>();

  static fromJSON(state: LabelMapState): LabelMap {
    const map = new LabelMap();
    for (const [from, labels] of Object.entries(state)) map.counts.set(from, new Map(Object.entries(labels)));
    return map;
  }

  toJSON(): LabelMapState {
    const state: LabelMapState = {};
    for (const [from, labels] of this.counts) state[from] = Object.fromEntries(labels);
    return state;
  }

  /** A transaction the knowledge called `from` (a kind of place `kind`) was labelled `label` by the person. */
  observe(from: string, label: string, kind?: string): void {
    for (const key of kind ? [from, `kind:${kind}`] : [from]) {
      let labels = this.counts.get(key);
      if (!labels) {
        labels = new Map();
        this.counts.set(key, labels);
      }
      labels.set(label, (labels.get(label) ?? 0) + 1);
    }
  }

  /**
   * The person's label for a kind of place the knowledge named (a clothes shop, a café): the
   * label that plainly means that kind ("Clothing", "Coffee") or what the person called that
   * kind before; null when neither exists, and the default category decides.
   */
  translateKind(
    kind: string,
    personLabels: readonly string[],
  ): { label: string; share: number; evidence: number } | null {
    const plain = this.plainKindMeaning(kind, personLabels);
    const votes = this.counts.get(`kind:${kind}`);
    return plain || votes ? this.vote(plain, votes) : null;
  }

  /**
   * The person's label for a default category, with the share of evidence behind it. The
   * label that plainly means it (the same name, else the person's label sharing its words)
   * starts with the weight of two observations, so one odd correction does not turn every
   * supermarket into "Fast Food"; consistent corrections take over.
   */
  translate(
    from: DefaultCategory,
    personLabels: readonly string[] = [],
  ): { label: string; share: number; evidence: number } {
    return this.vote(this.plainMeaning(from, personLabels), this.counts.get(from));
  }

  /**
   * The label most observations back, the plain one (if any) starting with the weight of
   * `PLAIN_MEANING_WEIGHT` observations, and the share of the evidence behind it.
   */
  private vote(
    plain: string | null,
    votes: ReadonlyMap<string, number> | undefined,
  ): { label: string; share: number; evidence: number } {
    let best = plain ?? '';
    let bestCount = plain ? (votes?.get(plain) ?? 0) + PLAIN_MEANING_WEIGHT : 0;
    let evidence = 0;
    for (const [label, count] of votes ?? []) {
      evidence += count;
      if (label !== plain && count > bestCount) [best, bestCount] = [label, count];
    }
    return { label: best, share: bestCount / (evidence + (plain ? PLAIN_MEANING_WEIGHT : 0)), evidence };
  }

  private plainKindMeaning(kind: string, personLabels: readonly string[]): string | null {
    const key = `kind:${kind}`;
    const cached = this.plainCache.get(key);
    if (cached && cached.labels === personLabels.length) return cached.label || null;
    const label = closestLabelForKind(kind, personLabels);
    this.plainCache.set(key, { labels: personLabels.length, label: label ?? '' });
    return label;
  }

  private plainMeaning(from: DefaultCategory, personLabels: readonly string[]): string {
    const cached = this.plainCache.get(from);
    if (cached && cached.labels === personLabels.length) return cached.label;
    const label = personLabels.length > 0 ? (closestLabel(from, personLabels) ?? from) : from;
    this.plainCache.set(from, { labels: personLabels.length, label });
    return label;
  }
}
