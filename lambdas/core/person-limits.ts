/**
 * What one person may use, so that a stranger (or a runaway script) cannot run up the bill of
 * whoever deployed Smart Spend. Set per deployment (CDK context `personLimits`, local env).
 */
export interface PersonLimits {
  uploadsPerDay: number;
  /** Transactions imported per calendar month (UTC), statements and SMS together. */
  rowsPerMonth: number;
  /** Calls to the language model (Bedrock) per day; past it tier 2's answer stands. */
  languageModelCallsPerDay: number;
  requestsPerMinute: number;
}

export const DEFAULT_PERSON_LIMITS: PersonLimits = {
  uploadsPerDay: 50,
  rowsPerMonth: 500_000,
  languageModelCallsPerDay: 200,
  requestsPerMinute: 300,
};

/** Seconds until the next UTC day or month starts: what a 429's Retry-After says for a daily or monthly limit. */
export function secondsUntilNext(period: 'day' | 'month', now: Date): number {
  const next =
    period === 'day'
      ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
      : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}
