import { fitHolt, fitSes, smoothingForecastFrom } from '../../../lambdas/core/forecast/exponential-smoothing';
import { aicc, fitEtsByAicc } from '../../../lambdas/core/forecast/ets';
import { fitNaive, fitSeasonalNaive } from '../../../lambdas/core/forecast/naive';
import { fitClassicTheta, fitOptimisedTheta, linearTrend } from '../../../lambdas/core/forecast/theta';
import { METHODS } from '../../../lambdas/core/forecast/methods';
import { seasonallyAdjust } from '../../../lambdas/core/forecast/seasonal-adjustment';
import { readM3Fixture } from './m3-series';

const line = Array.from({ length: 40 }, (_, t) => 100 + 5 * (t + 1));

describe('exponential smoothing', () => {
  it('SES forecasts a constant series as that constant', () => {
    const fit = fitSes(new Array(30).fill(42));
    expect(smoothingForecastFrom(fit, 30, 3).map((v) => Number(v.toFixed(6)))).toEqual([42, 42, 42]);
  });

  it('SES on a random walk leans on the last value (alpha near 1), and on noise around a level averages (alpha small)', () => {
    const walk = [10, 14, 13, 19, 25, 22, 30, 34, 31, 38, 45, 41, 48, 52, 58, 55, 61, 66, 64, 70];
    expect(fitSes(walk).parameters.alpha).toBeGreaterThan(0.7);
    const noise = [50, 53, 47, 52, 48, 51, 49, 54, 46, 50, 52, 48, 51, 49, 50, 53, 47, 50, 52, 48];
    expect(fitSes(noise).parameters.alpha).toBeLessThan(0.2);
  });

  it('Holt continues an exact straight line, and damped Holt bends it towards flat', () => {
    const holt = fitHolt(line, false);
    smoothingForecastFrom(holt, 40, 6).forEach((v, k) => expect(v).toBeCloseTo(100 + 5 * (41 + k), 4));
    const damped = fitHolt(line, true);
    const far = smoothingForecastFrom(damped, 40, 18);
    expect(far[17]).toBeLessThan(100 + 5 * 58);
    expect(far[17]).toBeGreaterThan(far[0]);
    expect(damped.parameters.phi).toBeGreaterThanOrEqual(0.8);
    expect(damped.parameters.phi).toBeLessThanOrEqual(0.98);
  });

  it('AICc prefers a trend model for a trending series and penalises extra parameters', () => {
    expect(fitEtsByAicc(line.map((v, t) => v + (t % 2 === 0 ? 1 : -1))).name).not.toBe('ets-ann');
    expect(aicc(100, 30, 5)).toBeGreaterThan(aicc(100, 30, 2));
  });
});

describe('Theta', () => {
  it('classic Theta on a straight line carries half its slope from the last value (SES with drift b/2)', () => {
    const { slope } = linearTrend(line);
    expect(slope).toBeCloseTo(5, 10);
    const forecast = fitClassicTheta(line).forecast(4);
    const last = line[line.length - 1];
    forecast.forEach((v, k) => expect(v).toBeCloseTo(0.5 * (100 + 5 * (41 + k)) + 0.5 * last, 0));
  });

  it('never forecasts below zero for a series that never was, but may for a net flow that was', () => {
    const falling = Array.from({ length: 30 }, (_, t) => Math.max(0, 300 - 12 * t));
    expect(Math.min(...fitClassicTheta(falling).forecast(18))).toBe(0);
    const net = falling.map((v) => v - 150);
    expect(Math.min(...fitClassicTheta(net).forecast(18))).toBeLessThan(0);
  });

  it('optimised Theta fits at least as well in-sample as plain SES does (θ = 1 is among its choices)', () => {
    const values = (readM3Fixture().get('N1909') as number[]).slice(0, -18);
    const adjusted = seasonallyAdjust(values).adjusted;
    const oneStep = (model: { forecastFrom(o: number, h: number): number[] }) =>
      adjusted.slice(1).reduce((s, v, t) => s + (v - model.forecastFrom(t + 1, 1)[0]) ** 2, 0);
    const ses = fitSes(adjusted);
    const sesModel = { forecastFrom: (o: number, h: number) => smoothingForecastFrom(ses, o, h) };
    expect(oneStep(fitOptimisedTheta(adjusted))).toBeLessThanOrEqual(oneStep(sesModel) * 1.0001);
  });
});

describe('the yardsticks', () => {
  it('seasonal naive repeats the last twelve months, naive the last value', () => {
    const values = Array.from({ length: 30 }, (_, t) => t);
    expect(fitSeasonalNaive(values).forecast(14)).toEqual([18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 18, 19]);
    expect(fitNaive(values).forecast(2)).toEqual([29, 29]);
  });

  it('Naive2 is the last seasonally adjusted value re-seasonalised with the indices carried forward', () => {
    const values = (readM3Fixture().get('N2573') as number[]).slice(0, -18);
    const adjustment = seasonallyAdjust(values);
    const lastAdjusted = adjustment.adjusted[values.length - 1];
    const forecast = (METHODS.naive2(values) as { forecast(h: number): number[] }).forecast(18);
    forecast.forEach((v, k) => expect(v).toBeCloseTo(lastAdjusted * adjustment.indexAt(values.length + k), 8));
  });
});
