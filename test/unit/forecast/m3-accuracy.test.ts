import { mase, smape } from '../../../lambdas/core/forecast/accuracy';
import { forecastWithIntervals } from '../../../lambdas/core/forecast/intervals';
import { METHODS } from '../../../lambdas/core/forecast/methods';
import { readM3Fixture } from './m3-series';

const H = 18;

/** Mean sMAPE, MASE and interval coverage of a method over the fixture's 72 real M3 series. */
function score(method: string) {
  let sumSmape = 0;
  let sumMase = 0;
  let inside80 = 0;
  let inside95 = 0;
  let points = 0;
  const series = [...readM3Fixture().values()];
  for (const values of series) {
    const history = values.slice(0, -H);
    const actual = values.slice(-H);
    const model = METHODS[method](history);
    if (!model) throw new Error(`${method} gave no model`);
    const forecast = forecastWithIntervals(model, history, H);
    const expected = forecast.map((p) => p.expected);
    sumSmape += smape(actual, expected);
    sumMase += mase(history, actual, expected);
    actual.forEach((y, k) => {
      if (y >= forecast[k].lower80 && y <= forecast[k].upper80) inside80 += 1;
      if (y >= forecast[k].lower95 && y <= forecast[k].upper95) inside95 += 1;
      points += 1;
    });
  }
  return {
    sMAPE: sumSmape / series.length,
    MASE: sumMase / series.length,
    coverage80: (100 * inside80) / points,
    coverage95: (100 * inside95) / points,
  };
}

describe('forecasting the held-out 18 months of real M3 series', () => {
  const auto = score('auto');

  it('the served method is far better than the yardsticks, Naive2 and seasonal naive', () => {
    const naive2 = score('naive2');
    const seasonalNaive = score('seasonal-naive');
    expect(auto.sMAPE).toBeLessThan(0.9 * naive2.sMAPE);
    expect(auto.MASE).toBeLessThan(0.9 * naive2.MASE);
    expect(auto.sMAPE).toBeLessThan(0.85 * seasonalNaive.sMAPE);
  });

  it('is at least level with classic Theta (within 1% on sMAPE, no worse on MASE)', () => {
    const theta = score('theta');
    expect(auto.sMAPE).toBeLessThan(1.01 * theta.sMAPE);
    expect(auto.MASE).toBeLessThanOrEqual(theta.MASE);
  });

  it('has intervals that hold: about 80% and 95% of the held-out months fall inside them', () => {
    expect(auto.coverage80).toBeGreaterThan(74);
    expect(auto.coverage80).toBeLessThan(88);
    expect(auto.coverage95).toBeGreaterThan(90);
    expect(auto.coverage95).toBeLessThan(99);
  });
});
