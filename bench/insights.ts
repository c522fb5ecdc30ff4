/**
 * npm run bench:insights [-- --rows=100000]
 *
 * All of insight detection (recurring series, unusual charges, habits, nudges) over one person's generated history (by
 * default 100,000 transactions over 10 years: 60 schedules — subscriptions, bills, pay, rent —
 * among 900 shops visited at random, a few of them daily). The reference in the same run is
 * computing the merchant key of every row, which the categoriser pays once at import.
 * Each step is warmed up on a tenth of the history, then timed three times (the median is kept).
 * Progress goes to stderr; the result is one JSON line on stdout.
 */
import { merchantKey } from '../lambdas/core/categorise/merchant-key';
import { dateOfDay, dayNumber } from '../lambdas/core/insights/calendar-days';
import { detectAnomalies } from '../lambdas/core/insights/detect-anomalies';
import { detectRecurring, type RecurringInput } from '../lambdas/core/insights/detect-recurring';
import { habitsOf } from '../lambdas/core/insights/habits';
import { nudgesOf } from '../lambdas/core/insights/nudges';
import { mulberry32 } from '../lambdas/core/seeded-random';

const rowsWanted = Number(process.argv.find((arg) => arg.startsWith('--rows='))?.slice(7) ?? 100_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** A name of letters only (digits are stripped from counterparty keys as references). */
function nameOf(index: number): string {
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ra',
    'zen',
    'tor',
    'vel',
    'nus',
    'pix',
    'dor',
    'bel',
    'qua',
    'fen',
    'gor',
    'hup',
    'jas',
  ];
  return `${syllables[index % 16]}${syllables[Math.floor(index / 16) % 16]}${syllables[Math.floor(index / 256) % 16]}`.toUpperCase();
}

function generatedHistory(rows: number): RecurringInput[] {
  const next = mulberry32(19);
  const start = dayNumber('2014-01-01');
  const days = 3650;
  const out: RecurringInput[] = [];
  const push = (day: number, amount: number, description: string, category: string) =>
    out.push({ id: String(out.length + 1), date: dateOfDay(day), amount, currency: 'USD', description, category });
  for (let schedule = 0; schedule < 60; schedule += 1) {
    const every = [7, 14, 30.44, 30.44, 30.44, 91.3, 365.25][schedule % 7];
    const price = Math.round(500 + next() * 20_000);
    for (let day = start + Math.floor(next() * 30); day < start + days; day += every) {
      push(
        Math.round(day + (next() < 0.2 ? 1 : 0)),
        schedule % 10 === 0 ? price * 10 : -price,
        `${nameOf(schedule + 1000)} PAYMENT`,
        'Bills',
      );
    }
  }
  const shops = Array.from({ length: 900 }, (_, i) => `${nameOf(i)} STORE ${i}`);
  while (out.length < rows) {
    // A few shops take most visits, as a supermarket and a café do.
    const shop = next() < 0.3 ? shops[Math.floor(next() * 5)] : shops[Math.floor(next() * shops.length)];
    push(start + Math.floor(next() * days), -Math.round(100 + next() * 15_000), shop, 'Shopping');
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

// Stored rows carry the merchant key the categoriser gave them at import; the detector reads it.
const history = generatedHistory(rowsWanted).map((row) => ({ ...row, merchant: merchantKey(row.description) }));
const asOf = history[history.length - 1].date;
log(`${history.length} transactions generated`);

/** The median of three timed runs: this machine is shared, and one run can land on a busy moment. */
const time = <T>(run: () => T) => {
  const runs = [0, 1, 2].map(() => {
    const started = performance.now();
    const result = run();
    return { ms: performance.now() - started, result };
  });
  return runs.sort((a, b) => a.ms - b.ms)[1];
};
// Warm-up of every step on a tenth, then the timed runs.
{
  const tenth = history.slice(0, history.length / 10);
  const warmSeries = detectRecurring(tenth, { asOf });
  const warmAnomalies = detectAnomalies(tenth, { asOf, recurring: warmSeries });
  nudgesOf({ habits: habitsOf(tenth, warmSeries, asOf), recurring: warmSeries, anomalies: warmAnomalies, today: asOf });
}
const reference = time(() => history.map((row) => merchantKey(row.description)));
const recurring = time(() => detectRecurring(history, { asOf }));
const series = recurring.result;
const anomalies = time(() => detectAnomalies(history, { asOf, recurring: series }));
const found = anomalies.result;
const habits = time(() => habitsOf(history, series, asOf));
const nudges = time(() => nudgesOf({ habits: habits.result, recurring: series, anomalies: found, today: asOf }));
const detectionMs = recurring.ms + anomalies.ms + habits.ms + nudges.ms;
log(
  `reference (keys only) ${reference.ms.toFixed(0)} ms; recurring ${recurring.ms.toFixed(0)} ms (${series.length} series); anomalies ${anomalies.ms.toFixed(0)} ms (${found.length}); habits ${habits.ms.toFixed(0)} ms; nudges ${nudges.ms.toFixed(0)} ms; all ${detectionMs.toFixed(0)} ms`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: 'insights',
    transactions: history.length,
    referenceMs: Math.round(reference.ms),
    recurringMs: Math.round(recurring.ms),
    anomaliesMs: Math.round(anomalies.ms),
    habitsMs: Math.round(habits.ms),
    nudgesMs: Math.round(nudges.ms),
    detectionMs: Math.round(detectionMs),
    ratioToReference: Math.round((detectionMs / reference.ms) * 100) / 100,
    anomaliesFound: found.length,
    seriesFound: series.length,
  })}\n`,
);
