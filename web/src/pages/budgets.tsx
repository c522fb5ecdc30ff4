import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { currentMonth, money, month as monthName, toMinor } from '../format';
import { itemsOf, type BudgetStatus } from '../insight-types';
import type { Category, Ok, Page } from '../types';
import { BudgetBar } from './overview';

const GROUPS = ['needs', 'wants', 'savings'];

/** Monthly limits per category or 50/30/20 group, with where the month is heading. */
export default function Budgets() {
  const [month, setMonth] = useState(currentMonth());
  const status = useResource(
    () => api<unknown>('/budgets/status', { query: { month } }).then((b) => itemsOf<BudgetStatus>(b)),
    [month],
  );
  const categories = useResource(() => api<Page<Category>>('/categories'), []);
  const [form, setForm] = useState({ category: '', limit: '', currency: '', rollover: false });
  const [error, setError] = useState<unknown>(null);
  const [plan, setPlan] = useState<Recommendation | null>(null);

  const save = async () => {
    try {
      const currency = form.currency.toUpperCase() || undefined;
      await api(`/budgets/${encodeURIComponent(form.category)}`, {
        method: 'PUT',
        body: {
          monthlyLimit: toMinor(Number(form.limit.replace(',', '.')), currency ?? 'USD'),
          rollover: form.rollover,
          ...(currency ? { currency } : {}),
        },
      });
      setError(null);
      status.reload();
    } catch (e) {
      setError(e);
    }
  };

  const remove = async (category: string) => {
    try {
      await api(`/budgets/${encodeURIComponent(category)}`, { method: 'DELETE' });
      status.reload();
    } catch (e) {
      setError(e);
    }
  };

  const recommend = async () => {
    try {
      setPlan(await api<Recommendation>('/budgets/recommend', { method: 'POST', body: {} }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <h1>Budgets</h1>
      <label>
        Month <input type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value || currentMonth())} />
      </label>
      <h2>{monthName(month)}</h2>
      {status.loading ? <Loading /> : <ErrorNotice error={status.error} />}
      {status.data?.length === 0 && <p class="muted">No budgets yet.</p>}
      <ul class="budget-list">
        {status.data?.map((b) => (
          <li key={b.category}>
            <BudgetBar budget={b} />
            <button
              class="link"
              onClick={() => void remove(b.category)}
              aria-label={`Remove the budget for ${b.category}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        class="inline-form"
        aria-label="Set a budget"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Category or group
          <select
            required
            value={form.category}
            onChange={(e) => setForm({ ...form, category: e.currentTarget.value })}
          >
            <option value="">Choose…</option>
            <optgroup label="50/30/20 groups">
              {GROUPS.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </optgroup>
            <optgroup label="Categories">
              {categories.data?.items.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </optgroup>
          </select>
        </label>
        <label>
          Monthly limit{' '}
          <input
            required
            inputMode="decimal"
            value={form.limit}
            onInput={(e) => setForm({ ...form, limit: e.currentTarget.value })}
          />
        </label>
        <label>
          Currency{' '}
          <input
            maxLength={3}
            size={4}
            placeholder="home"
            value={form.currency}
            onInput={(e) => setForm({ ...form, currency: e.currentTarget.value })}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={form.rollover}
            onChange={(e) => setForm({ ...form, rollover: e.currentTarget.checked })}
          />{' '}
          Carry the unspent part over
        </label>
        <button type="submit">Set budget</button>
      </form>
      <ErrorNotice error={error} />
      <h2>A 50/30/20 plan from your income</h2>
      <button onClick={() => void recommend()}>Suggest budgets</button>
      {plan ? <PlanView plan={plan} /> : null}
    </>
  );
}

type Recommendation = Ok<'/budgets/recommend', 'post'>;

function PlanView({ plan }: { plan: Recommendation }) {
  const currency = plan.currency;
  if (!currency) return <p class="muted">Not enough income history for a plan yet.</p>;
  return (
    <div class="card">
      <p>
        Typical monthly income: {money(plan.income.monthly, currency)} (
        {plan.income.basis === 'lower-quartile'
          ? 'a cautious figure: your income varies'
          : `median of ${plan.income.months} months`}
        )
      </p>
      <table>
        <caption>50/30/20 against what you spend</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" class="num">
              Plan
            </th>
            <th scope="col" class="num">
              Actual
            </th>
            <th scope="col" class="num">
              Difference
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.comparison.map((g) => (
            <tr key={g.group}>
              <td>{g.group}</td>
              <td class="num">{money(g.planned, currency)}</td>
              <td class="num">{money(Math.abs(g.actual), currency)}</td>
              <td class="num">{money(g.difference, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.goals.monthlyNeeded > 0 && (
        <p>
          Your goals need {money(plan.goals.monthlyNeeded, currency)} a month; {money(plan.goals.fromSavings, currency)}{' '}
          of it comes from savings.
        </p>
      )}
      {plan.cuts.length > 0 && (
        <p>
          To fund them: {plan.cuts.map((c) => `${c.category} −${money(Math.abs(c.amount), currency)}`).join(', ')} a
          month.
        </p>
      )}
    </div>
  );
}
