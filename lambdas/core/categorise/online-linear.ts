import type { LabelScore } from './naive-bayes';

/**
 * Online multiclass linear classifier (passive-aggressive, averaged weights) over sparse
 * binary features: like the SVM that generalises best to never-seen merchants in our
 * measurements, but learning one example at a time in microseconds.
 */
export interface OnlineLinearState {
  labels: string[];
  step: number;
  /** feature → [labelIndex, weight, accumulated update × step, …] */
  weights: Record<string, number[]>;
}

/** Aggressiveness: how far one example may move the weights. */
const C = 0.5;

export class OnlineLinear {
  private readonly labels: string[] = [];
  private readonly labelIndex = new Map<string, number>();
  private readonly weights = new Map<string, number[]>();
  /** Examples learned: the averaging clock. */
  private step = 1;

  static fromJSON(state: OnlineLinearState): OnlineLinear {
    const model = new OnlineLinear();
    state.labels.forEach((label, index) => {
      model.labels.push(label);
      model.labelIndex.set(label, index);
    });
    model.step = state.step;
    for (const [feature, triples] of Object.entries(state.weights)) model.weights.set(feature, [...triples]);
    return model;
  }

  toJSON(): OnlineLinearState {
    // Six significant digits: a long history's weights stay a few MB smaller, and no answer changes.
    const weights: Record<string, number[]> = {};
    for (const [feature, triples] of this.weights) {
      weights[feature] = triples.map((value, i) => (i % 3 === 0 ? value : Number(value.toPrecision(6))));
    }
    return { labels: [...this.labels], step: this.step, weights };
  }

  /** Averaged scores per label: the average of the weights over time is what generalises. */
  private scores(features: readonly string[]): Float64Array {
    const scores = new Float64Array(this.labels.length);
    for (const feature of features) {
      const triples = this.weights.get(feature);
      if (!triples) continue;
      for (let i = 0; i < triples.length; i += 3) scores[triples[i]] += triples[i + 1] - triples[i + 2] / this.step;
    }
    return scores;
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
    const raw = new Float64Array(this.labels.length);
    for (const feature of features) {
      const triples = this.weights.get(feature);
      if (!triples) continue;
      for (let i = 0; i < triples.length; i += 3) raw[triples[i]] += triples[i + 1];
    }
    let rival = -1;
    for (let index = 0; index < raw.length; index += 1) if (index !== target && (rival < 0 || raw[index] > raw[rival])) rival = index;
    const loss = rival < 0 ? 0 : Math.max(0, 1 - (raw[target] - raw[rival]));
    if (loss > 0 && features.length > 0) {
      const tau = Math.min(C, loss / (2 * features.length));
      for (const feature of features) {
        this.update(feature, target, tau);
        this.update(feature, rival, -tau);
      }
    }
    this.step += 1;
  }

  private update(feature: string, label: number, delta: number): void {
    let triples = this.weights.get(feature);
    if (!triples) {
      triples = [];
      this.weights.set(feature, triples);
    }
    for (let i = 0; i < triples.length; i += 3) {
      if (triples[i] === label) {
        triples[i + 1] += delta;
        triples[i + 2] += delta * this.step;
        return;
      }
    }
    triples.push(label, delta, delta * this.step);
  }
}
