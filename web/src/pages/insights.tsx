import { useMemo } from 'preact/hooks';
import { api } from '../api';
import { LineChart, monthToEpoch, type ChartSeries } from '../components/chart';
import { Money } from '../components/money';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { day, money, percent, toMajor, toMinor } from '../format';
import { itemsOf, type Anomaly, type RecurringSeries, type Summary } from '../insight-types';

const PALETTE = ['#2f6f5e', '#4a7bd0', '#c0504d', '#d49a2a', '#7a5cc0', '#3a9bb0', '#8a8a3a', '#b05c8a'];

interface Trend {
  currency: string;
  months?: string[];
  byGroup?: { group: string; values?: number[]; series?: { month: string; amount: number }[] }[];
  byCategory?: { category: string; values?: number[]; series?: { month: string; amount: number }[] }[];
}

/** Trends, where last month went, recurring payments, unusual charges and habits. */
export default function Insights() {
  const lastMonth = (() => {
    const d = new Date();
    d.setUTCDate(0);
    return d.toISOString().slice(0, 7);
  })();
  const trends = useResource(() => api<unknown>('/trends', { query: { months: 12 } }).then((t) => itemsOf<Trend>(t)), []);
  const breakdown = useResource(() => api<unknown>('/summary', { query: { from: lastMonth, to: lastMonth, groupBy: 'category' } }).then((s) => itemsOf<Summary>(s)), [lastMonth]);
  const recurring = useResource(() => api<unknown>('/insights/recurring').then((r) => itemsOf<RecurringSeries>(r)), []);
  const anomalies = useResource(() => api<unknown>('/insights/anomalies').then((a) => itemsOf<Anomaly>(a)), []);
  const habits = useResource(() => api<Record<string, unknown>>('/insights/habits'), []);

  const act = async (path: string, body: Record<string, unknown>, reload: () => void) => {
    await api(path, { method: 'PATCH', body });
    reload();
  };

  return (
    <>
      <h1>Insights</h1>
      <Card title="Trends (12 months)" wide>
        {trends.loading ? <Loading /> : <ErrorNotice error={trends.error} />}
        {trends.data?.map((t) => <TrendChart key={t.currency} trend={t} />)}
      </Card>
      <div class="grid">
        <Card title={`Where the money went (${lastMonth})`}>
          {breakdown.loading ? <Loading /> : <ErrorNotice error={breakdown.error} />}
          {breakdown.data?.map((s) => (
            <table key={s.currency}>
              <thead><tr><th scope="col">Category</th><th scope="col" class="num">Amount</th><th scope="col" class="num">Share</th></tr></thead>
              <tbody>
                {(s.byCategory ?? []).map((c) => (
                  <tr key={c.category ?? c.name}><td>{c.category ?? c.name}</td><td class="num"><Money amount={-Math.abs(c.amount)} currency={s.currency} /></td><td class="num">{c.share !== undefined ? percent(c.share) : '—'}</td></tr>
                ))}
              </tbody>
            </table>
          ))}
        </Card>
        <Card title="Recurring payments">
          {recurring.loading ? <Loading /> : <ErrorNotice error={recurring.error} />}
          <ul class="plain">
            {recurring.data?.filter((r) => r.status !== 'dismissed').map((r) => (
              <li key={r.id}>
                <strong>{r.name ?? r.merchant}</strong> · {r.cadence} · <Money amount={r.amount ?? 0} currency={r.currency ?? 'USD'} />
                {r.nextExpected ? ` · next ${day(r.nextExpected)}` : ''} {r.status === 'stopped' ? '(stopped)' : ''}{' '}
                <button class="link" onClick={() => void act(`/insights/recurring/${r.id}`, { confirmed: true }, recurring.reload)}>Confirm</button>{' '}
                <button class="link" onClick={() => void act(`/insights/recurring/${r.id}`, { dismissed: true }, recurring.reload)}>Dismiss</button>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Unusual charges">
          {anomalies.loading ? <Loading /> : <ErrorNotice error={anomalies.error} />}
          {anomalies.data?.length === 0 && <p class="muted">Nothing unusual.</p>}
          <ul class="plain">
            {anomalies.data?.filter((a) => !a.dismissed).map((a) => (
              <li key={a.id}>
                {day(a.date)} · {a.merchant ?? ''} <Money amount={a.amount} currency={a.currency ?? 'USD'} /> — {a.reason}{' '}
                <button class="link" onClick={() => void act(`/insights/anomalies/${a.id}`, { dismissed: true }, anomalies.reload)}>Dismiss</button>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Habits">
          {habits.loading ? <Loading /> : <ErrorNotice error={habits.error} />}
          {habits.data && <HabitList habits={habits.data} />}
        </Card>
      </div>
    </>
  );
}

function HabitList({ habits }: { habits: Record<string, unknown> }) {
  const opportunities = itemsOf<{ title?: string; name?: string; reason?: string; monthlyAmount?: number; currency?: string }>(habits.opportunities ?? habits.items ?? []);
  return (
    <ul class="plain">
      {opportunities.map((o, i) => (
        <li key={i}>
          <strong>{o.title ?? o.name}</strong>
          {o.monthlyAmount !== undefined && o.currency ? <> · {money(Math.abs(o.monthlyAmount), o.currency)} a month</> : null}
          {o.reason ? <> — {o.reason}</> : null}
        </li>
      ))}
    </ul>
  );
}

function TrendChart({ trend }: { trend: Trend }) {
  const groups = trend.byGroup ?? [];
  const months = trend.months ?? groups[0]?.series?.map((p) => p.month) ?? [];
  const x = useMemo(() => months.map(monthToEpoch), [trend]);
  const series = useMemo<ChartSeries[]>(() => groups.map((g, i) => ({
    label: g.group,
    values: (g.values ?? g.series?.map((p) => p.amount) ?? []).map((v) => toMajor(Math.abs(v), trend.currency)),
    color: PALETTE[i % PALETTE.length],
  })), [trend]);
  const format = useMemo(() => (v: number) => money(toMinor(v, trend.currency), trend.currency, { compact: true }), [trend.currency]);
  if (months.length === 0) return <p class="muted">No history in {trend.currency} yet.</p>;
  return <LineChart x={x} series={series} label={`Monthly spending by group in ${trend.currency}`} format={format} />;
}
