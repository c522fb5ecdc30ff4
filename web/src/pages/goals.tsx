import { useState } from 'preact/hooks';
import { api } from '../api';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { day, money, percent, toMinor } from '../format';
import { itemsOf } from '../insight-types';

interface Goal {
  id: string;
  name: string;
  targetAmount: number;
  currency: string;
  currentSaved?: number | null;
  targetDate?: string | null;
}

interface Plan {
  feasible?: boolean;
  monthsNeeded?: number | null;
  projectedDate?: string | null;
  requiredMonthly?: number | null;
  surplusShare?: number | null;
  milestones?: { percent: number; amount: number; date?: string | null }[];
  scenarios?: {
    name: string;
    monthly: number;
    months?: number | null;
    cut?: string | { category: string; amount: number } | null;
  }[];
  reason?: string;
}

/** Goals with a plan from the person's real surplus, milestones and scenarios. */
export default function Goals() {
  const goals = useResource(() => api<unknown>('/goals').then((g) => itemsOf<Goal>(g)), []);
  const [form, setForm] = useState({ name: '', target: '', currency: '', date: '' });
  const [error, setError] = useState<unknown>(null);

  const create = async () => {
    try {
      const currency = form.currency.toUpperCase();
      await api('/goals', {
        method: 'POST',
        body: {
          name: form.name,
          targetAmount: toMinor(Number(form.target.replace(',', '.')), currency),
          currency,
          ...(form.date ? { targetDate: form.date } : {}),
        },
      });
      setForm({ name: '', target: '', currency: '', date: '' });
      setError(null);
      goals.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <h1>Goals</h1>
      {goals.loading ? <Loading /> : <ErrorNotice error={goals.error} />}
      {goals.data?.length === 0 && <p class="muted">No goals yet.</p>}
      <div class="grid">
        {goals.data?.map((g) => (
          <GoalCard key={g.id} goal={g} onDeleted={goals.reload} />
        ))}
      </div>
      <form
        class="inline-form"
        aria-label="Add a goal"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          Name <input required value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </label>
        <label>
          Target{' '}
          <input
            required
            inputMode="decimal"
            value={form.target}
            onInput={(e) => setForm({ ...form, target: e.currentTarget.value })}
          />
        </label>
        <label>
          Currency{' '}
          <input
            required
            maxLength={3}
            size={4}
            value={form.currency}
            onInput={(e) => setForm({ ...form, currency: e.currentTarget.value })}
          />
        </label>
        <label>
          By (optional){' '}
          <input type="date" value={form.date} onInput={(e) => setForm({ ...form, date: e.currentTarget.value })} />
        </label>
        <button type="submit">Add goal</button>
      </form>
      <ErrorNotice error={error} />
    </>
  );
}

function GoalCard({ goal, onDeleted }: { goal: Goal; onDeleted: () => void }) {
  const plan = useResource(() => api<Plan>(`/goals/${goal.id}/plan`), [goal.id]);
  const [error, setError] = useState<unknown>(null);
  const saved = goal.currentSaved ?? 0;
  return (
    <Card title={goal.name}>
      <p>
        {money(saved, goal.currency)} of {money(goal.targetAmount, goal.currency)}
        {goal.targetDate ? ` by ${day(goal.targetDate)}` : ''}
      </p>
      <progress max={goal.targetAmount} value={saved} aria-label={`${goal.name}: saved of target`} />
      {plan.loading ? <Loading /> : <ErrorNotice error={plan.error} />}
      {plan.data && (
        <>
          <p>
            {plan.data.feasible === false ? 'Not reachable at your current surplus. ' : ''}
            {plan.data.monthsNeeded != null
              ? `${plan.data.monthsNeeded} months at your real surplus`
              : (plan.data.reason ?? '')}
            {plan.data.projectedDate ? `, around ${day(plan.data.projectedDate)}` : ''}
            {plan.data.requiredMonthly != null
              ? ` · ${money(plan.data.requiredMonthly, goal.currency)} a month needed for the date`
              : ''}
            {plan.data.surplusShare != null ? ` (${percent(plan.data.surplusShare)} of your surplus)` : ''}
          </p>
          <ul class="plain">
            {plan.data.milestones?.map((m) => (
              <li key={m.percent}>
                {m.percent}% · {money(m.amount, goal.currency)}
                {m.date ? ` · ${day(m.date)}` : ''}
              </li>
            ))}
          </ul>
          {plan.data.scenarios && plan.data.scenarios.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col" class="num">
                    Monthly
                  </th>
                  <th scope="col" class="num">
                    Months
                  </th>
                </tr>
              </thead>
              <tbody>
                {plan.data.scenarios.map((s) => (
                  <tr key={s.name}>
                    <td>{s.name}</td>
                    <td class="num">{money(s.monthly, goal.currency)}</td>
                    <td class="num">{s.months ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <button
        class="link danger"
        onClick={() => void api(`/goals/${goal.id}`, { method: 'DELETE' }).then(onDeleted, setError)}
      >
        Delete goal
      </button>
      <ErrorNotice error={error} />
    </Card>
  );
}
