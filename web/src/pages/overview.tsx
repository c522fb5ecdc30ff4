import { api } from '../api';
import { Money } from '../components/money';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { currentMonth, day, percent } from '../format';
import { itemsOf, type BudgetStatus, type Summary } from '../insight-types';
import type { Account, Ok } from '../types';

/** This month at a glance: spending against budgets, by group, the bills coming, alerts, and net worth. */
export function Overview() {
  const month = currentMonth();
  const accounts = useResource(() => api<{ items: Account[] }>('/accounts'), []);
  const summary = useResource(
    () =>
      api<unknown>('/summary', { query: { from: month, to: month, groupBy: 'group' } }).then((s) =>
        itemsOf<Summary>(s),
      ),
    [month],
  );
  const budgets = useResource(
    () => api<unknown>('/budgets/status', { query: { month } }).then((b) => itemsOf<BudgetStatus>(b)),
    [month],
  );
  const recurring = useResource(() => api<Ok<'/insights/recurring', 'get'>>('/insights/recurring'), []);
  const alerts = useResource(() => api<Ok<'/notifications', 'get'>>('/notifications', { query: { limit: 5 } }), []);
  const upcoming = recurring.data?.upcoming ?? [];

  return (
    <>
      <h1>Overview</h1>
      <div class="grid">
        <Card title="This month">
          {summary.loading ? <Loading /> : <ErrorNotice error={summary.error} />}
          {summary.data?.length === 0 && (
            <p class="muted">
              Nothing imported for this month yet. <a href="/upload">Upload a statement</a>.
            </p>
          )}
          {summary.data?.map((s) => (
            <dl class="figures" key={s.currency}>
              <dt>Income</dt>
              <dd>
                <Money amount={s.income} currency={s.currency} />
              </dd>
              <dt>Spending</dt>
              <dd>
                <Money amount={-Math.abs(s.expenses ?? s.spending ?? 0)} currency={s.currency} />
              </dd>
              <dt>Net</dt>
              <dd>
                <Money amount={s.net} currency={s.currency} />
              </dd>
              {s.savingsRate !== null && s.savingsRate !== undefined && (
                <>
                  <dt>Savings rate</dt>
                  <dd>{percent(s.savingsRate)}</dd>
                </>
              )}
            </dl>
          ))}
        </Card>
        <Card title="Spending by group">
          {summary.data?.every((s) => (s.byGroup ?? s.byCategory ?? []).length === 0) && (
            <p class="muted">No spending this month yet.</p>
          )}
          {summary.data?.map((s) => (
            <ul class="bars" key={s.currency} aria-label={`Spending by group in ${s.currency}`}>
              {(s.byGroup ?? s.byCategory ?? []).map((g) => (
                <li key={g.group ?? g.category ?? g.name}>
                  <span>{g.group ?? g.category ?? g.name}</span>
                  <span class="bar" style={{ '--share': `${Math.round((g.share ?? 0) * 100)}%` }} />
                  <Money amount={-Math.abs(g.amount)} currency={s.currency} />
                </li>
              ))}
            </ul>
          ))}
          {summary.error ? <ErrorNotice error={summary.error} /> : null}
        </Card>
        <Card title="Budgets">
          {budgets.loading ? <Loading /> : <ErrorNotice error={budgets.error} />}
          {budgets.data?.length === 0 && (
            <p class="muted">
              No budgets yet. <a href="/budgets">Set one</a>.
            </p>
          )}
          <ul class="budget-list">
            {budgets.data?.map((b) => (
              <li key={b.category}>
                <BudgetBar budget={b} />
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Upcoming bills (30 days)">
          {recurring.loading ? <Loading /> : <ErrorNotice error={recurring.error} />}
          {recurring.data && upcoming.length === 0 && <p class="muted">No bills expected in the next 30 days.</p>}
          <ul class="plain">
            {upcoming.map((r) => (
              <li key={r.id}>
                {day(r.date)} · {r.name} · <Money amount={-Math.abs(r.amount)} currency={r.currency} />
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Alerts">
          {alerts.loading ? <Loading /> : <ErrorNotice error={alerts.error} />}
          {alerts.data?.items.length === 0 && <p class="muted">Nothing needs your attention.</p>}
          <ul class="plain">
            {alerts.data?.items.map((n) => (
              <li key={n.id} class={n.readAt ? 'muted' : ''}>
                <strong>{n.title}</strong> — {n.body}
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Accounts">
          {accounts.loading ? <Loading /> : <ErrorNotice error={accounts.error} />}
          <ul class="plain">
            {accounts.data?.items.map((a) => (
              <li key={a.id}>
                {a.name}: <Money amount={a.balance} currency={a.currency} />
              </li>
            ))}
          </ul>
          <a href="/accounts">Net worth →</a>
        </Card>
      </div>
    </>
  );
}

export function BudgetBar({ budget }: { budget: BudgetStatus }) {
  const limit = Math.max(1, Math.abs(budget.limit));
  const spent = Math.abs(budget.spent);
  const projected = Math.abs(budget.projected ?? spent);
  const currency = budget.currency ?? 'USD';
  return (
    <div class={`budget ${budget.status}`}>
      <div class="budget-head">
        <span>{budget.category}</span>
        <span>
          <Money amount={-spent} currency={currency} /> of <Money amount={limit} currency={currency} />
        </span>
      </div>
      <div
        class="meter"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={spent}
        aria-label={`${budget.category}: spent of limit`}
      >
        <span class="fill" style={{ width: `${Math.min(100, (spent / limit) * 100)}%` }} />
        <span
          class="projected"
          style={{ left: `${Math.min(100, (projected / limit) * 100)}%` }}
          title="projected month-end"
        />
      </div>
      <small>
        {budget.status === 'over' ? 'Over budget' : budget.status === 'warning' ? 'On course to go over' : 'On track'} ·
        projected <Money amount={-projected} currency={currency} />
        {budget.expectedCrossing ? ` · expected to cross on ${day(budget.expectedCrossing)}` : ''}
      </small>
    </div>
  );
}
