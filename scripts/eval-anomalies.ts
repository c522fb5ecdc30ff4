/**
 * `npm run eval:anomalies -- FILE.csv [--seed N]`: injects unusual charges into a real history
 * with a fixed seed and runs the real detectors (recurring series, then unusual charges) over it
 * as one person. Injected: 20 duplicates (a charge repeated the next day), 20 amounts made 5×
 * (at merchants with five earlier charges), and a 15% price rise on up to 10 recurring series
 * (from one charge on, to the end). Prints one JSON line: recall per kind, false alerts per month
 * on the injected history, and alerts per month on the untouched one. Progress on stderr.
 */
import { basename } from 'node:path';
import { counterpartyKey } from '../lambdas/core/insights/counterparty-key';
import { dayNumber, dateOfDay } from '../lambdas/core/insights/calendar-days';
import { detectAnomalies, type DetectedAnomaly } from '../lambdas/core/insights/detect-anomalies';
import { detectRecurring, type RecurringInput } from '../lambdas/core/insights/detect-recurring';
import { lastDateOf, readHistoryCsv } from './read-history-csv';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: npm run eval:anomalies -- FILE.csv [--seed N]\n');
  process.exit(2);
}
const seedFlag = rest.indexOf('--seed');
let state = seedFlag >= 0 ? Number(rest[seedFlag + 1]) : 19;
/** mulberry32: the same injections on every run. */
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

const original = readHistoryCsv(file);
const asOf = lastDateOf(original);
const months = Math.max(1, (dayNumber(asOf) - dayNumber(original[0].date)) / 30.44);
const untouchedSeries = detectRecurring(original, { asOf });
const untouched = detectAnomalies(original, { asOf, recurring: untouchedSeries });

const rows: RecurringInput[] = original.map((row) => ({ ...row }));
const byId = new Map(rows.map((row) => [row.id, row]));
const injected = { duplicate: new Set<string>(), times5: new Set<string>(), priceRise: new Set<string>() };
const touched = new Set<string>();
const startDay = dayNumber(original[0].date) + 90;
const outRows = rows.filter(
  (row) => row.amount < 0 && dayNumber(row.date) > startDay && counterpartyKey(row.description),
);

// Price rises first: on recurring fixed-price series with six charges, from a charge past the fourth.
const candidates = untouchedSeries.filter(
  (series) => series.direction === 'out' && series.fixedAmount && series.occurrences >= 6,
);
for (const series of candidates.slice(0, 10)) {
  const ids = series.transactionIds.filter((id) => !touched.has(id));
  const dates = [...new Set(ids.map((id) => byId.get(id)!.date))].sort();
  const from = dates[Math.min(dates.length - 2, 4 + Math.floor(random() * (dates.length - 5)))];
  for (const id of ids) {
    const row = byId.get(id)!;
    if (row.date < from) continue;
    row.amount = Math.round(row.amount * 1.15);
    touched.add(id);
    if (row.date === from) injected.priceRise.add(id);
  }
}
const free = outRows.filter((row) => !touched.has(row.id));
const seenBefore = new Map<string, number>();
for (const row of rows) seenBefore.set(row.id, 0);
{
  const counts = new Map<string, number>();
  for (const row of [...rows].sort((a, b) => a.date.localeCompare(b.date))) {
    const key = counterpartyKey(row.description);
    seenBefore.set(row.id, counts.get(key) ?? 0);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}
while (injected.times5.size < 20) {
  const row = pick(free);
  if (touched.has(row.id) || (seenBefore.get(row.id) ?? 0) < 5) continue;
  row.amount *= 5;
  touched.add(row.id);
  injected.times5.add(row.id);
}
let nextId = rows.length + 1;
while (injected.duplicate.size < 20) {
  const row = pick(free);
  if (touched.has(row.id)) continue;
  touched.add(row.id);
  const copy = { ...row, id: String(nextId++), date: dateOfDay(dayNumber(row.date) + 1) };
  rows.push(copy);
  injected.duplicate.add(copy.id);
}

const series = detectRecurring(rows, { asOf });
const anomalies = detectAnomalies(rows, { asOf, recurring: series });
const flagged = new Map<string, DetectedAnomaly[]>();
for (const anomaly of anomalies)
  if (anomaly.transactionId)
    flagged.set(anomaly.transactionId, [...(flagged.get(anomaly.transactionId) ?? []), anomaly]);
const recall = (ids: Set<string>) => [...ids].filter((id) => flagged.has(id)).length / Math.max(1, ids.size);
const falseAlerts = anomalies.filter((anomaly) => !anomaly.transactionId || !touched.has(anomaly.transactionId));
const byKind = (list: readonly DetectedAnomaly[]) =>
  Object.fromEntries(
    [...new Set(list.map((anomaly) => anomaly.kind))].map((kind) => [
      kind,
      list.filter((anomaly) => anomaly.kind === kind).length,
    ]),
  );
process.stderr.write(
  `untouched alerts by kind ${JSON.stringify(byKind(untouched))}; price rises injected on ${injected.priceRise.size} series\n`,
);
const round = (value: number) => Math.round(value * 1000) / 1000;
process.stdout.write(
  `${JSON.stringify({
    file: basename(file),
    months: round(months),
    recallDuplicates: round(recall(injected.duplicate)),
    recallTimes5: round(recall(injected.times5)),
    recallPriceRises: round(recall(injected.priceRise)),
    priceRisesInjected: injected.priceRise.size,
    falseAlertsPerMonth: round(falseAlerts.length / months),
    untouchedAlertsPerMonth: round(untouched.length / months),
  })}\n`,
);
