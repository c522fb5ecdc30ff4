import type { FactSet } from './facts';
import { extractClaims, type NumberClaim } from './numbers';

export interface Verification {
  claims: NumberClaim[];
  verified: NumberClaim[];
  unmatched: NumberClaim[];
}

/**
 * How far a stated figure may be from the fact it states: the rounding its digits show (12.5 ±
 * 0.05; 37 ± 0.5), and for a round figure ("about 1,200") at most 2.5% of it.
 */
export function toleranceOf(claim: NumberClaim): number {
  const value = claim.value as number;
  if (claim.halfUnit <= 0.5) return claim.halfUnit + 1e-9;
  return Math.min(claim.halfUnit, Math.max(0.5, 0.025 * value)) + 1e-9;
}

function anyWithin(sorted: readonly number[], target: number, tolerance: number): boolean {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < target - tolerance) low = mid + 1;
    else high = mid;
  }
  return low < sorted.length && sorted[low] <= target + tolerance;
}

/** A sum or difference of two facts; only figures precise enough not to match by chance (three significant digits). */
function isArithmeticOfTwo(facts: FactSet, target: number, tolerance: number): boolean {
  const amounts = facts.amounts;
  for (let i = 0; i < amounts.length; i += 1) {
    for (let j = i + 1; j < amounts.length; j += 1) {
      if (Math.abs(amounts[i] + amounts[j] - target) <= tolerance) return true;
      if (Math.abs(amounts[i] - amounts[j] - target) <= tolerance) return true;
    }
  }
  return false;
}

/** Months to a goal: what is needed over what is saved a month, rounded up or to the nearest month. */
function isMonthsToGoal(facts: FactSet, months: number): boolean {
  if (!Number.isInteger(months) || months < 1 || months > 600) return false;
  for (const need of facts.goalAmounts) {
    for (const monthly of facts.monthlyAmounts) {
      const ratio = need / monthly;
      if (Math.ceil(ratio - 1e-9) === months || Math.round(ratio) === months) return true;
    }
  }
  return false;
}

function dateKnown(facts: FactSet, value: string): boolean {
  if (value.startsWith('----')) return [...facts.dates].some((date) => date.slice(4) === value.slice(4));
  return facts.dates.has(value);
}

/** Checks one claim against the facts of the turn. */
export function claimHolds(claim: NumberClaim, facts: FactSet): boolean {
  if (claim.kind === 'date') {
    const value = String(claim.value);
    return dateKnown(facts, value) || facts.months.has(value.slice(0, 7));
  }
  if (claim.kind === 'month') return facts.months.has(String(claim.value));
  const value = claim.value as number;
  const tolerance = toleranceOf(claim);
  if (anyWithin(facts.values, value, tolerance)) return true;
  if (claim.months && isMonthsToGoal(facts, value)) return true;
  if (claim.kind === 'number' && claim.significantDigits >= 3 && value >= 1)
    return isArithmeticOfTwo(facts, value, tolerance);
  return false;
}

/** Every figure of `text` matched against the facts; the unmatched are what a repair or a withholding must deal with. */
export function verifyText(text: string, facts: FactSet, locale?: string | null): Verification {
  const claims = extractClaims(text, locale);
  const verified: NumberClaim[] = [];
  const unmatched: NumberClaim[] = [];
  for (const claim of claims) (claimHolds(claim, facts) ? verified : unmatched).push(claim);
  return { claims, verified, unmatched };
}

/** The text with each unmatched figure replaced by a mark the person can read. */
export function withholdClaims(text: string, unmatched: readonly NumberClaim[]): string {
  let result = text;
  for (const claim of [...unmatched].sort((a, b) => b.start - a.start)) {
    // the currency written before or after the figure goes with it (£, €, ₹, $, "GBP ", " INR")
    const before = /(?:[£€₹$¥]|\b[A-Z]{3}\s?)$/.exec(result.slice(0, claim.start))?.[0] ?? '';
    const after = before ? '' : (/^(?:\s?[€₹]|\s[A-Z]{3}\b)/.exec(result.slice(claim.end))?.[0] ?? '');
    result = `${result.slice(0, claim.start - before.length)}[figure withheld]${result.slice(claim.end + after.length)}`;
  }
  return result;
}
