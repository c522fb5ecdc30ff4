/**
 * How well a column behaves as the running balance of an amount column: the fraction of
 * consecutive rows for which previous balance + amount = balance. Files run oldest-first or
 * newest-first, and print the balance after the row or (some Dutch banks) before it, so the
 * best of the four readings counts. Rows with no or a zero amount say nothing and are left out.
 */
export function runningBalanceFit(
  amounts: (number | null)[],
  balances: (number | null)[],
): { matched: number; pairs: number } {
  const relations = [0, 0, 0, 0];
  let pairs = 0;
  for (let i = 0; i + 1 < amounts.length; i++) {
    const a0 = amounts[i];
    const a1 = amounts[i + 1];
    const b0 = balances[i];
    const b1 = balances[i + 1];
    if (a0 === null || a1 === null || b0 === null || b1 === null || a0 === 0 || a1 === 0) continue;
    pairs++;
    if (b1 === b0 + a1) relations[0]++;
    if (b0 === b1 + a0) relations[1]++;
    if (b1 === b0 + a0) relations[2]++;
    if (b0 === b1 + a1) relations[3]++;
  }
  return { matched: Math.max(...relations), pairs };
}

/**
 * Whether a fit is more than coincidence: a deposit into an empty account matches once by
 * chance, so it takes two matching pairs, or every pair of a file too short to have two.
 */
export function isRunningBalance(fit: { matched: number; pairs: number }): boolean {
  if (fit.pairs === 0) return false;
  return (fit.matched >= 2 && fit.matched >= 0.5 * fit.pairs) || (fit.pairs <= 2 && fit.matched === fit.pairs);
}

/**
 * Which sign of an amount column the running balance follows, once the file's order is known
 * (oldest first or newest first, from its dates): +1 when the amounts are signed as money into
 * the account, -1 when they are money out (an unsigned debit column), 0 when the balance does
 * not tell. Without the order the two readings cannot be told apart: a newest-first file of
 * money in reads like an oldest-first file of money out.
 */
export function balanceSign(amounts: (number | null)[], balances: (number | null)[], newestFirst: boolean): 1 | -1 | 0 {
  const fits = (sign: 1 | -1) => {
    let after = 0;
    let before = 0;
    let pairs = 0;
    for (let i = 0; i + 1 < amounts.length; i++) {
      const [a0, a1, b0, b1] = [amounts[i], amounts[i + 1], balances[i], balances[i + 1]];
      if (a0 === null || a1 === null || b0 === null || b1 === null || a0 === 0 || a1 === 0) continue;
      pairs++;
      const [older, newer, olderAmount, newerAmount] = newestFirst ? [b1, b0, a1, a0] : [b0, b1, a0, a1];
      if (newer === older + sign * newerAmount) after++;
      if (newer === older + sign * olderAmount) before++;
    }
    return { matched: Math.max(after, before), pairs };
  };
  const plus = fits(1);
  const minus = fits(-1);
  if (isRunningBalance(plus) && plus.matched > minus.matched) return 1;
  if (isRunningBalance(minus) && minus.matched > plus.matched) return -1;
  return 0;
}
