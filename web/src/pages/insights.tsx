import { useMemo } from 'preact/hooks';
import { api } from '../api';
import { LineChart, monthToEpoch, type ChartSeries } from '../components/chart';
import { Money } from '../components/money';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { day, money, percent, toMajor, toMinor } from '../format';
import { itemsOf, type Summary } from '../insight-types';
import type { Ok } from '../types';

const PALETTE = ['#2f6f5e', '#4a7bd0', '#c0504d', '#d49a2a', '#7a5cc0', '#3a9bb0', '#8a8a3a', '#b05c8a'];

type Trend = Ok<'/trends', 'get'>['items'][number];

/** Trends, where last month went, recurring payments, unusual charges and habits. */
export default function Insights() {
  const lastMonth = (() => {
    const d = new Date();
    d.setUTCDate(0);
    return d.toISOString().slice(0, 7);
  })();
  const trends = useResource(
    () => api<Ok<'/trends', 'get'>>('/trends', { query: { months: 12 } }).then((t) => t.items),
    [],
  );
  const breakdown = useResource(
    () =>
      api<unknown>('/summary', { query: { from: lastMonth, to: lastMonth, groupBy: 'category' } }).then((s) =>
        itemsOf<Summary>(s),
      ),
    [lastMonth],
  );
  const recurring = useResource(() => api<Ok<'/insights/recurring', 'get'>>('/insights/recurring'), []);
  const anomalies = useResource(() => api<Ok<'/insights/anomalies', 'get'>>('/insights/anomalies'), []);
  const habits = useResource(() => api<Ok<'/insights/habits', 'get'>>('/insights/habits'), []);

  // What still charges, soonest due first; what stopped below it, folded, the latest to stop first.
  const shown = (recurring.data?.items ?? []).filter((r) => r.status !== 'dismissed');
  const active = shown
    .filter((r) => r.status === 'active')
    .sort((a, b) => a.nextExpected.localeCompare(b.nextExpected));
  const stopped = shown.filter((r) => r.status === 'stopped').sort((a, b) => b.lastDate.localeCompare(a.lastDate));

  const act = async (path: string, body: Record<string, unknown>, reload: () => void) => {
    await api(path, { method: 'PATCH', body });
    reload();
  };

  return (
    <>
      <h1>Insights</h1>
      <Card title="Trends (12 months)" wide>
        {trends.loading ? <Loading /> : <ErrorNotice error={trends.error} />}
        {trends.data?.map((t) => (
          <TrendChart key={t.currency} trend={t} />
        ))}
      </Card>
      <div class="grid">
        <Card title={`Where the money went (${lastMonth})`}>
          {breakdown.loading ? <Loading /> : <ErrorNotice error={breakdown.error} />}
          {breakdown.data?.map((s) => (
            <table key={s.currency}>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col" class="num">
                    Amount
                  </th>
                  <th scope="col" class="num">
                    Share
                  </th>
                </tr>
              </thead>
              <tbody>
                {(s.byCategory ?? []).map((c) => (
                  <tr key={c.category ?? c.name}>
                    <td>{c.category ?? c.name}</td>
                    <td class="num">
                      <Money amount={-Math.abs(c.amount)} currency={s.currency} />
                    </td>
                    <td class="num">{c.share !== undefined ? percent(c.share) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </Card>
        <Card title="Recurring payments">
          {recurring.loading ? <Loading /> : <ErrorNotice error={recurring.error} />}
          {recurring.data?.subscriptionsYearly.map((s) => (
            <p key={s.currency}>
              {/* The total is money out, signed as the series are: a person reads what it costs. */}
              {s.count} {s.count === 1 ? 'subscription' : 'subscriptions'}: {money(Math.abs(s.total), s.currency)} a
              year
            </p>
          ))}
          <RecurringList
            items={active}
            act={(id, body) => void act(`/insights/recurring/${id}`, body, recurring.reload)}
          />
          {stopped.length > 0 && (
            <details>
              <summary>{stopped.length} no longer charging</summary>
              <RecurringList
                items={stopped}
                act={(id, body) => void act(`/insights/recurring/${id}`, body, recurring.reload)}
              />
            </details>
          )}
        </Card>
        <Card title="Unusual charges">
          {anomalies.loading ? <Loading /> : <ErrorNotice error={anomalies.error} />}
          {anomalies.data?.items.length === 0 && <p class="muted">Nothing unusual.</p>}
          <ul class="plain">
            {anomalies.data?.items
              .filter((a) => !a.dismissed)
              .map((a) => (
                <li key={a.id}>
                  {day(a.date)} · {a.name} <Money amount={a.amount} currency={a.currency} /> — {a.reason}{' '}
                  <button
                    class="link"
                    onClick={() => void act(`/insights/anomalies/${a.id}`, { dismissed: true }, anomalies.reload)}
                  >
                    Dismiss
                  </button>
                </li>
              ))}
          </ul>
        </Card>
        <Card title="Habits">
          {habits.loading ? <Loading /> : <ErrorNotice error={habits.error} />}
          {habits.data &&
            (habits.data.habits ? (
              <HabitList habits={habits.data.habits as Habits} />
            ) : (
              <p class="muted">Not enough history yet.</p>
            ))}
        </Card>
      </div>
    </>
  );
}

interface Habits {
  currency: string;
  weekdayVsWeekend?: { weekdayDailyAverage: number; weekendDailyAverage: number };
  noSpendDays?: { last30Days: number; currentStreak: number };
  feesAndInterest12Months?: number;
  opportunities: { kind: string; title: string; detail: string; monthlyAmount: number }[];
}

function HabitList({ habits }: { habits: Habits }) {
  const { currency } = habits;
  return (
    <>
      {habits.weekdayVsWeekend && (
        <p>
          A weekday costs {money(habits.weekdayVsWeekend.weekdayDailyAverage, currency)}, a weekend day{' '}
          {money(habits.weekdayVsWeekend.weekendDailyAverage, currency)}.
          {habits.noSpendDays
            ? ` ${habits.noSpendDays.last30Days} no-spend days in the last 30 (streak: ${habits.noSpendDays.currentStreak}).`
            : ''}
        </p>
      )}
      <ul class="plain">
        {habits.opportunities.map((o) => (
          <li key={`${o.kind}-${o.title}`}>
            <strong>{o.title}</strong> · {money(Math.abs(o.monthlyAmount), currency)} a month — {o.detail}
          </li>
        ))}
      </ul>
    </>
  );
}

function TrendChart({ trend }: { trend: Trend }) {
  const groups = trend.groups.filter((g) => g.group !== 'income' && g.group !== 'transfer');
  const x = useMemo(() => trend.months.map(monthToEpoch), [trend]);
  const series = useMemo<ChartSeries[]>(
    () =>
      groups.map((g, i) => ({
        label: g.group,
        values: g.amounts.map((v) => toMajor(Math.abs(v), trend.currency)),
        color: PALETTE[i % PALETTE.length],
      })),
    [trend],
  );
  const format = useMemo(
    () => (v: number) => money(toMinor(v, trend.currency), trend.currency, { compact: true }),
    [trend.currency],
  );
  if (trend.months.length === 0) return <p class="muted">No history in {trend.currency} yet.</p>;
  return <LineChart x={x} series={series} label={`Monthly spending by group in ${trend.currency}`} format={format} />;
}

type Series = Ok<'/insights/recurring', 'get'>['items'][number];

function RecurringList({ items, act }: { items: Series[]; act: (id: string, body: Record<string, unknown>) => void }) {
  const today = new Date().toISOString().slice(0, 10);
  return (
    <ul class="plain">
      {items.map((r) => (
        <li key={r.id}>
          <strong>{r.name}</strong> · {r.kind} · {r.cadence}
          {r.cadenceNamed ? <span class="muted"> (named in its text: {r.cadenceNamed})</span> : null} ·{' '}
          <Money amount={r.direction === 'out' ? -Math.abs(r.amount) : Math.abs(r.amount)} currency={r.currency} />
          {r.status !== 'active'
            ? ` (${r.status}; last ${day(r.lastDate)})`
            : r.nextExpected < today
              ? ` · due ${day(r.nextExpected)}, not seen yet`
              : ` · next ${day(r.nextExpected)}`}
          {r.priceChange
            ? ` · price up from ${money(Math.abs(r.priceChange.from), r.currency)} to ${money(Math.abs(r.priceChange.to), r.currency)}`
            : ''}{' '}
          {r.confirmed ? <span class="muted">confirmed</span> : null}{' '}
          <button class="link" onClick={() => act(r.id, { confirmed: true })}>
            Confirm
          </button>{' '}
          <button class="link" onClick={() => act(r.id, { dismissed: true })}>
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
