/**
 * mulberry32: a small seeded generator of numbers in [0, 1). One seed gives the same sequence on
 * every run, so a projection, a randomised test, a benchmark's generated history or an
 * evaluation's injections replay exactly.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
