import { BAYES_ALPHA } from './tuning';

/**
 * Online multinomial naive Bayes over sparse binary features: learns one example in
 * microseconds and generalises across merchants (words, character n-grams, amount size), which
 * a memory of past labels cannot. Its state is plain JSON so a person's model can be stored.
 */

export interface NaiveBayesState {
  labels: string[];
  /** Examples seen per label, by label index. */
  labelCounts: number[];
  /** Feature occurrences per label index, per label. */
  featureTotals: number[];
  /** feature → [labelIndex, count, labelIndex, count, …] */
  counts: Record<string, number[]>;
}

export interface LabelScore {
  label: string;
  probability: number;
}

const LOG_ALPHA = Math.log(BAYES_ALPHA);
/** log((n + α) / α) for the small whole counts nearly every pair has: computed once. */
const LOG_GAINS = Float64Array.from({ length: 1024 }, (_, n) => Math.log(n + BAYES_ALPHA) - LOG_ALPHA);

function logGain(count: number): number {
  return Number.isInteger(count) && count < LOG_GAINS.length
    ? LOG_GAINS[count]
    : Math.log(count + BAYES_ALPHA) - LOG_ALPHA;
}

export class NaiveBayes {
  private readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private labelCounts: number[] = [];
  private featureTotals: number[] = [];
  private readonly counts = new Map<string, number[]>();

  static fromJSON(state: NaiveBayesState): NaiveBayes {
    const model = new NaiveBayes();
    state.labels.forEach((label, index) => {
      model.labels.push(label);
      model.labelIndex.set(label, index);
    });
    model.labelCounts = [...state.labelCounts];
    model.featureTotals = [...state.featureTotals];
    for (const [feature, pairs] of Object.entries(state.counts)) model.counts.set(feature, [...pairs]);
    return model;
  }

  toJSON(): NaiveBayesState {
    return {
      labels: [...this.labels],
      labelCounts: [...this.labelCounts],
      featureTotals: [...this.featureTotals],
      counts: Object.fromEntries(this.counts),
    };
  }

  /** Every label learned so far. */
  get knownLabels(): readonly string[] {
    return this.labels;
  }

  /** Nothing learned yet: `top` answers null whatever it is given. */
  get empty(): boolean {
    return this.examples === 0;
  }

  get examples(): number {
    return this.labelCounts.reduce((sum, count) => sum + count, 0);
  }

  learn(features: readonly string[], label: string, weight = 1): void {
    let index = this.labelIndex.get(label);
    if (index === undefined) {
      index = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, index);
      this.labelCounts.push(0);
      this.featureTotals.push(0);
    }
    this.labelCounts[index] += weight;
    for (const feature of features) {
      let pairs = this.counts.get(feature);
      if (!pairs) {
        pairs = [];
        this.counts.set(feature, pairs);
      }
      let found = false;
      for (let i = 0; i < pairs.length; i += 2) {
        if (pairs[i] === index) {
          pairs[i + 1] += weight;
          found = true;
          break;
        }
      }
      if (!found) pairs.push(index, weight);
      this.featureTotals[index] += weight;
    }
  }

  /** The most probable label and its posterior probability; null before the first example. */
  top(features: readonly string[]): LabelScore | null {
    const labelTotal = this.examples;
    if (labelTotal === 0) return null;
    const vocabulary = this.counts.size + 1;
    const logs = new Float64Array(this.labels.length);
    for (let index = 0; index < logs.length; index += 1) logs[index] = Math.log(this.labelCounts[index] / labelTotal);
    // Every known feature adds log((count + α) / (total + α·V)) per label. Start each label as
    // if it had never seen any of them, then correct only the (feature, label) pairs that
    // exist: the cost follows the pairs, not features × labels.
    let known = 0;
    for (const feature of features) {
      const pairs = this.counts.get(feature);
      // A feature never seen says nothing about any label: skipping it keeps short and long texts comparable.
      if (!pairs) continue;
      known += 1;
      for (let i = 0; i < pairs.length; i += 2) logs[pairs[i]] += logGain(pairs[i + 1]);
    }
    let best = 0;
    for (let index = 0; index < logs.length; index += 1) {
      logs[index] += known * (LOG_ALPHA - Math.log(this.featureTotals[index] + BAYES_ALPHA * vocabulary));
      if (logs[index] > logs[best]) best = index;
    }
    let sum = 0;
    for (let index = 0; index < logs.length; index += 1) sum += Math.exp(logs[index] - logs[best]);
    return { label: this.labels[best], probability: 1 / sum };
  }
}
