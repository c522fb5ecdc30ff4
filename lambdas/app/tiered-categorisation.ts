import type { Metrics } from '@aws-lambda-powertools/metrics';
import { budgetedLanguageModel } from './budgeted-language-model';
import { DEFAULT_PERSON_LIMITS } from '../core/person-limits';
import type { CategorisableTransaction } from '../core/categorise/features';
import { merchantKey } from '../core/categorise/merchant-key';
import type { MerchantKnowledge } from '../core/categorise/merchant-knowledge';
import { PersonCategoriser } from '../core/categorise/person-categoriser';
import { PersonalModel } from '../core/categorise/personal-model';
import type { Rule } from '../core/categorise/rules';
import { groupOfLabel } from '../core/categorise/label-names';
import { DEFAULT_CATEGORY_NAMES, isDefaultCategory } from '../core/categorise/taxonomy';
import { resolveUnsure } from '../core/categorise/tiered-categoriser';
import type { InsertDecisions } from '../ports/import-store';
import type { LanguageModel } from '../ports/language-model';
import {
  deleteRules,
  insertCorrection,
  insertRule,
  listDontLearn,
  listRules,
  loadModelState,
  lockPersonModel,
  merchantAnswerCache,
  saveModelState,
  teachingCorrections,
} from '../adapters/postgres/repositories/categorisation';
import { insertCategoryIfAbsent, listCategoryStates } from '../adapters/postgres/repositories/categories';
import {
  applyRuleToUncorrected,
  setManualCategory,
  updateCategories,
  type CategoryUpdate,
  type DecidableRow,
  type TransactionRow,
} from '../adapters/postgres/repositories/transactions';
import type { UserTransaction } from '../adapters/postgres/user-scope';
import { recordTier3 } from './app-metrics';
import type { CategorisationService } from './categoriser';

export function asCategorisable(
  row: Pick<TransactionRow, 'description' | 'amount' | 'date' | 'account_id' | 'merchant'>,
): CategorisableTransaction {
  return {
    description: row.description,
    amount: Number(row.amount),
    date: String(row.date).slice(0, 10),
    accountId: row.account_id,
    merchant: row.merchant ?? merchantKey(row.description),
  };
}

/** The person's categories as deciding needs them: the labels they use, and old name → new name of those renamed or merged. */
async function personCategories(trx: UserTransaction): Promise<{ labels: string[]; renamed: Map<string, string> }> {
  const own = await listCategoryStates(trx);
  const gone = new Set(own.filter((c) => c.retired || c.mergedInto).map((c) => c.name));
  const labels = new Set<string>(DEFAULT_CATEGORY_NAMES.filter((name) => !gone.has(name)));
  for (const c of own) if (!c.retired && !c.mergedInto) labels.add(c.name);
  const renamed = new Map(own.flatMap((c) => (c.mergedInto ? [[c.name, c.mergedInto] as const] : [])));
  return { labels: [...labels], renamed };
}

/** Shipped knowledge still answers in default names: a default the person renamed answers in its new name. */
function followMerges(category: string, merged: ReadonlyMap<string, string>): string {
  let name = category;
  for (let hops = 0; hops < 10 && merged.has(name); hops += 1) name = merged.get(name)!;
  return name;
}

export async function loadPersonCategoriser(
  trx: UserTransaction,
  knowledge: MerchantKnowledge,
): Promise<PersonCategoriser> {
  // One after another: a Data API transaction runs one statement at a time.
  const model = await loadModelState(trx);
  const rules = await listRules(trx);
  const dontLearn = await listDontLearn(trx);
  return new PersonCategoriser(knowledge, { model, rules, dontLearn });
}

/** What deciding for one person needs from the database: read once per batch run, unchanged by deciding. */
interface PersonState {
  categoriser: PersonCategoriser;
  labels: string[];
  renamed: Map<string, string>;
}

async function loadPersonState(trx: UserTransaction, knowledge: MerchantKnowledge): Promise<PersonState> {
  const categoriser = await loadPersonCategoriser(trx, knowledge);
  const { labels, renamed } = await personCategories(trx);
  return { categoriser, labels, renamed };
}

/**
 * Tiers 1–2 for rows about to be inserted (the local stack's import): a person's rules, model
 * and categories read once, then each row's category when the answer is sure, `null` when it
 * is not (the categoriser then asks tier 3, as for any unsure row). The same decision and the
 * same renamed category as `decideAndWrite` writes.
 */
export async function loadSureDecider(
  trx: UserTransaction,
  knowledge: MerchantKnowledge,
): Promise<(transactions: readonly CategorisableTransaction[]) => InsertDecisions> {
  const { categoriser, renamed } = await loadPersonState(trx, knowledge);
  return (transactions) => {
    const decisions: InsertDecisions = { categories: [], categorySources: [], confidences: [], decidedBy: [] };
    for (const tx of transactions) {
      const decision = categoriser.decide(tx);
      const sure = !decision.unsure;
      decisions.categories.push(sure ? followMerges(decision.category, renamed) : null);
      decisions.categorySources.push(sure ? decision.categorySource : null);
      decisions.confidences.push(sure ? decision.confidence : null);
      decisions.decidedBy.push(sure ? decision.decidedBy : null);
    }
    return decisions;
  };
}

/**
 * Which decisions are written: `all` (new imports, manual entries: nothing was decided yet),
 * or `better` (the nightly retrain: only a row with no category, or one the rebuilt model
 * answers differently and more surely).
 */
export type WritePolicy = 'all' | 'better';

export interface DecidedAndWritten {
  written: number;
  /** Rows written with a tier-2 answer still unsure: tier 3 was not reached (no language model here, or it failed). */
  unsure: string[];
  /** How each written row was decided (rule, model, llm), for the categorisation metrics. */
  sources: string[];
}

/** One person's categoriser, loaded once, deciding and writing as many rows as are given to it. */
export interface PersonDecisions {
  decideAndWrite(rows: readonly DecidableRow[], policy?: WritePolicy): Promise<DecidedAndWritten>;
}

/**
 * The one place a machine decides a category and writes it: the categoriser Lambda, the
 * nightly retrain and manual entries all come here, so they decide alike. Tiers 1 and 2 for
 * every row, then tier 3 for the unique merchants still unsure (cached per merchant: with no
 * language model, or when it fails, a cached answer still counts and the tier-2 answer stands
 * otherwise), then a category the person renamed is written under its new name.
 * `forBatchRun()` gives a service that loads each person's model, rules and categories once
 * for a whole batch of queue messages rather than once per message (five queries each, Data API
 * round trips on AWS); the language-model budget and the answer cache stay per transaction.
 */
export function tieredCategorisation(deps: {
  knowledge: MerchantKnowledge;
  languageModel: LanguageModel | null;
  metrics?: Metrics;
  /** Tier-3 calls a person may cause a day; past it the tier-2 answer stands. */
  languageModelCallsPerDay?: number;
  /** true on postgres.js (the local stack): decisions are written as array parameters, not a VALUES list. */
  arrayParameters?: boolean;
}): CategorisationService {
  const service = (loaded: Map<string, PersonState> | null): CategorisationService => ({
    async forPerson(trx, userId): Promise<PersonDecisions> {
      let state = loaded?.get(userId);
      if (!state) {
        state = await loadPersonState(trx, deps.knowledge);
        loaded?.set(userId, state);
      }
      const { categoriser, labels, renamed } = state;
      // Tier 3 within the person's daily budget of language-model calls.
      const languageModel = deps.languageModel
        ? budgetedLanguageModel(
            deps.languageModel,
            trx,
            userId,
            deps.languageModelCallsPerDay ?? DEFAULT_PERSON_LIMITS.languageModelCallsPerDay,
          )
        : null;
      return {
        async decideAndWrite(rows, policy = 'all') {
          if (rows.length === 0) return { written: 0, unsure: [], sources: [] };
          const transactions = rows.map(asCategorisable);
          const decisions = transactions.map((tx) => categoriser.decide(tx));
          const tier3 = await resolveUnsure(decisions, transactions, {
            languageModel,
            cache: merchantAnswerCache(trx, userId),
            labels,
          });
          // An outage leaves tier-2 answers in place, marked ';llm-unavailable': counted so it is seen.
          if (deps.metrics) recordTier3(deps.metrics, tier3, deps.languageModel !== null);
          const updates: CategoryUpdate[] = [];
          const unsure: string[] = [];
          decisions.forEach((decision, index) => {
            const row = rows[index];
            const category = followMerges(decision.category, renamed);
            const better =
              row.category === null || (row.category !== category && decision.confidence > (row.confidence ?? 0));
            if (policy === 'better' && !better) return;
            updates.push({
              id: row.id,
              merchant: decision.merchant || null,
              category,
              categorySource: decision.categorySource,
              confidence: decision.confidence,
              decidedBy: decision.decidedBy,
            });
            if (decision.unsure) unsure.push(row.id);
          });
          return {
            written: await updateCategories(trx, updates, { arrays: deps.arrayParameters }),
            unsure,
            sources: updates.map((update) => update.categorySource),
          };
        },
      };
    },
    forBatchRun: () => service(new Map()),
  });
  return service(null);
}

export interface CorrectionResult {
  rule: Rule | null;
  /** Transactions given the category: this one and, unless asked not to, the merchant's others. */
  updatedCount: number;
}

/**
 * A person set a transaction's category. The same category as shown is a confirmation; a
 * different one is a correction: stored, learned by the model at once, learned as a rule for
 * the merchant and, unless `applyToSimilar` is false, applied to the person's other
 * transactions of that merchant that nobody set by hand.
 */
export async function recordCategoryChoice(
  trx: UserTransaction,
  userId: string,
  row: TransactionRow,
  category: string,
  options: { applyToSimilar: boolean; knowledge: MerchantKnowledge },
): Promise<CorrectionResult> {
  // One person's corrections are learned one at a time: the model is read, changed and written whole.
  await lockPersonModel(trx, userId);
  const categoriser = await loadPersonCategoriser(trx, options.knowledge);
  const tx = asCategorisable(row);
  const kind = row.category === category ? 'confirmation' : 'correction';
  await rememberLabel(trx, userId, category);
  const correctionId = await insertCorrection(trx, userId, {
    transaction_id: row.id,
    merchant: tx.merchant ?? '',
    description: row.description,
    amount: Number(row.amount),
    date: tx.date,
    account_id: row.account_id,
    previous_category: row.category,
    category,
    kind,
  });
  await setManualCategory(trx, row.id, { category, correctionId, merchant: tx.merchant || null });
  let rule: Rule | null = null;
  if (kind === 'confirmation') {
    categoriser.confirm(tx, category);
  } else {
    const outcome = categoriser.correct(tx, category, { correctionId, ruleId: crypto.randomUUID() });
    await deleteRules(trx, outcome.replaced);
    if (outcome.rule) rule = await insertRule(trx, userId, outcome.rule);
  }
  await saveModelState(trx, userId, categoriser.model.toJSON());
  const similar = rule && options.applyToSimilar ? await applyRuleToUncorrected(trx, rule, row.id) : 0;
  return { rule, updatedCount: 1 + similar };
}

/**
 * A person's model from scratch: every label they gave that still teaches, in the order they
 * gave it. Returns how many were learned.
 */
export async function rebuildModel(
  trx: UserTransaction,
  userId: string,
  knowledge: MerchantKnowledge,
): Promise<number> {
  // A merchant marked "don't learn" teaches nothing, whenever its corrections were made.
  const dontLearn = new Set(await listDontLearn(trx));
  const model = new PersonalModel(knowledge);
  let learned = 0;
  for await (const labels of teachingCorrections(trx)) {
    for (const label of labels) {
      if (label.merchant && dontLearn.has(label.merchant)) continue;
      const { description, amount, date, account_id: accountId, merchant } = label;
      model.learn(
        { description, amount: Number(amount), date: String(date).slice(0, 10), accountId, merchant },
        label.category,
      );
      learned += 1;
    }
  }
  await saveModelState(trx, userId, model.toJSON());
  return learned;
}

/** A label the person used that is neither a default category nor one of theirs becomes one of theirs. */
async function rememberLabel(trx: UserTransaction, userId: string, label: string): Promise<void> {
  if (isDefaultCategory(label)) return;
  await insertCategoryIfAbsent(trx, userId, { name: label, group: groupOfLabel(label) });
}
