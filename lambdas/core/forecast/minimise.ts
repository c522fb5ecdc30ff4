/**
 * Small derivative-free minimisers for the smoothing parameters. The initial states are solved in
 * closed form elsewhere, so what is left is 1–3 bounded parameters: Nelder–Mead on a box is plenty.
 */

export interface Bounds {
  lower: readonly number[];
  upper: readonly number[];
}

function clampInto(point: number[], bounds: Bounds): number[] {
  return point.map((v, i) => Math.min(bounds.upper[i], Math.max(bounds.lower[i], v)));
}

/** Nelder–Mead restricted to a box (points are clamped onto it); returns the best point found. */
export function nelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  bounds: Bounds,
  options: { maxEvaluations?: number; tolerance?: number; step?: number } = {},
): { point: number[]; value: number } {
  const dimension = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * dimension;
  const tolerance = options.tolerance ?? 1e-7;
  const step = options.step ?? 0.1;
  let evaluations = 0;
  const evaluate = (p: number[]) => {
    evaluations += 1;
    const value = objective(p);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  const simplex: { point: number[]; value: number }[] = [];
  const first = clampInto([...start], bounds);
  simplex.push({ point: first, value: evaluate(first) });
  for (let i = 0; i < dimension; i += 1) {
    const vertex = [...first];
    const span = (bounds.upper[i] - bounds.lower[i]) * step;
    vertex[i] = vertex[i] + span <= bounds.upper[i] ? vertex[i] + span : vertex[i] - span;
    const clamped = clampInto(vertex, bounds);
    simplex.push({ point: clamped, value: evaluate(clamped) });
  }
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0];
    const worst = simplex[dimension];
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + 1e-12)) break;
    const centroid = new Array<number>(dimension).fill(0);
    for (let i = 0; i < dimension; i += 1)
      for (let d = 0; d < dimension; d += 1) centroid[d] += simplex[i].point[d] / dimension;
    const along = (factor: number) =>
      clampInto(
        centroid.map((c, d) => c + factor * (worst.point[d] - c)),
        bounds,
      );
    const reflected = along(-1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < best.value) {
      const expanded = along(-2);
      const expandedValue = evaluate(expanded);
      simplex[dimension] =
        expandedValue < reflectedValue
          ? { point: expanded, value: expandedValue }
          : { point: reflected, value: reflectedValue };
    } else if (reflectedValue < simplex[dimension - 1].value) {
      simplex[dimension] = { point: reflected, value: reflectedValue };
    } else {
      const contracted = reflectedValue < worst.value ? along(-0.5) : along(0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < Math.min(reflectedValue, worst.value)) {
        simplex[dimension] = { point: contracted, value: contractedValue };
      } else {
        for (let i = 1; i <= dimension; i += 1) {
          const shrunk = clampInto(
            simplex[i].point.map((v, d) => best.point[d] + 0.5 * (v - best.point[d])),
            bounds,
          );
          simplex[i] = { point: shrunk, value: evaluate(shrunk) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0];
}

/** Golden-section search on [lower, upper] after a coarse grid, so a bumpy 1-D objective is not left at a poor local minimum. */
export function minimiseOnInterval(
  objective: (x: number) => number,
  lower: number,
  upper: number,
  gridPoints = 12,
): { x: number; value: number } {
  let bestX = lower;
  let bestValue = Number.POSITIVE_INFINITY;
  const gridStep = (upper - lower) / (gridPoints - 1);
  for (let i = 0; i < gridPoints; i += 1) {
    const x = lower + i * gridStep;
    const value = objective(x);
    if (value < bestValue) [bestX, bestValue] = [x, value];
  }
  let a = Math.max(lower, bestX - gridStep);
  let b = Math.min(upper, bestX + gridStep);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = objective(c);
  let fd = objective(d);
  for (let i = 0; i < 30 && b - a > 1e-4; i += 1) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - ratio * (b - a);
      fc = objective(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + ratio * (b - a);
      fd = objective(d);
    }
  }
  const [x, value] = fc < fd ? [c, fc] : [d, fd];
  return value < bestValue ? { x, value } : { x: bestX, value: bestValue };
}
