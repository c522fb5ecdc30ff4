/**
 * `--categories labels|machine` for the insight evaluations: a history scored with the person's own
 * category labels, or with what a new person's first import would store instead.
 */
import { loadMerchantKnowledge } from '../lambdas/app/merchant-knowledge-files';
import type { MerchantKnowledge } from '../lambdas/core/categorise/merchant-knowledge';
import { PersonCategoriser } from '../lambdas/core/categorise/person-categoriser';
import type { RecurringInput } from '../lambdas/core/insights/recurring-series';

export const CATEGORY_MODES = ['labels', 'machine'] as const;
export type CategoryMode = (typeof CATEGORY_MODES)[number];

/** The `--categories` flag's value among a script's arguments (default `labels`); any other value ends the script with the choices. */
export function categoryModeOf(args: readonly string[]): CategoryMode {
  const at = args.indexOf('--categories');
  const mode = at >= 0 ? args[at + 1] : 'labels';
  if (!(CATEGORY_MODES as readonly string[]).includes(mode)) {
    process.stderr.write(`--categories ${mode}: one of ${CATEGORY_MODES.join(', ')}\n`);
    process.exit(2);
  }
  return mode as CategoryMode;
}

/**
 * Every row's category as a new person's first import stores it: one fresh categoriser (shipped
 * merchant knowledge, no corrections, no rules) decides each row, and its tier-2 answer is what is
 * kept even when unsure, since locally there is no language model to ask (the categoriser Lambda
 * writes the tier-2 answer when tier 3 is absent: money out with nothing to go on is `Other`,
 * money in `Income`). Nothing is learned between rows: nobody has confirmed anything yet.
 */
export function withMachineCategories(
  rows: readonly RecurringInput[],
  knowledge: MerchantKnowledge = loadMerchantKnowledge(),
): RecurringInput[] {
  const categoriser = new PersonCategoriser(knowledge);
  return rows.map((row) => ({
    ...row,
    category: categoriser.decide({ description: row.description, amount: row.amount, date: row.date }).category,
  }));
}

/** The rows as the mode reads them. */
export function categorisedAs(mode: CategoryMode, rows: readonly RecurringInput[]): RecurringInput[] {
  return mode === 'machine' ? withMachineCategories(rows) : [...rows];
}
