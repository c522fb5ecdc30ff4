import { closestLabel } from './label-names';
import type { DefaultCategory } from './taxonomy';

/**
 * How a person's own labels line up with the default categories the shipped knowledge
 * answers in: after "Groceries" has been corrected to "Food" twice, supermarket knowledge
 * answers "Food". Until a person says otherwise, a default category means itself.
 */
export type LabelMapState = Record<string, Record<string, number>>;

export class LabelMap {
  private readonly counts = new Map<string, Map<string, number>>();

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

  /** A transaction the knowledge called `from` was labelled `label` by the person. */
  observe(from: string, label: string): void {
    let labels = this.counts.get(from);
    if (!labels) {
      labels = new Map();
      this.counts.set(from, labels);
    }
    labels.set(label, (labels.get(label) ?? 0) + 1);
  }

  /**
   * The person's label for a default category, with the share of evidence behind it. With no
   * evidence yet, the label among `personLabels` that plainly means it (by its words), else
   * the default name itself.
   */
  translate(from: DefaultCategory, personLabels: readonly string[] = []): { label: string; share: number; evidence: number } {
    const labels = this.counts.get(from);
    if (!labels || labels.size === 0) return { label: personLabels.length > 0 ? closestLabel(from, personLabels) ?? from : from, share: 1, evidence: 0 };
    let best: string = from;
    let bestCount = 0;
    let total = 0;
    for (const [label, count] of labels) {
      total += count;
      if (count > bestCount) [best, bestCount] = [label, count];
    }
    return { label: best, share: bestCount / total, evidence: total };
  }
}
