/**
 * `npm run eval:anomalies -- FILE.csv [--seeds 19,20,21] [--verbose] [--explain]`: injects unusual charges
 * into a real history with a fixed seed and runs the real detectors (recurring series, then
 * unusual charges) over it as one person, as the forecast Lambda does after an import.
 *
 * Injected, per seed (each event as it happens to people, on rows nothing else touched):
 * - 20 duplicates: a charge posted again 1 or 2 days later with the same text and amount. The
 *   copied charge is one with no identical charge within 48 hours in the history as it is, so
 *   that two identical rows the statement itself holds (two bus fares, two coffees) are never
 *   what is scored.
 * - 20 amounts made 5×: a real charge, at a counterparty the person had paid at least 5 times
 *   before, now five times the median of those earlier charges (its usual).
 * At most 2 of each kind in a calendar month (a person sees a handful of alerts a month), and none
 * within 2 days of another at its counterparty (two would read as one event).
 * - a 15% price rise on up to 10 recurring series the detector finds in the untouched history
 *   (money out, a fixed price, 6+ charges), from a charge past the 4th to the end of the series (a
 *   charge's copies within 3 days, as a feed shows them, are raised with it); the two charges
 *   before the first raised one were at its price (within 5%), so that what is injected is a
 *   rise from a price being paid, never a fall from it or a varying bill's next amount.
 *
 * Scored honestly: an injection is caught only by an alert of its own kind on the injected row
 * (`duplicate` on the second charge, `unusual_amount` on the 5× one, `price_rise` on the first
 * raised charge or one of its copies). A false alert is any alert on a row no injection touched.
 * Prints one JSON line (the mean over the seeds when several are given): recall per kind, false
 * alerts a month on the injected history, and alerts a month on the untouched one. Progress and,
 * with `--verbose`, each miss and false alert on stderr; `--explain` adds why each was missed.
 * `--categories machine`: the history with the categories a new person's first import stores
 * (`machine-categories.ts`) instead of the person's own labels (the default, `labels`).
 */
import { basename } from 'node:path';
import { counterpartyKey } from '../lambdas/core/insights/counterparty-key';
import { dayNumber, dateOfDay, median } from '../lambdas/core/insights/calendar-days';
import {
  ANOMALY_TUNING,
  detectAnomalies,
  unnamedKey,
  type AnomalyKind,
  type AnomalyTuning,
  type DetectedAnomaly,
} from '../lambdas/core/insights/detect-anomalies';
import { detectRecurring, type RecurringInput } from '../lambdas/core/insights/detect-recurring';
import { lastDateOf, readHistoryCsv } from './read-history-csv';
import { categorisedAs, categoryModeOf } from './machine-categories';
import { mulberry32 } from '../lambdas/core/seeded-random';
import { RecentAmounts } from '../lambdas/core/insights/robust-amounts';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write(
    'usage: npm run eval:anomalies -- FILE.csv [--seeds 19,20,21] [--categories labels|machine] [--verbose]\n',
  );
  process.exit(2);
}
const flag = (name: string) => {
  const at = rest.indexOf(name);
  return at >= 0 ? rest[at + 1] : undefined;
};
const seeds = (flag('--seeds') ?? flag('--seed') ?? '19').split(',').map(Number);
const explain = rest.includes('--explain');
const verbose = explain || rest.includes('--verbose');
/** `--tuning '{"unusualDeviations":4}'`: other values for the detector's tuned numbers, to sweep them. */
const tuning = JSON.parse(flag('--tuning') ?? '{}') as Partial<AnomalyTuning>;
const log = (line: string) => process.stderr.write(`${line}\n`);

const DUPLICATES = 20;
const TIMES_FIVE = 20;
const PRICE_RISES = 10;
const RISE = 1.15;
/** A price paid before a rise may drift this much from the charge raised (a plan billed in another currency). */
const PAID_DRIFT = 0.05;
/** Rows of a series this few days apart are one charge and its copies. */
const COPY_DAYS = 3;
/** At most this many injections of one kind in a calendar month. */
const PER_MONTH_AND_KIND = 2;

const categories = categoryModeOf(rest);
const original = categorisedAs(categories, readHistoryCsv(file));
const asOf = lastDateOf(original);
const firstDate = original.reduce((earliest, row) => (row.date < earliest ? row.date : earliest), asOf);
const months = Math.max(1, (dayNumber(asOf) - dayNumber(firstDate)) / 30.44);
const untouchedSeries = detectRecurring(original, { asOf });
const untouched = detectAnomalies(original, { asOf, recurring: untouchedSeries, tuning });
// A charge with no name in it (a diary's empty note) is paid to whoever its category names, as the
// detector reads it: such charges are injected into too, not left out of the test.
const keyOf = (row: RecurringInput) => counterpartyKey(row.description, row.merchant) || unnamedKey(row.category);

/** Money-out rows with an identical charge (same counterparty and amount) within 48 hours: the statement's own pairs. */
const pairedInHistory = (() => {
  const paired = new Set<string>();
  const last = new Map<string, { id: string; day: number }[]>();
  for (const row of [...original].sort((a, b) => a.date.localeCompare(b.date))) {
    if (row.amount >= 0) continue;
    const key = `${keyOf(row)}|${row.amount}`;
    const day = dayNumber(row.date);
    const near = (last.get(key) ?? []).filter((other) => day - other.day <= 2);
    for (const other of near) paired.add(other.id).add(row.id);
    last.set(key, [...near, { id: row.id, day }]);
  }
  return paired;
})();

/**
 * Per money-out row: how many charges its counterparty had before it, and their median (its
 * usual), so that a 5× injection is five times what the person usually pays there, not five
 * times whichever charge is picked (5× a 10.00 tea at a stall whose usual is 30.00 is 1.7× its usual).
 */
const before = (() => {
  const amounts = new Map<string, number[]>();
  const byRow = new Map<string, { count: number; usual: number }>();
  for (const row of [...original].sort((a, b) => a.date.localeCompare(b.date))) {
    if (row.amount >= 0) continue;
    const paid = amounts.get(keyOf(row)) ?? [];
    byRow.set(row.id, { count: paid.length, usual: median(paid) });
    amounts.set(keyOf(row), [...paid, -row.amount]);
  }
  return byRow;
})();

interface Run {
  recallDuplicates: number;
  recallTimes5: number;
  recallPriceRises: number;
  priceRisesInjected: number;
  falseAlertsPerMonth: number;
}

function runSeed(seed: number): Run {
  const random = mulberry32(seed);
  const rows: RecurringInput[] = original.map((row) => ({ ...row }));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const touched = new Set<string>();
  const startDay = dayNumber(firstDate) + 90;
  const outRows = rows.filter((row) => row.amount < 0 && dayNumber(row.date) > startDay && keyOf(row));

  // Price rises: each series' first raised charge and its copies are what an alert must name. A
  // charge's copies (a feed's pending and posted rows, a day or two apart) carry one price, so the
  // rise starts at a charge, never between a charge and its copy.
  const rises: Set<string>[] = [];
  const candidates = untouchedSeries.filter(
    (series) => series.direction === 'out' && series.fixedAmount && series.occurrences >= 6,
  );
  for (const series of candidates) {
    if (rises.length >= PRICE_RISES) break;
    if (series.transactionIds.some((id) => touched.has(id))) continue;
    const dates = [...new Set(series.transactionIds.map((id) => byId.get(id)!.date))].sort();
    const charges = dates.filter((date, at) => at === 0 || dayNumber(date) - dayNumber(dates[at - 1]) > COPY_DAYS);
    if (charges.length < 6) continue;
    // A rise is a rise from a price being paid: the two charges before the first raised one were
    // at its price (within a converted plan's drift). Raising the first charge after the price
    // fell (4.99 to 1.99, raised to 2.29) injects a fall, and raising a bill's second amount
    // after it changed (57.16, then 35.64, raised to 40.99) a bill that varies: no one calls
    // either a price rise.
    const paid = (date: string) => -byId.get(series.transactionIds.find((id) => byId.get(id)!.date === date)!)!.amount;
    const atPrice = (at: number, before: number) =>
      Math.abs(paid(charges[at - before]) - paid(charges[at])) <= paid(charges[at]) * PAID_DRIFT;
    const risable = [...charges.keys()].filter(
      (at) => at >= 4 && at <= charges.length - 2 && atPrice(at, 1) && atPrice(at, 2),
    );
    const pick = random();
    if (!risable.length) continue;
    const at = risable[Math.floor(pick * risable.length)];
    const [from, next] = [charges[at], charges[at + 1]];
    const first = new Set<string>();
    for (const id of series.transactionIds) {
      const row = byId.get(id)!;
      if (row.date < from) continue;
      row.amount = Math.round(row.amount * RISE);
      touched.add(id);
      if (row.date < next) first.add(id);
    }
    rises.push(first);
  }

  // Candidates in a seeded order, each month taking at most a few of a kind: the detector shows a
  // handful of alerts a month, and a history whose rows crowd into a few months (the South African
  // one) must not get ten injections in one of them.
  // Two injections at one counterparty within 48 hours read as one event (a 5× charge and its
  // copy the next day): each is placed apart from the others at its counterparty.
  const injectedDays = new Map<string, number[]>();
  const nearInjected = (row: RecurringInput) =>
    (injectedDays.get(keyOf(row)) ?? []).some((day) => Math.abs(day - dayNumber(row.date)) <= 2);
  const inTurn = <T extends RecurringInput>(items: readonly T[], count: number, take: (row: T) => boolean) => {
    const order = items.map((row) => ({ row, at: random() })).sort((a, b) => a.at - b.at);
    const perMonth = new Map<string, number>();
    let taken = 0;
    for (const { row } of order) {
      if (taken >= count) break;
      const month = row.date.slice(0, 7);
      if (touched.has(row.id) || (perMonth.get(month) ?? 0) >= PER_MONTH_AND_KIND || nearInjected(row) || !take(row))
        continue;
      injectedDays.set(keyOf(row), [...(injectedDays.get(keyOf(row)) ?? []), dayNumber(row.date)]);
      perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
      taken += 1;
    }
  };

  const times5 = new Set<string>();
  const eligible5 = outRows.filter((row) => before.get(row.id)!.count >= 5);
  inTurn(eligible5, TIMES_FIVE, (row) => {
    row.amount = -Math.round(5 * before.get(row.id)!.usual);
    touched.add(row.id);
    times5.add(row.id);
    return true;
  });

  const duplicates = new Set<string>();
  const eligibleCopies = outRows.filter((row) => !pairedInHistory.has(row.id));
  let nextId = rows.length + 1;
  inTurn(eligibleCopies, DUPLICATES, (row) => {
    const copy = { ...row, id: String(nextId++), date: dateOfDay(dayNumber(row.date) + 1 + Math.floor(random() * 2)) };
    if (copy.date > asOf) return false;
    touched.add(row.id);
    rows.push(copy);
    touched.add(copy.id);
    duplicates.add(copy.id);
    return true;
  });

  const series = detectRecurring(rows, { asOf });
  const anomalies = detectAnomalies(rows, { asOf, recurring: series, tuning });
  // The same detection with no monthly cap and no score bar: whether a miss was raised and then ranked out.
  const uncapped = explain
    ? detectAnomalies(rows, { asOf, recurring: series, tuning: { ...tuning, maxPerMonth: Infinity, minScore: 0 } })
    : [];
  const flagged = new Map<string, Set<AnomalyKind>>();
  for (const anomaly of anomalies)
    if (anomaly.transactionId)
      flagged.set(anomaly.transactionId, (flagged.get(anomaly.transactionId) ?? new Set()).add(anomaly.kind));
  const caught = (id: string, kind: AnomalyKind) => flagged.get(id)?.has(kind) ?? false;
  const describe = (id: string) => {
    const row = byId.get(id) ?? rows.find((candidate) => candidate.id === id)!;
    return `${row.date} ${row.amount} ${row.category ?? ''} «${row.description}» [${[...(flagged.get(id) ?? [])].join(',')}]`;
  };
  const why = (id: string, kind: AnomalyKind) => (explain ? ` ${whyMissed(rows, uncapped, id, kind)}` : '');
  if (verbose) {
    for (const id of duplicates)
      if (!caught(id, 'duplicate')) log(`missed duplicate ${describe(id)}${why(id, 'duplicate')}`);
    for (const id of times5)
      if (!caught(id, 'unusual_amount')) log(`missed 5x ${describe(id)}${why(id, 'unusual_amount')}`);
    for (const first of rises)
      if (![...first].some((id) => caught(id, 'price_rise')))
        log(`missed price rise ${describe([...first][0])}${why([...first][0], 'price_rise')}`);
  }
  const falseAlerts = anomalies.filter((anomaly) => !anomaly.transactionId || !touched.has(anomaly.transactionId));
  if (verbose) for (const alert of falseAlerts) log(`false ${alert.kind} ${alert.score} ${alert.date} ${alert.reason}`);
  const share = (hits: number, total: number) => (total ? hits / total : NaN);
  return {
    recallDuplicates: share([...duplicates].filter((id) => caught(id, 'duplicate')).length, duplicates.size),
    recallTimes5: share([...times5].filter((id) => caught(id, 'unusual_amount')).length, times5.size),
    recallPriceRises: share(
      rises.filter((first) => [...first].some((id) => caught(id, 'price_rise'))).length,
      rises.length,
    ),
    priceRisesInjected: rises.length,
    falseAlertsPerMonth: falseAlerts.length / months,
  };
}

/**
 * Why an injection was missed (`--explain`): raised and then ranked out (its score, and the scores
 * kept that month), or never raised, with its counterparty's charges before it (how many, the
 * median, the amount's ratio to it and to their 90th percentile, and its robust deviations).
 */
function whyMissed(
  rows: readonly RecurringInput[],
  uncapped: readonly DetectedAnomaly[],
  id: string,
  kind: AnomalyKind,
) {
  const raised = uncapped.find((alert) => alert.transactionId === id && alert.kind === kind);
  const row = rows.find((candidate) => candidate.id === id)!;
  if (raised) {
    const month = uncapped
      .filter(
        (alert) =>
          alert.date.slice(0, 7) === row.date.slice(0, 7) &&
          alert.score >= (tuning.minScore ?? ANOMALY_TUNING.minScore),
      )
      .map((alert) => `${alert.kind}:${alert.score}`);
    return `(raised at score ${raised.score}; that month: ${month.join(' ')})`;
  }
  const other = uncapped.filter((alert) => alert.transactionId === id).map((alert) => `${alert.kind}:${alert.score}`);
  const before = new RecentAmounts(ANOMALY_TUNING.recentAmounts);
  // The largest charge of the two years before it: whether the charge was the payee's largest in that time.
  let high = 0;
  for (const earlier of rows)
    if (earlier.amount < 0 && earlier.id !== id && earlier.date <= row.date && keyOf(earlier) === keyOf(row)) {
      before.add(-earlier.amount);
      if (dayNumber(row.date) - dayNumber(earlier.date) <= 730) high = Math.max(high, -earlier.amount);
    }
  if (!before.size)
    return `(never raised${other.length ? `, raised as ${other.join(' ')}` : ''}; no charge before at ${keyOf(row)})`;
  const amount = -row.amount;
  const usual = before.median();
  const deviations = Math.log(amount / usual) / Math.max(before.logSpread(), ANOMALY_TUNING.minLogSpread);
  return `(never raised${other.length ? `, raised as ${other.join(' ')}` : ''}; ${before.count} before at ${keyOf(row)}, ${(amount / usual).toFixed(1)}× median, ${(amount / before.quantile(ANOMALY_TUNING.highQuantile)).toFixed(1)}× p90, ${(amount / high).toFixed(1)}× the two years' largest, ${deviations.toFixed(1)} deviations)`;
}

const runs = seeds.map((seed) => {
  const run = runSeed(seed);
  log(`seed ${seed}: ${JSON.stringify(run)}`);
  return run;
});
const byKind = (list: readonly DetectedAnomaly[]) =>
  Object.fromEntries(
    [...new Set(list.map((anomaly) => anomaly.kind))].map((kind) => [
      kind,
      list.filter((anomaly) => anomaly.kind === kind).length,
    ]),
  );
log(`untouched history: alerts by kind ${JSON.stringify(byKind(untouched))}`);
if (verbose) for (const alert of untouched) log(`untouched ${alert.kind} ${alert.score} ${alert.date} ${alert.reason}`);
const round = (value: number) => (Number.isNaN(value) ? null : Math.round(value * 1000) / 1000);
const mean = (pick: (run: Run) => number) => {
  const values = runs.map(pick).filter((value) => !Number.isNaN(value));
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : NaN;
};
process.stdout.write(
  `${JSON.stringify({
    file: basename(file),
    months: round(months),
    seeds,
    categories,
    recallDuplicates: round(mean((run) => run.recallDuplicates)),
    recallTimes5: round(mean((run) => run.recallTimes5)),
    recallPriceRises: round(mean((run) => run.recallPriceRises)),
    priceRisesInjected: round(mean((run) => run.priceRisesInjected)),
    falseAlertsPerMonth: round(mean((run) => run.falseAlertsPerMonth)),
    untouchedAlertsPerMonth: round(untouched.length / months),
  })}\n`,
);
