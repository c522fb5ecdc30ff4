export interface BalanceBreak {
  /** The record whose stated balance does not follow from the one before it. */
  row: number;
  expected: number;
  stated: number;
  difference: number;
  likely: 'missing' | 'duplicated' | 'misread';
}

export interface Reconciliation {
  checked: number;
  direction: 'forward' | 'backward' | 'unknown';
  breaks: BalanceBreak[];
}

interface Entry {
  row: number;
  amount: number;
  balance: number;
}
interface Pending {
  entry: BalanceBreak;
}

const MAX_BREAKS = 100;

/**
 * Checks a statement's running balance row by row, in the file's own order, streaming so a
 * million-row file costs nothing: oldest-first files satisfy previous balance + amount =
 * balance; newest-first files the same read backwards. Both readings are checked at once
 * and the one more pairs agree with is reported. A break names the row where the chain
 * stops, and what most likely happened there: a transaction missing from the file (the
 * chain agrees again after it), one listed twice, or an amount misread.
 */
export class RunningBalanceCheck {
  private previous: Entry | null = null;
  private checked = 0;
  private readonly forward = { agree: 0, breaks: [] as BalanceBreak[], pending: null as Pending | null };
  private readonly backward = { agree: 0, breaks: [] as BalanceBreak[], pending: null as Pending | null };

  add(row: number, amount: number, balance: number | null | undefined): void {
    if (balance === null || balance === undefined) {
      this.previous = null;
      return;
    }
    const current = { row, amount, balance };
    const previous = this.previous;
    this.previous = current;
    if (!previous) return;
    this.checked += 1;
    this.judge(this.forward, previous.balance + current.amount, current, previous);
    this.judge(this.backward, current.balance + previous.amount, { ...current, balance: previous.balance }, previous);
  }

  result(): Reconciliation {
    for (const side of [this.forward, this.backward]) this.settle(side, false);
    if (this.checked === 0 || (this.forward.agree === 0 && this.backward.agree === 0)) {
      return { checked: this.checked, direction: 'unknown', breaks: [] };
    }
    const forward = this.forward.agree >= this.backward.agree;
    return {
      checked: this.checked,
      direction: forward ? 'forward' : 'backward',
      breaks: (forward ? this.forward : this.backward).breaks,
    };
  }

  private judge(side: typeof this.forward, expected: number, current: Entry, previous: Entry): void {
    const stated = current.balance;
    if (stated === expected) {
      side.agree += 1;
      this.settle(side, true);
      return;
    }
    const difference = stated - expected;
    if (side.pending && side.pending.entry.difference + difference === 0) {
      // Two breaks that cancel out: the balance printed on the first row is wrong, not the
      // transactions.
      side.pending.entry.likely = 'misread';
      const { entry } = side.pending;
      side.pending = null;
      if (side.breaks.length < MAX_BREAKS) side.breaks.push(entry);
      return;
    }
    this.settle(side, false);
    const duplicated = current.amount === previous.amount && difference === -current.amount;
    side.pending = {
      entry: { row: current.row, expected, stated, difference, likely: duplicated ? 'duplicated' : 'misread' },
    };
  }

  /** A break followed by agreement again means a row is missing (or listed twice). */
  private settle(side: typeof this.forward, nextAgrees: boolean): void {
    if (!side.pending) return;
    const { entry } = side.pending;
    side.pending = null;
    if (entry.likely === 'misread' && nextAgrees) entry.likely = 'missing';
    if (side.breaks.length < MAX_BREAKS) side.breaks.push(entry);
  }
}

export function reconcileRunningBalance(
  rows: readonly { row: number; amount: number; balance?: number | null }[],
): Reconciliation {
  const check = new RunningBalanceCheck();
  for (const row of rows) check.add(row.row, row.amount, row.balance);
  return check.result();
}
