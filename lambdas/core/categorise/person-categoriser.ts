import type { CategorisableTransaction } from './features';
import { merchantKey } from './merchant-key';
import type { MerchantKnowledge } from './merchant-knowledge';
import { PersonalModel, type PersonalModelState, type Tier2Part } from './personal-model';
import { learnFromCorrection, RuleBook, type Rule } from './rules';
import { decide, type Decision } from './tiered-categoriser';

export interface PersonCategoriserState {
  model: PersonalModelState | null;
  rules: Rule[];
  /** Merchant keys the person marked "don't learn". */
  dontLearn: string[];
}

export interface CorrectionOutcome {
  rule: Rule | null;
  /** Learned rules the new one replaced. */
  replaced: string[];
}

/**
 * One person's categoriser: the same object decides for the Lambda, learns from a
 * correction in the API, and replays a history in the evaluation, so what is measured is
 * what runs.
 */
export class PersonCategoriser {
  readonly model: PersonalModel;
  private readonly book: RuleBook;
  private readonly dontLearn: Set<string>;

  constructor(
    knowledge: MerchantKnowledge | null,
    state: PersonCategoriserState = { model: null, rules: [], dontLearn: [] },
    options: { without?: Iterable<Tier2Part> } = {},
  ) {
    this.model = new PersonalModel(knowledge, state.model ?? undefined, options);
    this.book = new RuleBook(state.rules);
    this.dontLearn = new Set(state.dontLearn);
  }

  decide(tx: CategorisableTransaction): Decision {
    return decide(tx, this.book, this.model);
  }

  /**
   * The person set a category the categoriser did not give: the model learns it at once and
   * a rule is learned for the merchant (unless it is marked "don't learn").
   */
  correct(
    tx: CategorisableTransaction,
    category: string,
    ids: { correctionId: string; ruleId: string },
  ): CorrectionOutcome {
    const merchant = tx.merchant ?? merchantKey(tx.description);
    const sign: 1 | -1 = tx.amount < 0 ? -1 : 1;
    const change = learnFromCorrection({
      subject: { description: tx.description, merchant, amount: tx.amount, accountId: tx.accountId },
      category,
      correctionId: ids.correctionId,
      existing: this.book.rulesFor(merchant),
      otherLabels: this.model.merchantHistory(merchant, sign),
      dontLearn: this.dontLearn.has(merchant),
    });
    this.learn({ ...tx, merchant }, category);
    if (!change.add) return { rule: null, replaced: [] };
    const rule: Rule = { id: ids.ruleId, ...change.add };
    this.book.remove(change.replace);
    this.book.add(rule);
    return { rule, replaced: change.replace };
  }

  /** The person saw the category and kept it. */
  confirm(tx: CategorisableTransaction, category: string): void {
    this.learn(tx, category);
  }

  private learn(tx: CategorisableTransaction, category: string): void {
    const merchant = tx.merchant ?? merchantKey(tx.description);
    if (merchant && this.dontLearn.has(merchant)) return;
    this.model.learn({ ...tx, merchant }, category);
  }
}
