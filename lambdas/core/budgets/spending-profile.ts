import { median } from '../summary/months';

/** Spending of one key (a category, or `group:needs`…) on one day of one past month. */
export interface DailySpending {
  key: string;
  currency: string;
  /** YYYY-MM */
  month: string;
  /** 1–31 */
  day: number;
  /** money out minus refunds */
  amount: number;
}

export interface KeyProfile {
  /** the median month's spending over the months read */
  typicalMonthly: number;
  /** cumulative[d] = the share of a month's spending usually done by the end of day d (index 0 = before the 1st) */
  cumulative: number[];
}

/** Per currency, per key. */
export type SpendingProfile = Record<string, Record<string, KeyProfile>>;

/**
 * A person's own within-month rhythm: for each category (and group), the share of a month's
 * spending they have usually done by each day, over the complete months given, weighting
 * each month by its spending; and their typical (median) month. Rent paid on the 1st shows
 * as a share near 1 from day 1.
 */
export function spendingProfile(days: readonly DailySpending[], months: readonly string[]): SpendingProfile {
  const profile: SpendingProfile = {};
  const byKey = new Map<string, DailySpending[]>();
  for (const day of days) {
    const id = `${day.currency}\u0000${day.key}`;
    const list = byKey.get(id) ?? [];
    list.push(day);
    byKey.set(id, list);
  }
  for (const [id, list] of byKey) {
    const [currency, key] = id.split('\u0000');
    const perMonth = months.map((month) => list.filter((d) => d.month === month).reduce((sum, d) => sum + d.amount, 0));
    const total = perMonth.reduce((sum, v) => sum + v, 0);
    if (total <= 0) continue;
    const byDay = new Array<number>(32).fill(0);
    for (const d of list) byDay[d.day] += d.amount;
    const cumulative = [0];
    for (let day = 1; day <= 31; day += 1)
      cumulative.push(Math.min(1, Math.max(0, cumulative[day - 1] + byDay[day] / total)));
    cumulative[31] = 1;
    (profile[currency] ??= {})[key] = {
      typicalMonthly: Math.round(median(perMonth) ?? 0),
      cumulative: cumulative.map((v) => Math.round(v * 10_000) / 10_000),
    };
  }
  return profile;
}
