/**
 * Requests per person per minute, counted in this process (a fixed one-minute window). On AWS
 * each warm api Lambda counts on its own, so a person gets at most the limit times the api
 * function's reserved concurrency: a cap on a flood, not an exact quota. API Gateway's stage
 * throttle stays the global bound.
 */
export class RequestRate {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns the seconds to wait when over the limit, else null. */
  take(userId: string): number | null {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now - (now % 60_000);
      this.counts.clear();
    }
    const count = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, count);
    return count > this.perMinute ? Math.max(1, Math.ceil((this.windowStart + 60_000 - now) / 1000)) : null;
  }
}
