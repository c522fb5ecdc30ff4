/**
 * `npm run eval:recurring -- FILE.csv LABELS.json [--min-occurrences N]`: runs the recurring-series
 * detector over a labelled history as one person and prints one JSON line (progress on stderr).
 *
 * Scoring follows ../shared/data/recurring/README.md: a labelled series is found when a predicted
 * series holds at least half its rows and no more than twice as many; a predicted series is right
 * when at least half its rows are one labelled series. Identical rows (same date, amount and text)
 * are interchangeable between series, so a swap between parallel series scores as correct.
 * `kindAccuracy`: of the labelled series found, the share named with the labelled kind (`other`
 * is a kind like the rest: right only when both say it); `--explain` prints each wrong kind.
 * `--min-occurrences` (default 4 when the labels file is us-mint-raleigh's, else 3): an unmatched
 * predicted series with fewer charges than that is neutral, as that file's README asks.
 * `--categories machine`: every row's category replaced by what a new person's first import stores
 * (`machine-categories.ts`); `labels` (the default) keeps the person's own.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { detectRecurring, nextExpectedDate, type DetectedSeries } from '../lambdas/core/insights/detect-recurring';
import { detectAnomalies } from '../lambdas/core/insights/detect-anomalies';
import { dayNumber } from '../lambdas/core/insights/calendar-days';
import { counterpartyKey } from '../lambdas/core/insights/counterparty-key';
import { lastDateOf, readHistoryCsv } from './read-history-csv';
import { categorisedAs, categoryModeOf } from './machine-categories';

interface LabelledSeries {
  name: string;
  cadence: string;
  kind: string;
  rows: number[];
}

const [file, labelsFile, ...rest] = process.argv.slice(2);
if (!file || !labelsFile) {
  process.stderr.write(
    'usage: npm run eval:recurring -- FILE.csv LABELS.json [--min-occurrences N] [--half tune|check] [--categories labels|machine] [--explain]\n',
  );
  process.exit(2);
}
const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as { series: LabelledSeries[] };
const minFlag = rest.indexOf('--min-occurrences');
const minOccurrences = minFlag >= 0 ? Number(rest[minFlag + 1]) : basename(labelsFile).startsWith('us-mint') ? 4 : 3;
const halfFlag = rest.indexOf('--half');
const half = halfFlag >= 0 ? rest[halfFlag + 1] : 'all';
if (!['all', 'tune', 'check'].includes(half)) {
  process.stderr.write('--half is tune, check or all\n');
  process.exit(2);
}
const explain = rest.includes('--explain');
const categories = categoryModeOf(rest);

const rows = categorisedAs(categories, readHistoryCsv(file));
const byId = new Map(rows.map((row) => [row.id, row]));
const identity = (id: string) => {
  const row = byId.get(id)!;
  return `${row.date}|${row.amount}|${row.description}`;
};
const asOf = lastDateOf(rows);
const started = performance.now();
const predicted = detectRecurring(rows, { asOf });
const detectMs = performance.now() - started;
process.stderr.write(`${predicted.length} series detected in ${detectMs.toFixed(0)} ms\n`);

/** Rows of `ids` that are in `labelRows`, identical rows counted as interchangeable. */
function overlap(ids: readonly string[], labelRows: readonly number[]): number {
  const pool = new Map<string, number>();
  for (const row of labelRows) pool.set(identity(String(row)), (pool.get(identity(String(row))) ?? 0) + 1);
  let shared = 0;
  for (const id of ids) {
    const key = identity(id);
    const left = pool.get(key) ?? 0;
    if (left > 0) {
      pool.set(key, left - 1);
      shared += 1;
    }
  }
  return shared;
}

/**
 * The fixed split that keeps half the labels aside while tuning: labels alternate between `tune`
 * and `check` in file order (the files list series by first row, so both halves span the
 * history and its kinds). A predicted series that matches no label goes to a half by its
 * counterparty, so that every piece of one counterparty falls on one side.
 */
const labelHalf = (index: number) => (index % 2 === 0 ? 'tune' : 'check');
const counterpartyHalf = (merchant: string) => {
  let hash = 2166136261;
  for (const char of merchant) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return (hash >>> 0) % 2 === 0 ? 'tune' : 'check';
};
const inHalf = (which: string) => half === 'all' || which === half;

const holds = (series: DetectedSeries, label: LabelledSeries) =>
  overlap(series.transactionIds, label.rows) * 2 >= label.rows.length &&
  series.transactionIds.length <= 2 * label.rows.length;

let correct = 0;
let neutral = 0;
let scoredPredicted = 0;
const wrong: DetectedSeries[] = [];
for (const series of predicted) {
  const rightIndex = labels.series.findIndex(
    (label) => overlap(series.transactionIds, label.rows) * 2 >= series.transactionIds.length,
  );
  if (!inHalf(rightIndex >= 0 ? labelHalf(rightIndex) : counterpartyHalf(series.merchant))) continue;
  scoredPredicted += 1;
  if (rightIndex >= 0) correct += 1;
  else if (series.occurrences < minOccurrences) neutral += 1;
  else wrong.push(series);
}

let found = 0;
let scoredLabels = 0;
let cadenceRight = 0;
const wrongKinds: { label: LabelledSeries; series: DetectedSeries }[] = [];
let nextRight = 0;
let nextScored = 0;
const missed: LabelledSeries[] = [];
const matchedBy = new Map<DetectedSeries, number>();
labels.series.forEach((label, index) => {
  if (!inHalf(labelHalf(index))) return;
  scoredLabels += 1;
  const match = predicted.find((series) => holds(series, label));
  if (!match) {
    missed.push(label);
    return;
  }
  found += 1;
  matchedBy.set(match, (matchedBy.get(match) ?? 0) + 1);
  if (match.cadence === label.cadence) cadenceRight += 1;
  else process.stderr.write(`  cadence: ${label.name} is ${label.cadence}, found ${match.cadence}\n`);
  // `other` is a kind like the rest: right only when both say it (a labelled card fee called a
  // bill is wrong, and so is a subscription called other).
  if (match.kind !== label.kind) wrongKinds.push({ label, series: match });
  // Predict the label's last date from its charges before it, as the product reads the series it
  // found (its cadence, on the calendar or counted from the last charge); copies a day or two apart
  // are one charge.
  const lastDate = byId.get(String(label.rows[label.rows.length - 1]))!.date;
  const before = [...new Set(label.rows.map((row) => byId.get(String(row))!.date))]
    .filter((date) => dayNumber(lastDate) - dayNumber(date) > 2)
    .sort();
  const charges = before.filter((date, index) => index === 0 || dayNumber(date) - dayNumber(before[index - 1]) > 2);
  if (charges.length >= 2) {
    nextScored += 1;
    const predictedNext = nextExpectedDate(match.cadence, charges, match);
    if (Math.abs(dayNumber(predictedNext) - dayNumber(lastDate)) <= 3) nextRight += 1;
    else
      process.stderr.write(
        `  next date: ${label.name} expected ${predictedNext}, was ${lastDate} (after ${charges.slice(-3).join(' ')})\n`,
      );
  }
});
// One predicted series that is the whole of two labelled series counts for both (the definition
// allows it); say how often, and the recall when each predicted series may find one label only.
const sharedMatches = [...matchedBy.values()].filter((count) => count > 1).length;
const used = new Set<DetectedSeries>();
let foundOneToOne = 0;
labels.series.forEach((label, index) => {
  if (!inHalf(labelHalf(index))) return;
  const match = predicted.find((series) => !used.has(series) && holds(series, label));
  if (!match) return;
  used.add(match);
  foundOneToOne += 1;
});
if (sharedMatches)
  process.stderr.write(`  ${sharedMatches} predicted series each found more than one labelled series\n`);

const labelledRows = new Set(labels.series.flatMap((label) => label.rows.map(String)));
const predictedRows = new Set(predicted.flatMap((series) => series.transactionIds));
const rowHits = [...predictedRows].filter((id) => labelledRows.has(id)).length;
const rowPrecision = predictedRows.size ? rowHits / predictedRows.size : 0;
const rowRecall = labelledRows.size ? rowHits / labelledRows.size : 0;

const months = (dayNumber(asOf) - dayNumber(rows[0].date)) / 30.44;
const anomalies = detectAnomalies(rows, { asOf, recurring: predicted });
const round = (value: number) => Math.round(value * 1000) / 1000;
for (const series of wrong) {
  process.stderr.write(
    `  wrong: ${series.name} ${series.cadence} ${series.occurrences}× ${series.firstDate}..${series.lastDate} ${series.amount}\n`,
  );
  if (explain)
    for (const id of series.transactionIds) {
      const input = byId.get(id)!;
      process.stderr.write(
        `      ${input.date} ${(input.amount / 100).toFixed(2).padStart(10)} ${input.description.slice(0, 70)}\n`,
      );
    }
}
const holders = (id: string) =>
  predicted
    .filter((series) => series.transactionIds.includes(id))
    .map((series) => `${series.name} ${series.cadence} ${series.occurrences}×`);
for (const label of missed) {
  process.stderr.write(`  missed: ${label.name} (${label.cadence}, ${label.rows.length} rows)\n`);
  if (!explain) continue;
  for (const row of label.rows) {
    const input = byId.get(String(row))!;
    const key = counterpartyKey(input.description, input.merchant);
    process.stderr.write(
      `      ${input.date} ${(input.amount / 100).toFixed(2).padStart(10)} [${key}] ${input.description.slice(0, 60)} ${holders(input.id).join('; ')}\n`,
    );
  }
}
/** The text and category most of a series' rows carry: what the kind was read from. */
const mostCommonOf = (values: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
};
for (const { label, series } of wrongKinds) {
  process.stderr.write(`  kind: ${label.name} is ${label.kind}, found ${series.kind}\n`);
  if (!explain) continue;
  const inputs = series.transactionIds.map((id) => byId.get(id)!);
  const amounts = series.fixedAmount ? 'fixed' : 'varying';
  process.stderr.write(
    `      ${series.cadence} ${series.direction} ${amounts} [${series.merchant}] "${mostCommonOf(inputs.map((input) => input.description)).slice(0, 60)}" category "${mostCommonOf(inputs.map((input) => input.category ?? ''))}"\n`,
  );
}
process.stdout.write(
  `${JSON.stringify({
    file: basename(file),
    rows: rows.length,
    half,
    categories,
    predicted: scoredPredicted,
    neutral,
    labelled: scoredLabels,
    precision: round(correct / Math.max(1, scoredPredicted - neutral)),
    recall: round(found / Math.max(1, scoredLabels)),
    recallOneToOne: round(foundOneToOne / Math.max(1, scoredLabels)),
    cadenceAccuracy: round(cadenceRight / Math.max(1, found)),
    kindAccuracy: round((found - wrongKinds.length) / Math.max(1, found)),
    rowF1: round(rowPrecision + rowRecall ? (2 * rowPrecision * rowRecall) / (rowPrecision + rowRecall) : 0),
    nextDateWithin3Days: round(nextRight / Math.max(1, nextScored)),
    anomaliesPerMonth: round(anomalies.length / Math.max(1, months)),
    detectMs: Math.round(detectMs),
  })}\n`,
);
