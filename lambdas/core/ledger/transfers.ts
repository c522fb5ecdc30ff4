import { looksLikeTransfer } from './transfer-wording';
export interface LedgerTx {
  id: string;
  accountId: string;
  date: string;
  amount: number;
  currency: string;
  description: string;
  transferId?: string | null;
  transferLocked?: boolean;
}

export interface TransferPair {
  outId: string;
  inId: string;
  confidence: number;
  reason: string;
}

export interface TransferDetection {
  pairs: TransferPair[];
  unmatched: { id: string; reason: string }[];
}

/**
 * Pairs money leaving one of the person's accounts with the same amount arriving in
 * another, within a few days, in the same currency. Transfer wording on either side makes a
 * pair likely; without it a pair is taken only when each side has exactly one candidate and
 * they are at most 3 days apart. Each transaction is in one pair at most, the best first.
 * Transactions already linked, or linked or unlinked by hand, are left alone. A transfer
 * text with no other side is reported as such, never guessed.
 */
export function detectTransfers(
  candidates: readonly LedgerTx[],
  options: { maxDays?: number } = {},
): TransferDetection {
  const maxDays = options.maxDays ?? 5;
  const free = candidates.filter((tx) => !tx.transferId && !tx.transferLocked && tx.amount !== 0);
  const incomingByKey = new Map<string, LedgerTx[]>();
  for (const tx of free.filter((t) => t.amount > 0)) {
    const key = `${tx.currency}|${tx.amount}`;
    incomingByKey.set(key, [...(incomingByKey.get(key) ?? []), tx]);
  }

  const options_: { out: LedgerTx; in: LedgerTx; days: number; worded: boolean }[] = [];
  for (const out of free.filter((t) => t.amount < 0)) {
    for (const inc of incomingByKey.get(`${out.currency}|${-out.amount}`) ?? []) {
      if (inc.accountId === out.accountId) continue;
      const days = Math.abs(dayNumber(inc.date) - dayNumber(out.date));
      if (days > maxDays) continue;
      options_.push({
        out,
        in: inc,
        days,
        worded: looksLikeTransfer(out.description) || looksLikeTransfer(inc.description),
      });
    }
  }
  const countOut = new Map<string, number>();
  const countIn = new Map<string, number>();
  for (const o of options_) {
    countOut.set(o.out.id, (countOut.get(o.out.id) ?? 0) + 1);
    countIn.set(o.in.id, (countIn.get(o.in.id) ?? 0) + 1);
  }
  const acceptable = options_.filter(
    (o) => o.worded || (o.days <= 3 && countOut.get(o.out.id) === 1 && countIn.get(o.in.id) === 1),
  );
  acceptable.sort(
    (a, b) => Number(b.worded) - Number(a.worded) || a.days - b.days || a.out.date.localeCompare(b.out.date),
  );

  const used = new Set<string>();
  const pairs: TransferPair[] = [];
  for (const option of acceptable) {
    if (used.has(option.out.id) || used.has(option.in.id)) continue;
    used.add(option.out.id);
    used.add(option.in.id);
    const confidence = option.worded ? Math.max(0.7, 0.95 - option.days * 0.03) : 0.6;
    pairs.push({
      outId: option.out.id,
      inId: option.in.id,
      confidence: Number(confidence.toFixed(2)),
      reason: `${option.worded ? 'transfer wording, ' : ''}same amount ${option.days} day${option.days === 1 ? '' : 's'} apart in two accounts`,
    });
  }
  const unmatched = free
    .filter((tx) => !used.has(tx.id) && looksLikeTransfer(tx.description))
    .map((tx) => ({ id: tx.id, reason: 'the other side is not imported yet' }));
  return { pairs, unmatched };
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
