import { smape } from '../../../lambdas/core/forecast/accuracy';
import { fitEts, fitEtsFamily } from '../../../lambdas/core/forecast/ets-state-space';
import { modelBasedIntervals } from '../../../lambdas/core/forecast/intervals';
import { METHODS } from '../../../lambdas/core/forecast/methods';
import { readM3Fixture } from './m3-series';

// Five years of a growing series with a strong multiplicative season (December double, summer half) and a little noise.
const shape = [1, 0.9, 1, 1.1, 0.8, 0.5, 0.5, 0.8, 1, 1.1, 1.3, 2];
const noise = [0.01, -0.02, 0.015, 0, -0.01, 0.02, -0.015, 0.005, 0.01, -0.005, 0, -0.01];
const seasonal = Array.from(
  { length: 60 },
  (_, t) => 1000 * (1 + 0.01 * t) * shape[t % 12] * (1 + noise[(t * 7) % 12]),
);

describe('ETS state-space family chosen by AICc', () => {
  it('picks a seasonal member for a strongly seasonal series, and forecasts its next year within a few percent', () => {
    const history = seasonal.slice(0, 48);
    const model = fitEtsFamily(history);
    expect(model?.spec.season).not.toBe('N');
    const truth = Array.from({ length: 12 }, (_, k) => 1000 * (1 + 0.01 * (48 + k)) * shape[k]);
    expect(smape(truth, model?.forecast(12) ?? [])).toBeLessThan(6);
  });

  it('leaves out the multiplicative members for a series that goes to zero or below, and the seasonal ones under two years', () => {
    const withZero = seasonal.slice(0, 36).map((v, t) => (t === 5 ? 0 : v));
    expect(fitEts(withZero, { error: 'M', trend: 'N', season: 'N' })).toBeNull();
    expect(fitEtsFamily(withZero)?.spec.error).toBe('A');
    expect(fitEts(seasonal.slice(0, 20), { error: 'A', trend: 'N', season: 'A' })).toBeNull();
    expect(fitEtsFamily(seasonal.slice(0, 20))?.spec.season).toBe('N');
  });

  it('keeps its parameters admissible (β ≤ α, γ ≤ 1 − α, φ in [0.8, 0.98]) on real M3 series', () => {
    for (const values of [...readM3Fixture().values()].slice(0, 20)) {
      const model = fitEtsFamily(values);
      if (!model) throw new Error('every M3 series carries at least ETS(A,N,N)');
      const { alpha, beta, gamma, phi } = model.parameters;
      expect(beta).toBeLessThanOrEqual(alpha + 1e-12);
      expect(gamma).toBeLessThanOrEqual(1 - alpha + 1e-12);
      if (model.spec.trend === 'Ad') expect(phi).toBeGreaterThanOrEqual(0.8);
      if (model.spec.trend === 'Ad') expect(phi).toBeLessThanOrEqual(0.98);
    }
  });

  it('gives model-based intervals that widen with the horizon and contain the forecast', () => {
    const model = fitEtsFamily(seasonal.slice(0, 48));
    const points = model ? modelBasedIntervals(model, seasonal.slice(0, 48), 12) : null;
    expect(points).not.toBeNull();
    points?.forEach((p, k) => {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.expected);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
      if (k > 0)
        expect((p.upper95 - p.lower95) / p.expected).toBeGreaterThanOrEqual(
          (points[k - 1].upper95 - points[k - 1].lower95) / points[k - 1].expected - 1e-9,
        );
    });
  });

  it('the served combination carries a model-based variance too (from its Theta and damped members)', () => {
    const model = METHODS.auto(seasonal.slice(0, 48));
    expect(model?.errorVariance).toBeDefined();
    expect(model?.relativeErrors).toBe(true);
  });
});
