import { DEFAULT_CATEGORIES, type CategoryGroup } from '../categorise/taxonomy';

/** A category's 50/30/20 group, or 'uncategorised' for a transaction nobody labelled yet. */
export type SummaryGroup = CategoryGroup | 'uncategorised';

const DEFAULT_GROUPS = new Map<string, CategoryGroup>(DEFAULT_CATEGORIES.map((c) => [c.name, c.group]));

/**
 * The group of each of a person's categories: their own setting (a category of their own,
 * or a default they moved) first, then the default taxonomy; a label nobody placed counts as
 * a want, the group people can most easily change.
 */
export function categoryGrouper(overrides: ReadonlyMap<string, string>): (category: string) => SummaryGroup {
  return (category) => {
    if (category === '') return 'uncategorised';
    return (overrides.get(category) as CategoryGroup | undefined) ?? DEFAULT_GROUPS.get(category) ?? 'wants';
  };
}

export const BUDGET_GROUPS = ['needs', 'wants', 'savings'] as const;
export type BudgetGroup = (typeof BUDGET_GROUPS)[number];

export function isBudgetGroup(name: string): name is BudgetGroup {
  return (BUDGET_GROUPS as readonly string[]).includes(name);
}
