import { mean, standardDeviation } from '../summary/months';
import { moneyText } from '../money';

export type ComponentName = 'savingsRate' | 'spendingConsistency' | 'emergencyFund' | 'debtToIncome' | 'goalProgress';

export const BASE_WEIGHTS: Record<ComponentName, number> = {
  savingsRate: 0.3,
  spendingConsistency: 0.25,
  emergencyFund: 0.2,
  debtToIncome: 0.15,
  goalProgress: 0.1,
};

export interface HealthInput {
  /** the currency every amount is in, for the sentences */
  currency: string;
  /** complete months, oldest first */
  months: { income: number; expenses: number; needs: number }[];
  /** money in current, savings and cash accounts of the currency (positive balances) */
  liquidBalance: number | null;
  /** owed on cards and loans of the currency, as a positive amount; null: no liability accounts */
  debt: number | null;
  /** monthly repayments into card and loan accounts; null: no liability accounts */
  debtPayments: number | null;
  /** each active goal's progress 0–1, and how far through its time it is (null without a date) */
  goals: { progress: number; elapsed: number | null }[];
}

export interface HealthComponent {
  name: ComponentName;
  baseWeight: number;
  /** the weight after missing components' weights are shared out */
  weight: number;
  value: number;
  score: number;
  reason: string;
  improve: string;
}

export interface HealthScore {
  /** 0–outOf; null when no component has data */
  score: number | null;
  /** The top of the scale, stated so that "62 out of 100" is a figure the answer holds, not one read into it. */
  outOf: typeof OUT_OF;
  components: HealthComponent[];
  missing: { name: ComponentName; baseWeight: number; reason: string }[];
}

const OUT_OF = 100;
const clamp = (v: number) => Math.max(0, Math.min(OUT_OF, Math.round(v)));
const pct = (v: number) => `${Math.round(v * 100)}%`;
/** Minor units as a person reads them (two decimals; the sentences are a guide, the figures are in `value`). */
const money = (minor: number, currency: string) => moneyText(Math.ceil(minor), currency);

/**
 * The financial health score: savings rate 30%, spending consistency 25%, emergency fund 20%,
 * debt-to-income 15%, goal progress 10%. Each component says its value, score, why, and one
 * concrete way to raise it. A component without data is listed as missing and its weight is
 * shared out over the others in proportion; with no data at all there is no score.
 */
export function healthScore(input: HealthInput): HealthScore {
  const parts: Omit<HealthComponent, 'weight' | 'baseWeight'>[] = [];
  const missing: HealthScore['missing'] = [];
  const months = input.months.filter((m) => m.income > 0 || m.expenses > 0);
  const income = mean(months.map((m) => m.income)) ?? 0;
  const expenses = mean(months.map((m) => m.expenses)) ?? 0;
  const needs = mean(months.map((m) => m.needs)) ?? 0;

  if (months.length === 0 || income <= 0)
    missing.push({
      name: 'savingsRate',
      baseWeight: BASE_WEIGHTS.savingsRate,
      reason: 'no income recorded in the last complete months',
    });
  else {
    const rate = (income - expenses) / income;
    parts.push({
      name: 'savingsRate',
      value: Math.round(rate * 1000) / 1000,
      score: clamp((rate / 0.2) * 100),
      reason:
        rate < 0
          ? `You spent ${pct(-rate)} more than your income over the last ${months.length} complete months; keeping 20% of it or more scores full marks.`
          : `You kept ${pct(rate)} of your income over the last ${months.length} complete months; 20% or more scores full marks.`,
      improve:
        rate >= 0.2
          ? 'Keep it up: move the surplus to savings on payday so it is not spent.'
          : `Saving ${money((0.2 - rate) * income, input.currency)} more a month would bring you to 20%.`,
    });
  }

  if (months.length < 3)
    missing.push({
      name: 'spendingConsistency',
      baseWeight: BASE_WEIGHTS.spendingConsistency,
      reason: 'fewer than 3 complete months of spending',
    });
  else {
    const variation = expenses > 0 ? (standardDeviation(months.map((m) => m.expenses)) ?? 0) / expenses : 0;
    parts.push({
      name: 'spendingConsistency',
      value: Math.round(variation * 1000) / 1000,
      score: clamp(100 * (1 - variation / 0.5)),
      reason: `Your monthly spending varies by ${pct(variation)} around its average; steadier months score higher (0% full marks, 50% none).`,
      improve:
        variation < 0.1
          ? 'Your spending is steady; keep large one-offs planned ahead.'
          : 'Spread large purchases over a sinking fund instead of paying them in one month.',
    });
  }

  if (input.liquidBalance === null || needs <= 0)
    missing.push({
      name: 'emergencyFund',
      baseWeight: BASE_WEIGHTS.emergencyFund,
      reason: input.liquidBalance === null ? 'no current, savings or cash account' : 'no essential spending recorded',
    });
  else {
    const cover = Math.max(0, input.liquidBalance) / needs;
    parts.push({
      name: 'emergencyFund',
      value: Math.round(cover * 10) / 10,
      score: clamp((cover / 6) * 100),
      reason: `Your current, savings and cash balances cover ${cover.toFixed(1)} months of essential spending; 6 months scores full marks.`,
      improve:
        cover >= 6
          ? 'Your buffer is full; money beyond it could work harder in investments.'
          : `Another ${money((6 - cover) * needs, input.currency)} set aside would cover 6 months.`,
    });
  }

  if (input.debt === null || input.debtPayments === null || income <= 0)
    missing.push({
      name: 'debtToIncome',
      baseWeight: BASE_WEIGHTS.debtToIncome,
      reason: 'no credit card or loan account, or no income',
    });
  else {
    const ratio = input.debtPayments / income;
    parts.push({
      name: 'debtToIncome',
      value: Math.round(ratio * 1000) / 1000,
      score: clamp(100 * (1 - ratio / 0.4)),
      reason: `Repayments on cards and loans take ${pct(ratio)} of your monthly income (${money(input.debt, input.currency)} owed); 0% scores full marks, 40% none.`,
      improve:
        ratio === 0
          ? 'No repayments: keep card balances paid in full.'
          : 'Pay the highest-interest balance first and keep the others at their minimum.',
    });
  }

  if (input.goals.length === 0)
    missing.push({ name: 'goalProgress', baseWeight: BASE_WEIGHTS.goalProgress, reason: 'no active goal' });
  else {
    const onTrack = input.goals.map((g) =>
      g.elapsed && g.elapsed > 0 ? Math.min(1, g.progress / g.elapsed) : g.progress,
    );
    const value = mean(onTrack) ?? 0;
    parts.push({
      name: 'goalProgress',
      value: Math.round(value * 1000) / 1000,
      score: clamp(value * 100),
      reason: `Your goals are ${pct(value)} of the way to where they should be by now.`,
      improve: value >= 1 ? 'Your goals are on track.' : 'Set up a monthly transfer to your goal account on payday.',
    });
  }

  const present = parts.reduce((sum, p) => sum + BASE_WEIGHTS[p.name], 0);
  const components = parts.map((p) => ({
    ...p,
    baseWeight: BASE_WEIGHTS[p.name],
    weight: Math.round((BASE_WEIGHTS[p.name] / present) * 1000) / 1000,
  }));
  const score =
    components.length === 0
      ? null
      : Math.round(components.reduce((sum, c) => sum + (c.score * BASE_WEIGHTS[c.name]) / present, 0));
  return { score, outOf: OUT_OF, components, missing };
}
