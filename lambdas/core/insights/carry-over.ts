/**
 * Which stored series a freshly detected one continues: the one it shares most transactions
 * with, else one of the same counterparty, direction, currency and cadence. The person's
 * decisions (confirmed, renamed, re-kinded, dismissed) live on the stored row, so a series
 * re-detected after a re-import keeps them: a dismissal sticks.
 */
export interface StoredSeriesIdentity {
  id: string;
  merchant: string;
  direction: string;
  currency: string;
  cadence: string;
  transactionIds: readonly string[];
}

export interface DetectedSeriesIdentity {
  merchant: string;
  direction: string;
  currency: string;
  cadence: string;
  transactionIds: readonly string[];
}

/** For each detected series (by index), the id of the stored series it continues, or null for a new one. Each stored id is used once. */
export function carryOverIdentity(
  stored: readonly StoredSeriesIdentity[],
  detected: readonly DetectedSeriesIdentity[],
): (string | null)[] {
  const owner = new Map<string, string>();
  for (const series of stored) for (const id of series.transactionIds) owner.set(id, series.id);
  const taken = new Set<string>();
  const result: (string | null)[] = detected.map(() => null);
  // Shared transactions first: the strongest evidence, and the largest overlaps choose first.
  const overlaps = detected.map((series, index) => {
    const counts = new Map<string, number>();
    for (const id of series.transactionIds) {
      const storedId = owner.get(id);
      if (storedId) counts.set(storedId, (counts.get(storedId) ?? 0) + 1);
    }
    const [best, shared] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
    return { index, best, shared };
  });
  for (const { index, best } of overlaps.sort((a, b) => b.shared - a.shared)) {
    if (best && !taken.has(best)) {
      result[index] = best;
      taken.add(best);
    }
  }
  detected.forEach((series, index) => {
    if (result[index]) return;
    const same = stored.find(
      (candidate) =>
        !taken.has(candidate.id) &&
        candidate.merchant === series.merchant &&
        candidate.direction === series.direction &&
        candidate.currency === series.currency &&
        candidate.cadence === series.cadence,
    );
    if (same) {
      result[index] = same.id;
      taken.add(same.id);
    }
  });
  return result;
}
