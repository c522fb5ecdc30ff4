/**
 * A bounded window of one counterparty's (or category's) recent amounts and the robust figures
 * read from it: the median and median absolute deviation of their logarithms. Logarithms,
 * because amounts spread by factors (a shop's 5 and 50 are as far apart as its 50 and 500), and
 * median/MAD, because one past outlier must not hide the next one.
 */
export class RecentAmounts {
  private readonly values: number[] = [];
  private next = 0;
  private sorted: number[] | null = null;
  /** Every amount ever added, not only the window's. */
  count = 0;

  constructor(private readonly capacity: number) {}

  add(amount: number): void {
    if (this.values.length < this.capacity) this.values.push(amount);
    else this.values[this.next] = amount;
    this.next = (this.next + 1) % this.capacity;
    this.count += 1;
    this.sorted = null;
  }

  /** The smallest amount of the window, by a scan (no sort): a cheap first test on every charge. */
  minimum(): number {
    let least = Infinity;
    for (const value of this.values) if (value < least) least = value;
    return least;
  }

  /**
   * Whether `amount` is above `times` × the window's `share` quantile, by counting (no sort):
   * it is not when at least as many values as lie from that quantile up are ≥ amount / times.
   */
  exceeds(amount: number, times: number, share: number): boolean {
    const from = Math.min(this.values.length - 1, Math.floor(this.values.length * share));
    const needed = this.values.length - from;
    const bar = amount / times;
    let atLeast = 0;
    for (const value of this.values) if (value >= bar && ++atLeast >= needed) return false;
    return true;
  }

  get size(): number {
    return this.values.length;
  }

  /** The window in ascending order, sorted once per change and only when asked. */
  ascending(): readonly number[] {
    this.sorted ??= [...this.values].sort((a, b) => a - b);
    return this.sorted;
  }

  median(): number {
    return medianOfSorted(this.ascending());
  }

  max(): number {
    const sorted = this.ascending();
    return sorted[sorted.length - 1] ?? 0;
  }

  /** The value below which `share` of the window lies. */
  quantile(share: number): number {
    const sorted = this.ascending();
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
  }

  /** 1.4826 × the median absolute deviation of the logarithms: a standard deviation one outlier cannot move. */
  logSpread(): number {
    const sorted = this.ascending();
    if (sorted.length === 0) return 0;
    const centre = Math.log(medianOfSorted(sorted));
    const deviations = sorted.map((value) => Math.abs(Math.log(value) - centre)).sort((a, b) => a - b);
    return 1.4826 * medianOfSorted(deviations);
  }
}

function medianOfSorted(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
