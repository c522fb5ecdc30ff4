import { mulberry32 } from '../../lambdas/core/seeded-random';

/** A deterministic generator with the helpers tests use, so a randomised test replays with the same seed. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}
