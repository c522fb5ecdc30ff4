/**
 * `npm run eval:forecast -- FILE.csv [--h 18] [--method NAME] [--widening80 X] [--widening95 Y]`: over a long-form
 * `series,period,value` file, holds out the last h points of every series, forecasts them from the
 * rest and scores them the M4 way (sMAPE, MASE, MSIS at 95%, interval coverage). Classic Theta is
 * scored in the same process as the reference, on all series and on each half (odd and even ids), so
 * a method tuned on one half can be seen to hold on the other.
 *
 * `npm run eval:forecast -- --personal FILE.csv`: rolling-origin evaluation of next-month spending
 * per category on a labelled history (`date,description,amount,category`) over its last 12 months,
 * against mean-of-last-3 and seasonal naive.
 * Progress goes to stderr; the result is one JSON line on stdout.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { mase, msis, smape } from '../lambdas/core/forecast/accuracy';
import { forecastWithIntervals, modelBasedIntervals, DEFAULT_WIDENING } from '../lambdas/core/forecast/intervals';
import { METHODS } from '../lambdas/core/forecast/methods';
import { choosePersonalForecaster } from '../lambdas/core/forecast/personal-spending';
import { addMonths } from '../lambdas/core/forecast/calendar-months';
import { fromFirstUse } from '../lambdas/core/forecast/forecast-person';
import { ledgerSeries, type MonthCategoryTotal } from '../lambdas/core/forecast/ledger-series';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function readLongForm(file: string): Map<string, number[]> {
  const series = new Map<string, number[]>();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const [id, , raw] = line.split(',');
    const value = Number(raw);
    if (!id || !Number.isFinite(value)) {
      process.stderr.write(`line ${index + 2}: skipped (series or value unreadable)\n`);
      return;
    }
    const values = series.get(id) ?? [];
    values.push(value);
    series.set(id, values);
  });
  return series;
}

interface Totals {
  series: number;
  smape: number;
  mase: number;
  msis: number;
  inside80: number;
  inside95: number;
  points: number;
  /** The same for the model-based intervals, over the series whose model has a variance of its own. */
  modelInside80: number;
  modelInside95: number;
  modelMsis: number;
  modelSeries: number;
  modelPoints: number;
}

const emptyTotals = (): Totals => ({
  series: 0,
  smape: 0,
  mase: 0,
  msis: 0,
  inside80: 0,
  inside95: 0,
  points: 0,
  modelInside80: 0,
  modelInside95: 0,
  modelMsis: 0,
  modelSeries: 0,
  modelPoints: 0,
});
const round = (v: number, digits = 3) => Number(v.toFixed(digits));

function summary(t: Totals) {
  return {
    series: t.series,
    sMAPE: round(t.smape / t.series),
    MASE: round(t.mase / t.series),
    MSIS: round(t.msis / t.series),
    coverage80: round((100 * t.inside80) / t.points, 1),
    coverage95: round((100 * t.inside95) / t.points, 1),
    modelBased:
      t.modelSeries === 0
        ? null
        : {
            series: t.modelSeries,
            MSIS: round(t.modelMsis / t.modelSeries),
            coverage80: round((100 * t.modelInside80) / t.modelPoints, 1),
            coverage95: round((100 * t.modelInside95) / t.modelPoints, 1),
          },
  };
}

function evaluateLongForm(file: string) {
  const h = Number(option('h') ?? 18);
  const methodName = option('method') ?? 'auto';
  const widening = {
    at80: Number(option('widening80') ?? DEFAULT_WIDENING.at80),
    at95: Number(option('widening95') ?? DEFAULT_WIDENING.at95),
  };
  const method = METHODS[methodName];
  if (!method) throw new Error(`--method: unknown "${methodName}"; one of ${Object.keys(METHODS).join(', ')}`);
  const all = [...readLongForm(file).entries()].filter(([id, values]) => {
    if (values.length > h + 2) return true;
    process.stderr.write(`${id}: skipped (${values.length} points, needs more than h + 2)\n`);
    return false;
  });
  const score = (name: string, fit: (v: readonly number[]) => ReturnType<typeof method>) => {
    const totals = { all: emptyTotals(), odd: emptyTotals(), even: emptyTotals() };
    const chosen: Record<string, number> = {};
    const started = performance.now();
    all.forEach(([id, values], index) => {
      const history = values.slice(0, -h);
      const actual = values.slice(-h);
      const model = fit(history);
      const points = model ? forecastWithIntervals(model, history, h, widening) : actual.map(() => null);
      const modelPoints = model ? modelBasedIntervals(model, history, h) : null;
      const modelName = model?.name ?? 'none';
      chosen[modelName] = (chosen[modelName] ?? 0) + 1;
      const expected = points.map((p) => p?.expected ?? 0);
      const half = Number(id.replace(/\D/g, '')) % 2 === 1 ? totals.odd : totals.even;
      for (const t of [totals.all, half]) {
        t.series += 1;
        t.smape += smape(actual, expected);
        t.mase += mase(history, actual, expected);
        t.msis += msis(
          history,
          actual,
          points.map((p) => p?.lower95 ?? 0),
          points.map((p) => p?.upper95 ?? 0),
        );
        actual.forEach((y, k) => {
          const p = points[k];
          if (p && y >= p.lower80 && y <= p.upper80) t.inside80 += 1;
          if (p && y >= p.lower95 && y <= p.upper95) t.inside95 += 1;
          t.points += 1;
        });
        if (modelPoints) {
          t.modelSeries += 1;
          t.modelMsis += msis(
            history,
            actual,
            modelPoints.map((p) => p.lower95),
            modelPoints.map((p) => p.upper95),
          );
          actual.forEach((y, k) => {
            if (y >= modelPoints[k].lower80 && y <= modelPoints[k].upper80) t.modelInside80 += 1;
            if (y >= modelPoints[k].lower95 && y <= modelPoints[k].upper95) t.modelInside95 += 1;
            t.modelPoints += 1;
          });
        }
      }
      if ((index + 1) % 200 === 0) process.stderr.write(`${name}: ${index + 1}/${all.length} series\n`);
    });
    const seconds = (performance.now() - started) / 1000;
    return { totals, chosen, seriesPerSecond: Math.round(all.length / seconds) };
  };
  const result = score(methodName, method);
  const theta = score('theta (reference)', METHODS.theta);
  const versus = (mine: Totals, reference: Totals) => {
    const a = summary(mine);
    const b = summary(reference);
    return { ...a, thetaSMAPE: b.sMAPE, thetaMASE: b.MASE, beatsTheta: a.sMAPE < b.sMAPE && a.MASE < b.MASE };
  };
  process.stderr.write(
    `${methodName} / theta: sMAPE ${round(result.totals.all.smape / theta.totals.all.smape)}, ` +
      `MASE ${round(result.totals.all.mase / theta.totals.all.mase)}\n`,
  );
  return {
    file,
    h,
    method: methodName,
    ...summary(result.totals.all),
    methods: result.chosen,
    seriesPerSecond: result.seriesPerSecond,
    theta: summary(theta.totals.all),
    oddIds: versus(result.totals.odd, theta.totals.odd),
    evenIds: versus(result.totals.even, theta.totals.even),
  };
}

/** The file summed per month and category, as the SQL aggregate would; transfers left out. */
function readLedger(file: string): { totals: MonthCategoryTotal[]; lastDate: string } {
  const records: Record<string, string>[] = parse(readFileSync(file), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const totals = new Map<string, MonthCategoryTotal>();
  let lastDate = '';
  records.forEach((record, index) => {
    const amount = Math.round(Number(record.amount) * 100);
    if (!/^\d{4}-\d{2}-\d{2}/.test(record.date ?? '') || !Number.isFinite(amount)) {
      process.stderr.write(`row ${index + 2}: skipped (date or amount unreadable)\n`);
      return;
    }
    const category = record.category || null;
    if (category !== null && /^transfers?$/i.test(category)) return;
    const month = record.date.slice(0, 7);
    if (record.date > lastDate) lastDate = record.date.slice(0, 10);
    const key = `${month}|${category}`;
    const total = totals.get(key) ?? { month, currency: 'XXX', category, outflow: 0, inflow: 0 };
    if (amount < 0) total.outflow -= amount;
    else total.inflow += amount;
    totals.set(key, total);
  });
  return { totals: [...totals.values()], lastDate };
}

/** Next-month spending per category, origins over the last 12 complete months of the file. */
function evaluatePersonal(file: string) {
  const { totals, lastDate } = readLedger(file);
  // The file's last month counts as complete only when it runs to its last days.
  const lastMonth = lastDate.slice(0, 7);
  const currentMonth = Number(lastDate.slice(8, 10)) >= 28 ? addMonths(lastMonth, 1) : lastMonth;
  const [{ months, byCategory: series }] = ledgerSeries(totals, currentMonth, () => 'spending');
  const origins = 12;
  const absoluteErrors = { model: 0, meanOfLast3: 0, seasonalNaive: 0 };
  let forecasts = 0;
  const chosen: Record<string, number> = {};
  for (let origin = months.length - origins; origin < months.length; origin += 1) {
    if (origin < 1) continue;
    for (const [, all] of series) {
      // As served: a category's history starts at its first month with money in it.
      const { values } = fromFirstUse(months, all.slice(0, origin + 1));
      if (values.length === 0) continue;
      const history = values.slice(0, -1);
      const actual = values[values.length - 1];
      const choice = choosePersonalForecaster(history);
      chosen[choice.model?.name ?? 'none'] = (chosen[choice.model?.name ?? 'none'] ?? 0) + 1;
      const last3 = history.slice(-3);
      // A category's first month: every method can only say 0.
      const meanOfLast3 = last3.length === 0 ? 0 : last3.reduce((sum, v) => sum + v, 0) / last3.length;
      const seasonalNaive = history.length >= 12 ? history[history.length - 12] : (history[history.length - 1] ?? 0);
      // Where the model declines (under 3 months), the person sees no forecast; it is scored as mean-of-last-3, a neutral stand-in.
      const expected = choice.model ? choice.model.forecast(1)[0] : meanOfLast3;
      absoluteErrors.model += Math.abs(actual - expected);
      absoluteErrors.meanOfLast3 += Math.abs(actual - meanOfLast3);
      absoluteErrors.seasonalNaive += Math.abs(actual - seasonalNaive);
      forecasts += 1;
    }
  }
  const mae = (sum: number) => round(sum / forecasts / 100, 2);
  return {
    file,
    months: months.length,
    categories: series.size,
    forecasts,
    maeModel: mae(absoluteErrors.model),
    maeMeanOfLast3: mae(absoluteErrors.meanOfLast3),
    maeSeasonalNaive: mae(absoluteErrors.seasonalNaive),
    ratioToMeanOfLast3: round(absoluteErrors.model / absoluteErrors.meanOfLast3),
    ratioToSeasonalNaive: round(absoluteErrors.model / absoluteErrors.seasonalNaive),
    methods: chosen,
  };
}

const personal = option('personal');
const file =
  personal ?? process.argv.slice(2).find((a, i, args) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run eval:forecast -- FILE.csv [--h 18] [--method NAME] | --personal FILE.csv\n');
  process.exit(2);
}
console.log(JSON.stringify(personal ? evaluatePersonal(personal) : evaluateLongForm(file)));
