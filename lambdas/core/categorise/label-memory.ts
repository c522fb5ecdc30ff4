import { MEMORY_AMOUNT_SCALE, MEMORY_KEEP_PER_KEY, MEMORY_RECENCY } from './tuning';

/**
 * What a person called each merchant before, remembered with the amount and the order it
 * came in. A vote weighs recent labels more (people change their minds) and labels of a
 * similar amount more (Amazon at 12.99 is a subscription, at 240 a purchase).
 */

export interface RememberedLabel {
  label: string;
  sign: 1 | -1;
  /** log2 of the absolute amount in minor units. */
  logSize: number;
}

export interface MemoryVote {
  label: string;
  /** Share of the weighted vote the winner holds, 0..1. */
  agreement: number;
  /** How many remembered labels of this sign voted. */
  support: number;
  /** True when the remembered labels of this key disagree (a multi-purpose merchant). */
  mixed: boolean;
}

export type LabelMemoryState = Record<string, [string, number, number][]>;

export class LabelMemory {
  private readonly byKey = new Map<string, RememberedLabel[]>();

  /**
   * @param maxKeys keys kept at most: past it, the key labelled longest ago is forgotten, so a
   * memory of every distinct text or amount stays bounded on a very long history.
   */
  constructor(private readonly maxKeys = Number.POSITIVE_INFINITY) {}

  static fromJSON(state: LabelMemoryState, maxKeys?: number): LabelMemory {
    const memory = new LabelMemory(maxKeys);
    for (const [key, entries] of Object.entries(state)) {
      memory.byKey.set(
        key,
        entries.map(([label, sign, logSize]) => ({ label, sign: sign < 0 ? -1 : 1, logSize })),
      );
    }
    return memory;
  }

  toJSON(): LabelMemoryState {
    const state: LabelMemoryState = {};
    for (const [key, entries] of this.byKey)
      state[key] = entries.map((entry) => [entry.label, entry.sign, Math.round(entry.logSize * 1000) / 1000]);
    return state;
  }

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  remember(key: string, label: string, sign: 1 | -1, size: number): void {
    let entries = this.byKey.get(key);
    if (entries) {
      // The Map keeps keys in the order they were last labelled: the first is the stalest.
      this.byKey.delete(key);
    } else {
      entries = [];
      if (this.byKey.size >= this.maxKeys) this.byKey.delete(this.byKey.keys().next().value!);
    }
    this.byKey.set(key, entries);
    entries.push({ label, sign, logSize: logSize(size) });
    if (entries.length > MEMORY_KEEP_PER_KEY) entries.splice(0, entries.length - MEMORY_KEEP_PER_KEY);
  }

  /** The labels remembered for a key and sign, oldest first, with their absolute amounts. */
  history(key: string, sign: 1 | -1): { label: string; size: number }[] {
    return (this.byKey.get(key) ?? [])
      .filter((entry) => entry.sign === sign)
      .map((entry) => ({ label: entry.label, size: Math.round(2 ** entry.logSize) }));
  }

  vote(key: string, sign: 1 | -1, size: number): MemoryVote | null {
    const entries = this.byKey.get(key);
    if (!entries) return null;
    const target = logSize(size);
    const scores = new Map<string, number>();
    let total = 0;
    let support = 0;
    let recency = 1;
    const labels = new Set<string>();
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const entry = entries[i];
      if (entry.sign !== sign) continue;
      labels.add(entry.label);
      const weight = recency * Math.pow(2, -Math.abs(entry.logSize - target) / MEMORY_AMOUNT_SCALE);
      scores.set(entry.label, (scores.get(entry.label) ?? 0) + weight);
      total += weight;
      support += 1;
      recency *= MEMORY_RECENCY;
    }
    if (support === 0 || total === 0) return null;
    let best = '';
    let bestScore = -1;
    for (const [label, score] of scores) if (score > bestScore) [best, bestScore] = [label, score];
    return { label: best, agreement: bestScore / total, support, mixed: labels.size > 1 };
  }
}

function logSize(size: number): number {
  return Math.log2(Math.max(1, size));
}
