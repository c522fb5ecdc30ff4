import type { LabelScore } from './naive-bayes';
import { LINEAR_AGGRESSIVENESS } from './tuning';

/**
 * Online multiclass linear classifier (passive-aggressive) over sparse binary features:
 * learning one example at a time in microseconds. Its weights are used as they stand, not
 * averaged over time: a person's labels drift over the years (Mint's own categories changed,
 * people change their minds), and on the Mint history the weights as they stand are right on
 * 89.5% of rows against 77.7% for the average of every weight since the first.
 */
export interface OnlineLinearState {
  labels: string[];
  /**
   * feature → [labelIndex, weight, …]. Models saved while weights were averaged hold
   * [labelIndex, weight, accumulated update, …] and `step`; their current weights are kept.
   */
  weights: Record<string, number[]>;
  step?: number;
}

export class OnlineLinear {
  private readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  /** feature → [labelIndex, weight, labelIndex, weight, …] */
  private readonly weights = new Map<string, number[]>();

  static fromJSON(state: OnlineLinearState): OnlineLinear {
    const model = new OnlineLinear();
    state.labels.forEach((label, index) => {
      model.labels.push(label);
      model.labelIndex.set(label, index);
    });
    const stride = state.step === undefined ? 2 : 3;
    for (const [feature, values] of Object.entries(state.weights)) {
      const pairs: number[] = [];
      for (let i = 0; i < values.length; i += stride) pairs.push(values[i], values[i + 1]);
      model.weights.set(feature, pairs);
    }
    return model;
  }

  toJSON(): OnlineLinearState {
    // Six significant digits: a long history's weights stay a few MB smaller, and no answer changes.
    const weights: Record<string, number[]> = {};
    for (const [feature, pairs] of this.weights)
      weights[feature] = pairs.map((value, i) => (i % 2 === 0 ? value : Number(value.toPrecision(6))));
    return { labels: [...this.labels], weights };
  }

  private scores(features: readonly string[]): Float64Array {
    const scores = new Float64Array(this.labels.length);
    for (const feature of features) {
      const pairs = this.weights.get(feature);
      if (!pairs) continue;
      for (let i = 0; i < pairs.length; i += 2) scores[pairs[i]] += pairs[i + 1];
    }
    return scores;
  }

  /** No label learned yet: `top` answers null whatever it is given. */
  get empty(): boolean {
    return this.labels.length === 0;
  }

  /** The best label and a softmax strength of its margin (a ranking strength for calibration to map); null before any label. */
  top(features: readonly string[]): LabelScore | null {
    if (this.labels.length === 0) return null;
    const scores = this.scores(features);
    let best = 0;
    for (let index = 1; index < scores.length; index += 1) if (scores[index] > scores[best]) best = index;
    let sum = 0;
    for (let index = 0; index < scores.length; index += 1) sum += Math.exp((scores[index] - scores[best]) * 2);
    return { label: this.labels[best], probability: 1 / sum };
  }

  learn(features: readonly string[], label: string): void {
    let target = this.labelIndex.get(label);
    if (target === undefined) {
      target = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, target);
    }
    const scores = this.scores(features);
    let rival = -1;
    for (let index = 0; index < scores.length; index += 1)
      if (index !== target && (rival < 0 || scores[index] > scores[rival])) rival = index;
    const loss = rival < 0 ? 0 : Math.max(0, 1 - (scores[target] - scores[rival]));
    if (loss === 0 || features.length === 0) return;
    const tau = Math.min(LINEAR_AGGRESSIVENESS, loss / (2 * features.length));
    for (const feature of features) {
      this.update(feature, target, tau);
      this.update(feature, rival, -tau);
    }
  }

  private update(feature: string, label: number, delta: number): void {
    let pairs = this.weights.get(feature);
    if (!pairs) {
      pairs = [];
      this.weights.set(feature, pairs);
    }
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === label) {
        pairs[i + 1] += delta;
        return;
      }
    }
    pairs.push(label, delta);
  }
}
