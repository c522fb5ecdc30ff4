import {
  isSeasonal,
  multiplicativeSeasonalIndices,
  seasonallyAdjust,
  shrunkSeasonalIndices,
} from '../../../lambdas/core/forecast/seasonal-adjustment';
import { readM3Fixture } from './m3-series';

describe('the M4 seasonal adjustment', () => {
  const m3 = readM3Fixture();
  const history = (id: string) => (m3.get(id) as number[]).slice(0, -18);

  it('recovers an exact multiplicative season and scales it to average 1', () => {
    const season = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7];
    const mean = season.reduce((s, v) => s + v, 0) / 12;
    const values = Array.from({ length: 60 }, (_, t) => 1000 * season[t % 12]);
    const indices = multiplicativeSeasonalIndices(values);
    indices.forEach((index, i) => expect(index).toBeCloseTo(season[i] / mean, 10));
    expect(indices.reduce((s, v) => s + v, 0) / 12).toBeCloseTo(1, 12);
  });

  it('counts the cycle from the first observation, whatever calendar month that is', () => {
    const season = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const values = Array.from({ length: 48 }, (_, t) => 500 * season[(t + 5) % 12]);
    const indices = multiplicativeSeasonalIndices(values);
    const peak = indices.indexOf(Math.max(...indices));
    expect((peak + 5) % 12).toBe(0);
  });

  it('finds the season of a strongly seasonal M3 series and none in a flat noisy one', () => {
    expect(isSeasonal(history('N2573'))).toBe(true);
    expect(isSeasonal(history('N1439'))).toBe(false);
  });

  it('does not test fewer than two years, and leaves such a series unadjusted', () => {
    const short = history('N2573').slice(0, 23);
    expect(isSeasonal(short)).toBe(false);
    const adjustment = seasonallyAdjust(short);
    expect(adjustment.seasonal).toBe(false);
    expect(adjustment.adjusted).toEqual(short);
    expect(adjustment.future(3)).toEqual([1, 1, 1]);
  });

  it('puts the season back exactly: adjusted × index is the original series', () => {
    const values = history('N2573');
    const adjustment = seasonallyAdjust(values);
    expect(adjustment.seasonal).toBe(true);
    adjustment.adjusted.forEach((v, t) => expect(v * adjustment.indexAt(t)).toBeCloseTo(values[t], 8));
    expect(adjustment.future(12)).toEqual(Array.from({ length: 12 }, (_, k) => adjustment.indexAt(values.length + k)));
  });

  it('shrinks noisy indices to nothing and keeps a strong season nearly whole', () => {
    const strong = history('N2573');
    const full = multiplicativeSeasonalIndices(strong);
    const shrunk = shrunkSeasonalIndices(strong);
    shrunk.forEach((v, i) => expect(Math.abs(v - 1)).toBeLessThanOrEqual(Math.abs(full[i] - 1) + 1e-12));
    const kept = shrunk.reduce((s, v) => s + Math.abs(v - 1), 0) / full.reduce((s, v) => s + Math.abs(v - 1), 0);
    expect(kept).toBeGreaterThan(0.8);
    // White noise around a level: whatever "season" the classical indices see is noise. Over 20 such series,
    // most of it is shrunk away.
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let keptOfNoise = 0;
    for (let i = 0; i < 20; i += 1) {
      const noise = Array.from({ length: 96 }, () => 1000 + 200 * (random() - 0.5));
      const raw = multiplicativeSeasonalIndices(noise).reduce((s, v) => s + Math.abs(v - 1), 0);
      keptOfNoise += shrunkSeasonalIndices(noise).reduce((s, v) => s + Math.abs(v - 1), 0) / raw / 20;
    }
    expect(keptOfNoise).toBeLessThan(0.5);
  });
});
