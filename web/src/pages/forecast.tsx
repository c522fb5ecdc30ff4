import { useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { dayToEpoch, LineChart, monthToEpoch } from '../components/chart';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { day, money, toMajor, toMinor } from '../format';
import type { Ok } from '../types';

type Forecast = Ok<'/forecast', 'get'>;
type Cashflow = Ok<'/forecast/cashflow', 'get'>['items'][number];

/** Where the money is heading: spending with its 80% and 95% bands, and each account's balance ahead. */
export default function Forecast() {
  const [months, setMonths] = useState(6);
  const forecast = useResource(
    () =>
      Promise.all([
        api<Forecast>('/forecast', { query: { months } }),
        api<Forecast>('/forecast/savings', { query: { months } }),
      ]),
    [months],
  );
  const cashflow = useResource(
    () => api<Ok<'/forecast/cashflow', 'get'>>('/forecast/cashflow', { query: { days: 90 } }).then((c) => c.items),
    [],
  );
  return (
    <>
      <h1>Forecast</h1>
      <label>
        Months ahead
        <select value={months} onChange={(e) => setMonths(Number(e.currentTarget.value))}>
          {[3, 6, 12, 24].map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      {forecast.loading ? <Loading /> : <ErrorNotice error={forecast.error} />}
      {forecast.data && <FanChart forecast={forecast.data[0]} title="Monthly spending" />}
      {forecast.data && <FanChart forecast={forecast.data[1]} title="Monthly savings" signed />}
      <Card title="Cash flow (90 days)" wide>
        {cashflow.loading ? <Loading /> : <ErrorNotice error={cashflow.error} />}
        {cashflow.data?.map((c) => (
          <CashflowChart key={c.accountId} cashflow={c} />
        ))}
      </Card>
    </>
  );
}

function FanChart({ forecast, title, signed }: { forecast: Forecast; title: string; signed?: boolean }) {
  const currency = forecast.currency ?? 'USD';
  const history = forecast.history ?? [];
  const points = forecast.points ?? [];
  const { x, series } = useMemo(() => {
    const months = [...history.map((h) => h.month), ...points.map((p) => p.month)];
    const pad = <T,>(n: number, values: T[]) => [...Array<null>(n).fill(null), ...values];
    const major = (v: number) => toMajor(signed ? v : Math.abs(v), currency);
    return {
      x: months.map(monthToEpoch),
      series: [
        {
          label: signed ? 'Saved' : 'Spent',
          values: [...history.map((h) => major(h.amount)), ...Array<null>(points.length).fill(null)],
          color: '#4a7bd0',
        },
        {
          label: 'Expected',
          values: pad(
            history.length,
            points.map((p) => major(p.expected)),
          ),
          color: '#2f6f5e',
          dash: [6, 4],
        },
        {
          label: '95% high',
          values: pad(
            history.length,
            points.map((p) => major(p.upper95)),
          ),
          color: '#9bbfb4',
          width: 1,
          fillTo: 3,
        },
        {
          label: '95% low',
          values: pad(
            history.length,
            points.map((p) => major(p.lower95)),
          ),
          color: '#9bbfb4',
          width: 1,
        },
        {
          label: '80% high',
          values: pad(
            history.length,
            points.map((p) => major(p.upper80)),
          ),
          color: '#5f9f8c',
          width: 1,
          fillTo: 5,
        },
        {
          label: '80% low',
          values: pad(
            history.length,
            points.map((p) => major(p.lower80)),
          ),
          color: '#5f9f8c',
          width: 1,
        },
      ],
    };
  }, [forecast]);
  const format = useMemo(() => (v: number) => money(toMinor(v, currency), currency, { compact: true }), [currency]);
  return (
    <Card title={`${title} in ${currency}`} wide>
      {forecast.reason && <p class="muted">{forecast.reason}</p>}
      {forecast.model && (
        <p class="muted">
          Model: {forecast.model}, from {forecast.historyMonths ?? history.length} months of history.
        </p>
      )}
      {points.length > 0 && (
        <LineChart
          x={x}
          series={series}
          label={`Forecast of monthly spending in ${currency} with 80% and 95% intervals`}
          format={format}
        />
      )}
    </Card>
  );
}

function CashflowChart({ cashflow }: { cashflow: Cashflow }) {
  const currency = cashflow.currency ?? 'USD';
  const x = useMemo(() => cashflow.points.map((p) => dayToEpoch(p.date)), [cashflow]);
  const series = useMemo(
    () => [
      {
        label: 'Expected balance',
        values: cashflow.points.map((p) => toMajor(p.expected, currency)),
        color: '#2f6f5e',
      },
      {
        label: '80% high',
        values: cashflow.points.map((p) => (p.upper80 === undefined ? null : toMajor(p.upper80, currency))),
        color: '#9bbfb4',
        width: 1,
        fillTo: 2,
      },
      {
        label: '80% low',
        values: cashflow.points.map((p) => (p.lower80 === undefined ? null : toMajor(p.lower80, currency))),
        color: '#9bbfb4',
        width: 1,
      },
    ],
    [cashflow],
  );
  const format = useMemo(() => (v: number) => money(toMinor(v, currency), currency, { compact: true }), [currency]);
  return (
    <div>
      <h3>{cashflow.name}</h3>
      {cashflow.lowest && (
        <p>
          Lowest: {money(cashflow.lowest.amount, currency)} on {day(cashflow.lowest.date)}
          {cashflow.shortfallProbability !== undefined
            ? ` · ${Math.round(cashflow.shortfallProbability * 100)}% chance of going below zero`
            : ''}
        </p>
      )}
      <LineChart x={x} series={series} label="Projected daily balance" format={format} />
    </div>
  );
}
