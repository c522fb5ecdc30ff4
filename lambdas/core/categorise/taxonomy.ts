/** The 50/30/20 groups a category counts in (the API's zod enum is built from this tuple). */
export const CATEGORY_GROUPS = ['needs', 'wants', 'savings', 'income', 'transfer'] as const;

export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

/** The group of money moved between a person's own accounts: neither spent nor earned. */
export const TRANSFER_GROUP = 'transfer' satisfies CategoryGroup;

/**
 * The default categories every person starts with. Shipped merchant knowledge answers in
 * these names; a person's own labels are mapped onto them from their corrections.
 */
export const DEFAULT_CATEGORIES = [
  { name: 'Income', group: 'income' },
  { name: 'Salary', group: 'income' },
  { name: 'Groceries', group: 'needs' },
  { name: 'Dining', group: 'wants' },
  { name: 'Transport', group: 'needs' },
  { name: 'Fuel', group: 'needs' },
  { name: 'Housing', group: 'needs' },
  { name: 'Utilities & Bills', group: 'needs' },
  { name: 'Shopping', group: 'wants' },
  { name: 'Entertainment', group: 'wants' },
  { name: 'Health', group: 'needs' },
  { name: 'Travel', group: 'wants' },
  { name: 'Subscriptions', group: 'wants' },
  { name: 'Education', group: 'needs' },
  { name: 'Fees & Charges', group: 'needs' },
  { name: 'Cash', group: 'wants' },
  { name: 'Transfers', group: 'transfer' },
  { name: 'Other', group: 'wants' },
] as const satisfies readonly { name: string; group: CategoryGroup }[];

export type DefaultCategory = (typeof DEFAULT_CATEGORIES)[number]['name'];

export const DEFAULT_CATEGORY_NAMES: readonly DefaultCategory[] = DEFAULT_CATEGORIES.map((c) => c.name);

export function isDefaultCategory(name: string): name is DefaultCategory {
  return (DEFAULT_CATEGORY_NAMES as readonly string[]).includes(name);
}

/** The default category of the transfer group: where a linked transfer is filed. */
export const TRANSFER_CATEGORY = DEFAULT_CATEGORIES.find((c) => c.group === TRANSFER_GROUP)!.name;
