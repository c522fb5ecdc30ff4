import type { LanguageModel } from '../../ports/language-model';
import { askLanguageModel, type MerchantQuestion } from './ask-language-model';
import type { CategorisableTransaction } from './features';
import { merchantKey } from './merchant-key';
import type { PersonalModel } from './personal-model';
import type { RuleBook } from './rules';
import { LLM_CONFIDENCE, RULE_CONFIDENCE, SPECIFIC_MEMORY, UNSURE_BELOW } from './tuning';

export interface Decision {
  merchant: string;
  category: string;
  categorySource: 'rule' | 'model' | 'llm';
  confidence: number;
  /** The rule id, the model version and answerer, the knowledge entry, or the language model. */
  decidedBy: string;
  /** Below the threshold: tier 3 may do better. */
  unsure: boolean;
}

export { RULE_CONFIDENCE, UNSURE_BELOW } from './tuning';

/**
 * Tiers 1 and 2, synchronous and fast: the person's rules in order, else their model
 * (memories, naive Bayes and the shipped knowledge). With nothing to go on, money in is
 * Income and money out is Other, marked unsure.
 */
export function decide(tx: CategorisableTransaction, rules: RuleBook, model: PersonalModel): Decision {
  const merchant = tx.merchant ?? merchantKey(tx.description);
  // The model is asked with the merchant key made here, not made again (the row itself when it has one).
  const subject = tx.merchant === merchant ? tx : { ...tx, merchant };
  const rule = rules.firstMatch({ description: tx.description, merchant, amount: tx.amount, accountId: tx.accountId });
  // A learned rule speaks for the whole merchant; the person's label for this very text is
  // more specific (`AMZN Digital*Prime` and `AMZN Mktp` share a merchant key). And a learned
  // rule is only the person's latest correction: when every answerer of the model, the
  // person's own memory of the merchant among them, says otherwise, the rule is out of date.
  const learned = rule?.source === 'learned';
  const exact = learned && !model.without.has('specific-memory') ? model.exactMemory(subject) : null;
  const moreSpecific = exact !== null && exact.confidence >= SPECIFIC_MEMORY && exact.category !== rule?.category;
  const outvoted =
    rule &&
    learned &&
    !moreSpecific &&
    !model.without.has('outvote') &&
    model.outvotes(subject, rule.category) !== null;
  if (rule && !moreSpecific && !outvoted) {
    return {
      merchant,
      category: rule.category,
      categorySource: 'rule',
      confidence: RULE_CONFIDENCE,
      decidedBy: `rule:${rule.id}`,
      unsure: false,
    };
  }
  const answer = model.predict(subject);
  if (!answer) {
    return {
      merchant,
      category: tx.amount > 0 ? 'Income' : 'Other',
      categorySource: 'model',
      confidence: 0.1,
      decidedBy: `model@${model.version}:fallback`,
      unsure: true,
    };
  }
  const confidence = Math.round(answer.confidence * 1000) / 1000;
  return {
    merchant,
    category: answer.category,
    categorySource: 'model',
    confidence,
    decidedBy: answer.knowledgeEntry ?? `model@${model.version}:${answer.answerer}`,
    unsure: confidence < UNSURE_BELOW,
  };
}

/** Tier-3 answers remembered per person and merchant: a merchant never costs a second call. */
export interface MerchantAnswerCache {
  get(merchants: readonly string[]): Promise<Map<string, string>>;
  put(answers: ReadonlyMap<string, string>, modelId: string): Promise<void>;
}

export interface Tier3Outcome {
  calls: number;
  asked: number;
  /** Set when the model could not be reached: the tier-2 answers stand. */
  unavailable: string | null;
}

/**
 * Tier 3: the unique merchants still unsure, from the cache or from the language model in
 * calls of up to 50, answered within the person's labels. Decisions are updated in place.
 */
export async function resolveUnsure(
  decisions: Decision[],
  transactions: readonly CategorisableTransaction[],
  deps: { languageModel: LanguageModel | null; cache: MerchantAnswerCache; labels: readonly string[] },
): Promise<Tier3Outcome> {
  const unsure = decisions
    .map((decision, index) => ({ decision, tx: transactions[index] }))
    .filter(({ decision }) => decision.unsure && decision.merchant);
  if (unsure.length === 0) return { calls: 0, asked: 0, unavailable: null };
  const merchants = [...new Set(unsure.map(({ decision }) => decision.merchant))];
  const answers = await deps.cache.get(merchants);
  const questions: MerchantQuestion[] = [];
  const queued = new Set<string>();
  for (const { decision, tx } of unsure) {
    if (answers.has(decision.merchant) || queued.has(decision.merchant)) continue;
    queued.add(decision.merchant);
    questions.push({
      merchant: decision.merchant,
      example: tx.description.slice(0, 120),
      direction: tx.amount < 0 ? 'out' : 'in',
    });
  }
  let unavailable: string | null = deps.languageModel ? null : 'no language model configured';
  let calls = 0;
  if (deps.languageModel && questions.length > 0) {
    try {
      const fresh = await askLanguageModel(deps.languageModel, questions, deps.labels, () => {
        calls += 1;
      });
      await deps.cache.put(fresh, deps.languageModel.modelId);
      for (const [merchant, label] of fresh) answers.set(merchant, label);
    } catch (error) {
      unavailable = (error as Error).message;
    }
  }
  for (const { decision } of unsure) {
    const label = answers.get(decision.merchant);
    if (label) {
      Object.assign(decision, {
        category: label,
        categorySource: 'llm',
        confidence: LLM_CONFIDENCE,
        decidedBy: `llm:${deps.languageModel?.modelId ?? 'cache'}`,
        unsure: false,
      });
    } else if (unavailable) {
      decision.decidedBy += ';llm-unavailable';
    }
  }
  return { calls, asked: questions.length, unavailable };
}
