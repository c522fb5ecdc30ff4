/**
 * Shapes of the insight, budget and forecast answers the pages read. These routes are
 * being built as this app grows; the generated api-schema.d.ts takes over each shape as its
 * route lands (see types.ts). Fields are optional where the API documents them as optional.
 */
export interface Summary {
  currency: string;
  income: number;
  expenses?: number;
  spending?: number;
  net: number;
  savingsRate?: number | null;
  byCategory?: { category?: string; group?: string; name?: string; amount: number; share?: number; count?: number }[];
  byGroup?: { group?: string; category?: string; name?: string; amount: number; share?: number }[];
}

export interface BudgetStatus {
  category: string;
  currency?: string;
  limit: number;
  spent: number;
  remaining: number;
  projected?: number;
  status: 'ok' | 'warning' | 'over';
  expectedCrossing?: string | null;
}

/** Lists come as `{ items }` or as a bare array; per-currency answers as `{ items }` too. */
export function itemsOf<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items))
    return (value as { items: T[] }).items;
  return value ? [value as T] : [];
}
