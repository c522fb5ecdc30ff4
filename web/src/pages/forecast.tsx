import { useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { dayToEpoch, LineChart, monthToEpoch } from '../components/chart';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { day, money, toMajor, toMinor } from '../format';
import { itemsOf } from '../insight-types';

interface Forecast {
  currency?: string;
  model?: string;
  historyMonths?: number;
  history?: { month: string; amount: number }[];
  points?: { month: string; expected: number; lower80: number; upper80: number; lower95: number; upper95: number }[];
  reason?: string;
}

interface Cashflow {
  accountId: string;
  currency?: string;
  points: { date: string; expected: number; lower80?: number; upper80?: number }[];
  lowest?: { date: string; amount: number };
  shortfallProbability?: number;
}

/** Where the money is heading: spending with its 80% and 95% bands, and each account's balance ahead. */
export default function Forecast() {
  const [months, setMonths] = useState(6);
  const forecast = useResource(() => api<unknown>('/forecast', { query: { months } }).then((f) => itemsOf<Forecast>(f)), [months]);
  const cashflow = useResource(() => api<unknown>('/forecast/cashflow', { query: { days: 90 } }).then((c) => itemsOf<Cashflow>((c as { accounts?: unknown }).accounts ?? c)), []);
  return (
    <>
      <h1>Forecast</h1>
      <label>
        Months ahead
        <select value={months} onChange={(e) => setMonths(Number(e.currentTarget.value))}>
          {[3, 6, 12, 24].map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>
      {forecast.loading ? <Loading /> : <ErrorNotice error={forecast.error} />}
      {forecast.data?.map((f, i) => <FanChart key={f.currency ?? i} forecast={f} />)}
      <Card title="Cash flow (90 days)" wide>
        {cashflow.loading ? <Loading /> : <ErrorNotice error={cashflow.error} />}
        {cashflow.data?.map((c) => <CashflowChart key={c.accountId} cashflow={c} />)}
      </Card>
    </>
  );
}

function FanChart({ forecast }: { forecast: Forecast }) {
  const currency = forecast.currency ?? 'USD';
  const history = forecast.history ?? [];
  const points = forecast.points ?? [];
  const { x, series } = useMemo(() => {
    const months = [...history.map((h) => h.month), ...points.map((p) => p.month)];
    const pad = <T,>(n: number, values: T[]) => [...Array<null>(n).fill(null), ...values];
    const major = (v: number) => toMajor(Math.abs(v), currency);
    return {
      x: months.map(monthToEpoch),
      series: [
        { label: 'Spent', values: [...history.map((h) => major(h.amount)), ...Array<null>(points.length).fill(null)], color: '#4a7bd0' },
        { label: 'Expected', values: pad(history.length, points.map((p) => major(p.expected))), color: '#2f6f5e', dash: [6, 4] },
        { label: '95% high', values: pad(history.length, points.map((p) => major(p.upper95))), color: '#9bbfb4', width: 1, fillTo: 3 },
        { label: '95% low', values: pad(history.length, points.map((p) => major(p.lower95))), color: '#9bbfb4', width: 1 },
        { label: '80% high', values: pad(history.length, points.map((p) => major(p.upper80))), color: '#5f9f8c', width: 1, fillTo: 5 },
        { label: '80% low', values: pad(history.length, points.map((p) => major(p.lower80))), color: '#5f9f8c', width: 1 },
      ],
    };
  }, [forecast]);
  const format = useMemo(() => (v: number) => money(toMinor(v, currency), currency, { compact: true }), [currency]);
  return (
    <Card title={`Monthly spending in ${currency}`} wide>
      {forecast.reason && <p class="muted">{forecast.reason}</p>}
      {forecast.model && <p class="muted">Model: {forecast.model}, from {forecast.historyMonths ?? history.length} months of history.</p>}
      {points.length > 0 && <LineChart x={x} series={series} label={`Forecast of monthly spending in ${currency} with 80% and 95% intervals`} format={format} />}
    </Card>
  );
}

function CashflowChart({ cashflow }: { cashflow: Cashflow }) {
  const currency = cashflow.currency ?? 'USD';
  const x = useMemo(() => cashflow.points.map((p) => dayToEpoch(p.date)), [cashflow]);
  const series = useMemo(() => [
    { label: 'Expected balance', values: cashflow.points.map((p) => toMajor(p.expected, currency)), color: '#2f6f5e' },
    { label: '80% high', values: cashflow.points.map((p) => (p.upper80 === undefined ? null : toMajor(p.upper80, currency))), color: '#9bbfb4', width: 1, fillTo: 2 },
    { label: '80% low', values: cashflow.points.map((p) => (p.lower80 === undefined ? null : toMajor(p.lower80, currency))), color: '#9bbfb4', width: 1 },
  ], [cashflow]);
  const format = useMemo(() => (v: number) => money(toMinor(v, currency), currency, { compact: true }), [currency]);
  return (
    <div>
      {cashflow.lowest && <p>Lowest: {money(cashflow.lowest.amount, currency)} on {day(cashflow.lowest.date)}{cashflow.shortfallProbability !== undefined ? ` · ${Math.round(cashflow.shortfallProbability * 100)}% chance of going below zero` : ''}</p>}
      <LineChart x={x} series={series} label="Projected daily balance" format={format} />
    </div>
  );
}
