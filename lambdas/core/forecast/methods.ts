/**
 * Every forecaster by name, for evaluation and comparison. Those without a season of their own are
 * fitted the M4 way: seasonally adjust, fit, re-seasonalise. `auto` is what the product serves.
 */
import { chooseForecaster, fitDampedTheta } from './choose-forecaster';
import { combineModels, onSeasonallyAdjusted } from './combine';
import { fitCroston } from './croston';
import { fitEtsByAicc } from './ets';
import { fitEtsFamily } from './ets-state-space';
import { fitHolt, fitSes, smoothingModel } from './exponential-smoothing';
import type { FittedModel } from './forecaster';
import { fitNaive, fitSeasonalNaive } from './naive';
import { seasonallyAdjust } from './seasonal-adjustment';
import { selectByValidation } from './select-by-validation';
import { fitClassicTheta, fitOptimisedTheta } from './theta';

type Method = (values: readonly number[]) => FittedModel | null;

const ses = (v: readonly number[]) => smoothingModel('ses', fitSes(v), v.length);
const holt = (v: readonly number[]) => smoothingModel('holt', fitHolt(v, false), v.length);
const damped = (v: readonly number[]) => smoothingModel('damped', fitHolt(v, true), v.length);

export const METHODS: Record<string, Method> = {
  auto: (v) => chooseForecaster(v).model,
  // The served combination without its ETS member, as it was served before ETS earned its place.
  'seasonal-naive': (v) => fitSeasonalNaive(v),
  naive2: (v) => ({ ...onSeasonallyAdjusted(v, fitNaive), name: 'naive2' }),
  ses: (v) => onSeasonallyAdjusted(v, ses),
  holt: (v) => onSeasonallyAdjusted(v, holt),
  damped: (v) => onSeasonallyAdjusted(v, damped),
  // The whole family by AICc with its own seasonal states (ets-state-space.ts); a member of what is served.
  ets: (v) => fitEtsFamily(v) ?? onSeasonallyAdjusted(v, fitEtsByAicc),
  'ets-adjusted': (v) => onSeasonallyAdjusted(v, fitEtsByAicc),
  theta: (v) => onSeasonallyAdjusted(v, fitClassicTheta),
  'optimised-theta': (v) => onSeasonallyAdjusted(v, fitOptimisedTheta),
  comb: (v) => {
    const adjustment = seasonallyAdjust(v);
    return combineModels(
      'comb',
      [ses, holt, damped].map((m) => onSeasonallyAdjusted(v, m, adjustment)),
    );
  },
  'damped-theta': fitDampedTheta,
  validated: (v) =>
    selectByValidation(v, {
      'damped-theta': fitDampedTheta,
      theta: METHODS.theta,
      damped: METHODS.damped,
      ses: METHODS.ses,
    }),
  croston: (v) => fitCroston(v, 'croston'),
  sba: (v) => fitCroston(v, 'sba'),
};
