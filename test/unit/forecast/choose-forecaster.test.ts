import { chooseForecaster } from '../../../lambdas/core/forecast/choose-forecaster';
import { fitCroston } from '../../../lambdas/core/forecast/croston';
import { forecastWithIntervals } from '../../../lambdas/core/forecast/intervals';
import { choosePersonalForecaster } from '../../../lambdas/core/forecast/personal-spending';
import { readM3Fixture } from './m3-series';

describe('choosing a forecaster by what the history supports', () => {
  it('gives no forecast for fewer than 3 months, and says why', () => {
    const choice = chooseForecaster([1200, 1300]);
    expect(choice.model).toBeNull();
    expect(choice.reason).toMatch(/only 2 complete month/);
  });

  it('uses a non-seasonal model for 3–11 months and the damped-Holt–Theta combination from a year on (logarithmic member only for a positive series)', () => {
    expect(chooseForecaster([100, 120, 110, 130]).model?.name).toBe('ses');
    const long = (readM3Fixture().get('N2573') as number[]).slice(0, -18);
    expect(chooseForecaster(long).model?.name).toBe('damped-theta-log-ets');
    expect(chooseForecaster(long.map((v, t) => (t === 5 ? 0 : v))).model?.name).toBe('damped-theta-ets');
  });

  it("treats a category bought in few months as intermittent (SBA), and a person's as their typical month", () => {
    const gym = [0, 0, 4000, 0, 0, 4000, 0, 0, 4000, 0, 0, 4000];
    expect(chooseForecaster(gym).model?.name).toBe('sba');
    expect(choosePersonalForecaster(gym).model?.forecast(1)).toEqual([0]);
  });

  it('Croston forecasts size over interval, and SBA removes its upward bias', () => {
    const gym = [0, 0, 3000, 0, 0, 3000, 0, 0, 3000, 0, 0, 3000];
    const croston = fitCroston(gym, 'croston').forecast(1)[0];
    expect(croston).toBeCloseTo(1000, 0);
    expect(fitCroston(gym, 'sba').forecast(1)[0]).toBeCloseTo(croston * 0.95, 6);
  });

  it("a person's regular spending follows a change of habit faster than the model alone", () => {
    const rentRise = [80000, 80000, 80000, 80000, 80000, 80000, 80000, 80000, 80000, 95000, 95000, 95000];
    const personal = (choosePersonalForecaster(rentRise).model as { forecast(h: number): number[] }).forecast(1)[0];
    const modelOnly = (chooseForecaster(rentRise).model as { forecast(h: number): number[] }).forecast(1)[0];
    expect(Math.abs(personal - 95000)).toBeLessThanOrEqual(Math.abs(modelOnly - 95000));
  });

  it('keeps interval bounds of a spending series at or above zero, and the 95% interval around the 80% one', () => {
    const values = [5000, 0, 7000, 6500, 0, 8000, 5500, 6000, 0, 7000, 6500, 5000, 6000, 7500];
    const model = chooseForecaster(values).model;
    if (!model) throw new Error('expected a model');
    for (const p of forecastWithIntervals(model, values, 6)) {
      expect(p.lower95).toBeGreaterThanOrEqual(0);
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.expected);
      expect(p.expected).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
    }
  });
});
