import type { SummaryGroup } from './category-groups';

/** One maintained aggregate as the summaries read it: a month, a key, and gross money in and out. */
export interface FlowCell {
  /** YYYY-MM */
  month: string;
  /** what the summary groups by: a category, a group, an account id or a merchant */
  key: string;
  category: string;
  currency: string;
  spent: number;
  received: number;
  count: number;
}

export interface Flow {
  income: number;
  expenses: number;
}

/**
 * What a cell adds to income and to spending. Transfers between the person's own accounts
 * are neither. A refund nets against its category (a returned purchase lowers spending, a
 * salary reversal lowers income). An unlabelled transaction counts by its direction.
 */
export function flowOf(group: SummaryGroup, spent: number, received: number): Flow {
  switch (group) {
    case 'transfer':
      return { income: 0, expenses: 0 };
    case 'income':
      return { income: received - spent, expenses: 0 };
    case 'uncategorised':
      return { income: received, expenses: spent };
    default:
      return { income: 0, expenses: spent - received };
  }
}

export function savingsRate(income: number, expenses: number): number | null {
  return income > 0 ? round4((income - expenses) / income) : null;
}

export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
