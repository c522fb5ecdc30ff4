import { RowFeatureStrings, viewOf, type CategorisableTransaction, type TransactionView } from './features';
import { merchantKey } from './merchant-key';
import { LabelMap, type LabelMapState } from './label-map';
import { LabelMemory, type LabelMemoryState, type MemoryVote } from './label-memory';
import type { KnowledgeAnswer, MerchantKnowledge } from './merchant-knowledge';
import { NaiveBayes, type NaiveBayesState } from './naive-bayes';
import { OnlineLinear, type OnlineLinearState } from './online-linear';
import { SourceCalibration, type CalibrationState } from './source-calibration';
import { exactKeyOf, TextMemo, type TextFacts } from './text-memo';
import {
  AGREEMENT_OUTWEIGHS,
  GENERALISER_MATURITY,
  GENERALISER_STRENGTH,
  LONE_ANSWER_UNSURE_BELOW,
  MAX_TEXTS_AND_AMOUNTS,
  MEMORY_STRENGTH_BASE,
  MEMORY_STRENGTH_PER_AGREEMENT,
  UNANIMOUS_AT_LEAST,
} from './tuning';

/**
 * Tier 2: one person's model. Several answerers each propose a label (memories of the exact
 * text and of the merchant at its exact amount; two naive Bayes over words and n-grams; the
 * shipped knowledge translated into the person's labels; last, a linear model over words,
 * n-grams and what the others proposed); each answerer's record for this person turns its
 * proposal into a calibrated confidence, and the most trustworthy one wins. The memory of the
 * merchant's labels proposes nothing (a learned rule says the same, and removing it as an
 * answerer cost nothing measurable): it tells whether the person knows a merchant, what they
 * called it, and whether a learned rule is out of date.
 */
export interface ModelAnswer {
  category: string;
  confidence: number;
  /** Which answerer decided, e.g. `exact`, `naive-bayes`, or the knowledge entry. */
  answerer: string;
  /** Set when the shipped knowledge answered: the entry, for `decidedBy`. */
  knowledgeEntry?: string;
}

export interface PersonalModelState {
  version: 1;
  examples: number;
  exact: LabelMemoryState;
  merchant: LabelMemoryState;
  /** The merchant's first words, once an answerer: no longer read (it did not clear the evaluation's spread). */
  prefix?: LabelMemoryState;
  /** Merchant and exact amount: a typed note left blank, a subscription's price. Absent in models saved before it existed. */
  sameAmount?: LabelMemoryState;
  bayes: NaiveBayesState;
  /** Naive Bayes over words only. Absent in models saved before it existed: it starts empty. */
  wordBayes?: NaiveBayesState;
  linear: OnlineLinearState;
  labelMap: LabelMapState;
  calibration: CalibrationState;
  /** How often the winning answer was right, by answerer and confidence. Absent in models saved before it existed. */
  decisions?: CalibrationState;
}

/** Descriptions whose shipped-knowledge answer and features a model remembers (a few MB at most). */
const KNOWLEDGE_ANSWERS_KEPT = 20_000;

/** The answerers and overrides of tier 2 that `eval:categorise --without NAME` can switch off one at a time. */
export const TIER2_PARTS = [
  'exact',
  'same-amount',
  'naive-bayes',
  'word-bayes',
  'knowledge',
  'linear',
  'linear-votes',
  'agreement',
  'winner-record',
  'outvote',
  'specific-memory',
] as const;
export type Tier2Part = (typeof TIER2_PARTS)[number];

interface Proposal {
  label: string;
  /** The answerer's own strength, 0..1, used as the calibration prior. */
  strength: number;
  /** Calibration bucket: answerer and how sure it was. */
  bucket: string;
  answerer: string;
  knowledgeEntry?: string;
}

/** What the model needs from a transaction beyond its view: computed once per prediction. */
interface Prepared {
  view: TransactionView;
  exactKey: string;
  knowledge: KnowledgeAnswer | null;
}

export class PersonalModel {
  private examples = 0;
  private readonly exact: LabelMemory;
  private readonly merchant: LabelMemory;
  private readonly sameAmount: LabelMemory;
  private readonly bayes: NaiveBayes;
  private readonly wordBayes: NaiveBayes;
  private readonly linear: OnlineLinear;
  private readonly labelMap: LabelMap;
  private readonly calibration: SourceCalibration;
  private readonly decisions: SourceCalibration;

  /** Parts of tier 2 switched off, for `eval:categorise --without NAME` (empty in production). */
  readonly without: ReadonlySet<Tier2Part>;

  /** The knowledge answer, exact key and features of each description and merchant key, made once. */
  private readonly texts: TextMemo;
  private readonly rowStrings = new RowFeatureStrings();
  /** Merchants with amounts in the same-amount memory (still listed once their keys are forgotten: a superset). */
  private readonly sameAmountMerchants = new Set<string>();
  /** The linear model's `v:` features, made once per answerer and label. */
  private readonly voteFeatures = new Map<string, Map<string, string[]>>();

  constructor(
    knowledge: MerchantKnowledge | null,
    state?: PersonalModelState,
    options: { without?: Iterable<Tier2Part> } = {},
  ) {
    this.without = new Set(options.without ?? []);
    this.texts = new TextMemo(knowledge, KNOWLEDGE_ANSWERS_KEPT);
    this.examples = state?.examples ?? 0;
    this.exact = state
      ? LabelMemory.fromJSON(state.exact, MAX_TEXTS_AND_AMOUNTS)
      : new LabelMemory(MAX_TEXTS_AND_AMOUNTS);
    this.merchant = state ? LabelMemory.fromJSON(state.merchant) : new LabelMemory();
    this.sameAmount = state?.sameAmount
      ? LabelMemory.fromJSON(state.sameAmount, MAX_TEXTS_AND_AMOUNTS)
      : new LabelMemory(MAX_TEXTS_AND_AMOUNTS);
    for (const key of Object.keys(state?.sameAmount ?? {}))
      this.sameAmountMerchants.add(key.slice(0, key.lastIndexOf('#')));
    this.bayes = state ? NaiveBayes.fromJSON(state.bayes) : new NaiveBayes();
    this.wordBayes = state?.wordBayes ? NaiveBayes.fromJSON(state.wordBayes) : new NaiveBayes();
    this.linear = state ? OnlineLinear.fromJSON(state.linear) : new OnlineLinear();
    this.labelMap = state ? LabelMap.fromJSON(state.labelMap) : new LabelMap();
    this.calibration = state ? SourceCalibration.fromJSON(state.calibration) : new SourceCalibration();
    this.decisions = state?.decisions ? SourceCalibration.fromJSON(state.decisions) : new SourceCalibration();
  }

  toJSON(): PersonalModelState {
    return {
      version: 1,
      examples: this.examples,
      exact: this.exact.toJSON(),
      merchant: this.merchant.toJSON(),
      sameAmount: this.sameAmount.toJSON(),
      bayes: this.bayes.toJSON(),
      wordBayes: this.wordBayes.toJSON(),
      linear: this.linear.toJSON(),
      labelMap: this.labelMap.toJSON(),
      calibration: this.calibration.toJSON(),
      decisions: this.decisions.toJSON(),
    };
  }

  /** Labelled examples learned so far: the model version a decision records. */
  get version(): number {
    return this.examples;
  }

  /** Has this person labelled the merchant before? */
  knowsMerchant(tx: CategorisableTransaction): boolean {
    return this.merchant.has(this.prepare(tx).view.merchant);
  }

  predict(tx: CategorisableTransaction): ModelAnswer | null {
    const merchant = tx.merchant ?? merchantKey(tx.description);
    const facts = this.texts.of(tx.description, merchant);
    if (!this.onlyKnowledgeAnswers(facts, merchant)) return this.answerOf(this.prepared(tx, merchant, facts));
    // Then the answer is the same for every row of this text until the model learns again: a
    // person's first statement is decided once per description, not once per row.
    if (facts.knowledgeOnly?.examples !== this.examples)
      facts.knowledgeOnly = { examples: this.examples, answer: this.answerOf(this.prepared(tx, merchant, facts)) };
    return facts.knowledgeOnly.answer;
  }

  /**
   * Whether only the shipped knowledge can answer for this text and merchant, whatever the
   * row's amount, date and account: no memory of the text or of the merchant's amounts, and no
   * generaliser that has learned anything (a new person's model, for their first statement).
   */
  private onlyKnowledgeAnswers(facts: TextFacts, merchant: string): boolean {
    const off = this.without;
    return (
      (off.has('exact') || !this.exact.has(facts.exactKey)) &&
      (off.has('same-amount') || !this.sameAmountMerchants.has(merchant)) &&
      (off.has('naive-bayes') || this.bayes.empty) &&
      (off.has('word-bayes') || this.wordBayes.empty) &&
      (off.has('linear') || this.linear.empty)
    );
  }

  private answerOf(prepared: Prepared): ModelAnswer | null {
    const winner = this.winner(this.propose(prepared));
    if (!winner) return null;
    const { proposal } = winner;
    // The most confident of several answers is more often wrong than its own confidence says
    // (the best of many guesses looks better than it is): the confidence shown is how often
    // such a winner has been right for this person.
    const confidence = this.without.has('winner-record')
      ? winner.confidence
      : this.decisions.confidence(winner.bucket, winner.confidence);
    return {
      category: proposal.label,
      confidence,
      answerer: proposal.answerer,
      knowledgeEntry: proposal.knowledgeEntry,
    };
  }

  /**
   * The label every answerer gives instead of `label`, when at least four answer, the person's
   * own memory of the merchant is among them and the person has labelled the merchant otherwise
   * since; null otherwise. A learned rule they all contradict is out of date.
   */
  outvotes(tx: CategorisableTransaction, label: string): string | null {
    // The merchant memory must disagree too: asking it first, before anything costly, spares
    // the other answerers on most rows; then the first answerer that agrees with the rule ends it.
    const merchant = tx.merchant ?? merchantKey(tx.description);
    const sign: 1 | -1 = tx.amount < 0 ? -1 : 1;
    const remembered = merchant ? this.merchant.vote(merchant, sign, Math.abs(tx.amount)) : null;
    if (!remembered || remembered.label === label) return null;
    // Only labels given since the rule count against it: a rule is learned from the person's
    // latest word on the merchant, so while that word is still the latest, the rule stands.
    if (this.merchant.history(merchant, sign).at(-1)?.label === label) return null;
    let answered = 0;
    for (const proposal of this.proposals(this.prepare({ ...tx, merchant }))) {
      if (proposal.label !== remembered.label) return null;
      answered += 1;
    }
    return answered >= UNANIMOUS_AT_LEAST ? remembered.label : null;
  }

  /**
   * The proposal most likely right (its calibrated confidence, averaged with how often its
   * answerer has been right when it won at that confidence), and its bucket in the record of
   * winners; but when that answer is unsure and its answerer alone gives it, two or more
   * answerers agreeing on another label, with well more confidence between them, win.
   */
  private winner(proposals: readonly Proposal[]): { proposal: Proposal; confidence: number; bucket: string } | null {
    let best: { proposal: Proposal; confidence: number } | null = null;
    let bestScore = -1;
    const confidences: number[] = [];
    for (const proposal of proposals) {
      const confidence = this.calibration.confidence(proposal.bucket, proposal.strength);
      confidences.push(confidence);
      // An answer is right as often as its record says, but an answerer that wins only when the
      // others are weak is right less often when it wins: its record as the winner counts half.
      const asWinner = this.without.has('winner-record')
        ? confidence
        : this.decisions.confidence(winnerBucket(proposal.answerer, confidence), confidence);
      const score = (confidence + asWinner) / 2;
      if (score > bestScore) [best, bestScore] = [{ proposal, confidence }, score];
    }
    if (!best) return null;
    if (best.confidence < LONE_ANSWER_UNSURE_BELOW && !this.without.has('agreement')) {
      const agreed = this.agreedAgainst(best, proposals, confidences);
      if (agreed) return { ...agreed, bucket: winnerBucket('agreed', agreed.confidence) };
    }
    return { ...best, bucket: winnerBucket(best.proposal.answerer, best.confidence) };
  }

  /**
   * When only its own answerer gives the unsure best answer: the label two or more answerers
   * agree on with well more confidence between them, as its most confident proposal; else null.
   */
  private agreedAgainst(
    best: { proposal: Proposal; confidence: number },
    proposals: readonly Proposal[],
    confidences: readonly number[],
  ): { proposal: Proposal; confidence: number } | null {
    const byLabel = new Map<string, { answerers: number; total: number; proposal: Proposal; confidence: number }>();
    proposals.forEach((proposal, index) => {
      const confidence = confidences[index];
      const backing = byLabel.get(proposal.label);
      if (!backing) byLabel.set(proposal.label, { answerers: 1, total: confidence, proposal, confidence });
      else {
        backing.answerers += 1;
        backing.total += confidence;
        if (confidence > backing.confidence) Object.assign(backing, { proposal, confidence });
      }
    });
    if (byLabel.get(best.proposal.label)!.answerers > 1) return null;
    let agreed: { answerers: number; total: number; proposal: Proposal; confidence: number } | null = null;
    for (const backing of byLabel.values()) {
      if (
        backing.answerers >= 2 &&
        backing.total > best.confidence * AGREEMENT_OUTWEIGHS &&
        (!agreed || backing.total > agreed.total)
      )
        agreed = backing;
    }
    return agreed && { proposal: agreed.proposal, confidence: agreed.confidence };
  }

  /**
   * What the person called this very description before, if anything, with its calibrated
   * confidence: cheap, for deciding whether a merchant-wide learned rule is too coarse.
   */
  exactMemory(tx: CategorisableTransaction): { category: string; confidence: number } | null {
    const exactKey =
      tx.merchant == null ? exactKeyOf(tx.description) : this.texts.of(tx.description, tx.merchant).exactKey;
    const proposal = this.fromMemory('exact', this.exact.vote(exactKey, tx.amount < 0 ? -1 : 1, Math.abs(tx.amount)));
    return proposal
      ? { category: proposal.label, confidence: this.calibration.confidence(proposal.bucket, proposal.strength) }
      : null;
  }

  /** The person confirmed or corrected a transaction's category: every answerer learns from it. */
  learn(tx: CategorisableTransaction, label: string): void {
    const prepared = this.prepare(tx);
    const proposals = this.propose(prepared);
    // As the linear model saw them when it answered: before this example moves any record.
    const linearFeatures = this.linearFeatures(prepared.view, proposals);
    const winner = this.winner(proposals);
    if (winner) this.decisions.record(winner.bucket, winner.proposal.label === label);
    for (const proposal of proposals) this.calibration.record(proposal.bucket, proposal.label === label);
    const { view } = prepared;
    // The translation serves merchants the person never labelled: it learns from those alone,
    // so a shop visited every week does not outweigh twenty shops visited once.
    if (prepared.knowledge && !this.merchant.has(view.merchant))
      this.labelMap.observe(prepared.knowledge.category, label, prepared.knowledge.kind);
    this.exact.remember(prepared.exactKey, label, view.sign, view.size);
    if (view.merchant) this.merchant.remember(view.merchant, label, view.sign, view.size);
    this.sameAmount.remember(sameAmountKey(view), label, view.sign, view.size);
    this.sameAmountMerchants.add(view.merchant);
    this.bayes.learn(view.features, label);
    this.wordBayes.learn(view.wordFeatures, label);
    this.linear.learn(linearFeatures, label);
    this.examples += 1;
  }

  /** What the person called this merchant before (money in or out), oldest first. */
  merchantHistory(merchant: string, sign: 1 | -1): { label: string; size: number }[] {
    return this.merchant.history(merchant, sign);
  }

  private prepare(tx: CategorisableTransaction): Prepared {
    const merchant = tx.merchant ?? merchantKey(tx.description);
    return this.prepared(tx, merchant, this.texts.of(tx.description, merchant));
  }

  private prepared(tx: CategorisableTransaction, merchant: string, facts: TextFacts): Prepared {
    const { knowledge, exactKey, features } = facts;
    return { view: viewOf(tx, merchant, features, this.rowStrings), exactKey, knowledge };
  }

  private fromMemory(answerer: string, vote: MemoryVote | null): Proposal | null {
    if (!vote) return null;
    // Indices into AGREEMENTS (all, most, half, few) and SUPPORTS (many, some, one).
    const agreement = vote.agreement >= 0.999 ? 0 : vote.agreement >= 0.75 ? 1 : vote.agreement >= 0.5 ? 2 : 3;
    const support = vote.support >= 4 ? 0 : vote.support >= 2 ? 1 : 2;
    const strength = MEMORY_STRENGTH_BASE + MEMORY_STRENGTH_PER_AGREEMENT * vote.agreement;
    return {
      label: vote.label,
      strength,
      bucket: memoryBucket(answerer, agreement, support, vote.mixed),
      answerer,
    };
  }

  private propose(prepared: Prepared): Proposal[] {
    return [...this.proposals(prepared)];
  }

  /** Every answerer's proposal, the cheap memories first. */
  private *proposals(prepared: Prepared): Generator<Proposal> {
    const { view } = prepared;
    const memories: [string, MemoryVote | null][] = [
      ['exact', this.exact.vote(prepared.exactKey, view.sign, view.size)],
    ];
    // The key is made only for a merchant with amounts remembered: most rows' merchants have none.
    const sameAmount = this.sameAmountMerchants.has(view.merchant)
      ? this.sameAmount.vote(sameAmountKey(view), view.sign, view.size)
      : null;
    memories.push(['same-amount', sameAmount]);
    const earlier: Proposal[] = [];
    for (const [answerer, vote] of memories) {
      if (this.without.has(answerer as Tier2Part)) continue;
      const proposal = this.fromMemory(answerer, vote);
      if (!proposal) continue;
      earlier.push(proposal);
      yield proposal;
    }
    // Generalisers are far less reliable on a merchant the person never labelled: calibrate them apart.
    const novelty = !view.merchant ? 'blank' : this.merchant.has(view.merchant) ? 'known' : 'new';
    // A generaliser that has seen a handful of labels is sure of everything: trust grows with examples.
    const maturity = this.examples / (this.examples + GENERALISER_MATURITY);
    // Two naive Bayes: one over everything, one over words only. Character n-grams catch a
    // misspelt or truncated name, but a dozen overlapping n-grams of one name are one piece of
    // evidence that naive Bayes counts a dozen times; the person's record decides between them.
    // An empty generaliser is not asked: it would answer nothing, and the row's features need not be made.
    const generalisers = [
      ['naive-bayes', this.bayes, () => view.features],
      ['word-bayes', this.wordBayes, () => view.wordFeatures],
    ] as const;
    for (const [answerer, bayes, features] of generalisers) {
      if (this.without.has(answerer) || bayes.empty) continue;
      const top = bayes.top(features());
      if (!top) continue;
      const tenth = Math.min(9, Math.floor(top.probability * 10));
      const proposal = {
        label: top.label,
        strength: top.probability * GENERALISER_STRENGTH * maturity,
        bucket: tenthBucket(answerer, novelty, tenth),
        answerer,
      };
      earlier.push(proposal);
      yield proposal;
    }
    if (prepared.knowledge && !this.without.has('knowledge')) {
      const { kind, category } = prepared.knowledge;
      // The finer kind speaks when the person has a label for it ("Clothing", "Coffee"); else the default category does.
      const byKind = kind ? this.labelMap.translateKind(kind, this.bayes.knownLabels) : null;
      const translated = byKind ?? this.labelMap.translate(category, this.bayes.knownLabels);
      const evidence = translated.evidence === 0 ? 'none' : translated.share >= 0.75 ? 'clear' : 'split';
      const proposal = {
        label: translated.label,
        strength: prepared.knowledge.confidence * translated.share,
        bucket: `knowledge:${novelty}:${prepared.knowledge.match}:${byKind ? `kind:${kind}` : category}:${evidence}`,
        answerer: 'knowledge',
        knowledgeEntry: prepared.knowledge.entry,
      };
      earlier.push(proposal);
      yield proposal;
    }
    // Last, the linear model: it reads the transaction and what every other answerer said.
    const linear =
      this.without.has('linear') || this.linear.empty ? null : this.linear.top(this.linearFeatures(view, earlier));
    if (linear) {
      const tenth = Math.min(9, Math.floor(linear.probability * 10));
      yield {
        label: linear.label,
        strength: linear.probability * GENERALISER_STRENGTH * maturity,
        bucket: tenthBucket('linear', novelty, tenth),
        answerer: 'linear',
      };
    }
  }

  /**
   * The transaction's own features and, for each other answerer, the label it proposed and
   * how sure its record makes it: the linear model learns whom to believe for which label
   * (the merchant memory over naive Bayes for Shopping, the knowledge for a first-seen café).
   */
  private linearFeatures(view: TransactionView, proposals: readonly Proposal[]): string[] {
    const features = [...view.features];
    if (this.without.has('linear-votes')) return features;
    for (const proposal of proposals) {
      if (proposal.answerer === 'linear') continue;
      const tenth = Math.min(9, Math.floor(this.calibration.confidence(proposal.bucket, proposal.strength) * 10));
      const votes = this.voteFeaturesOf(proposal.answerer, proposal.label);
      features.push(votes[0], votes[1 + tenth]);
    }
    return features;
  }

  /** `v:ANSWERER:LABEL`, then the same with each tenth `:0`…`:9` appended. */
  private voteFeaturesOf(answerer: string, label: string): string[] {
    let byLabel = this.voteFeatures.get(answerer);
    if (!byLabel) {
      byLabel = new Map();
      this.voteFeatures.set(answerer, byLabel);
    }
    let votes = byLabel.get(label);
    if (!votes) {
      const vote = `v:${answerer}:${label}`;
      votes = [vote, ...Array.from({ length: 10 }, (_, tenth) => `${vote}:${tenth}`)];
      byLabel.set(label, votes);
    }
    return votes;
  }
}

/** Where the record of winners keeps a win: by answerer and tenth of calibrated confidence (the keys made once). */
const WINNER_BUCKETS = new Map<string, string[]>();
function winnerBucket(answerer: string, confidence: number): string {
  let buckets = WINNER_BUCKETS.get(answerer);
  if (!buckets) {
    buckets = Array.from({ length: 10 }, (_, tenth) => `${answerer}:${tenth}`);
    WINNER_BUCKETS.set(answerer, buckets);
  }
  return buckets[Math.min(9, Math.floor(confidence * 10))];
}

/** The same-amount memory's key: the merchant (empty for a blank note) and the exact amount. */
function sameAmountKey(view: TransactionView): string {
  return `${sameAmountPrefix(view.merchant)}${view.sign * view.size}`;
}

/** What every same-amount key of one merchant starts with. */
function sameAmountPrefix(merchant: string): string {
  return `${merchant}#`;
}

const AGREEMENTS = ['all', 'most', 'half', 'few'] as const;
const SUPPORTS = ['many', 'some', 'one'] as const;
/** A memory's calibration bucket: answerer, agreement, support and whether the key's labels disagree (the keys made once). */
const MEMORY_BUCKETS = new Map<string, string[]>();
function memoryBucket(answerer: string, agreement: number, support: number, mixed: boolean): string {
  let buckets = MEMORY_BUCKETS.get(answerer);
  if (!buckets) {
    buckets = AGREEMENTS.flatMap((a) =>
      SUPPORTS.flatMap((s) => [`${answerer}:${a}:${s}:pure`, `${answerer}:${a}:${s}:mixed`]),
    );
    MEMORY_BUCKETS.set(answerer, buckets);
  }
  return buckets[(agreement * SUPPORTS.length + support) * 2 + (mixed ? 1 : 0)];
}

/** A generaliser's calibration bucket: answerer, novelty of the merchant and tenth of its probability (the keys made once). */
const TENTH_BUCKETS = new Map<string, Map<string, string[]>>();
function tenthBucket(answerer: string, novelty: string, tenth: number): string {
  let byNovelty = TENTH_BUCKETS.get(answerer);
  if (!byNovelty) {
    byNovelty = new Map();
    TENTH_BUCKETS.set(answerer, byNovelty);
  }
  let buckets = byNovelty.get(novelty);
  if (!buckets) {
    buckets = Array.from({ length: 10 }, (_, i) => `${answerer}:${novelty}:${i}`);
    byNovelty.set(novelty, buckets);
  }
  // A probability that is not a number has no bucket made for it.
  return buckets[tenth] ?? `${answerer}:${novelty}:${tenth}`;
}
