import { useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { LineChart, monthToEpoch } from '../components/chart';
import { Money } from '../components/money';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { day, money, toMajor, toMinor } from '../format';
import type { Account, NetWorth, Page } from '../types';

const KINDS = ['current', 'savings', 'credit_card', 'cash', 'loan', 'investment'] as const;

/** Accounts with their balances, and net worth over time: one chart per currency, never converted. */
export default function Accounts() {
  const accounts = useResource(() => api<Page<Account>>('/accounts'), []);
  const networth = useResource(() => api<NetWorth>('/networth'), []);
  const [form, setForm] = useState({ name: '', kind: 'current', currency: '' });
  const [error, setError] = useState<unknown>(null);

  // Setting a balance the person knows sets the opening balance under the rows imported, so that
  // opening balance + rows = what they said, on the day of the last row.
  const [setting, setSetting] = useState<string | null>(null);
  const [balanceText, setBalanceText] = useState('');
  const setBalance = async (account: Account) => {
    try {
      const wanted = toMinor(Number(balanceText.replace(',', '.')), account.currency);
      const rows = account.balance - account.openingBalance;
      await api(`/accounts/${account.id}`, { method: 'PATCH', body: { openingBalance: wanted - rows } });
      setSetting(null);
      setError(null);
      accounts.reload();
      networth.reload();
    } catch (e) {
      setError(e);
    }
  };

  const create = async () => {
    try {
      await api('/accounts', {
        method: 'POST',
        body: { name: form.name, kind: form.kind, currency: form.currency.toUpperCase() },
      });
      setForm({ name: '', kind: 'current', currency: '' });
      setError(null);
      accounts.reload();
      networth.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <h1>Accounts and net worth</h1>
      <Card title="Accounts" wide>
        {accounts.loading ? <Loading /> : <ErrorNotice error={accounts.error} />}
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Kind</th>
              <th scope="col" class="num">
                Balance
              </th>
              <th scope="col">As of</th>
            </tr>
          </thead>
          <tbody>
            {accounts.data?.items.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.name}
                  {a.institution ? <small class="muted"> · {a.institution}</small> : null}
                </td>
                <td>{a.kind.replace('_', ' ')}</td>
                <td class="num">
                  <Money amount={a.balance} currency={a.currency} />
                  {setting === a.id ? (
                    <form
                      class="inline-form"
                      aria-label={`The balance of ${a.name}`}
                      onSubmit={(e) => {
                        e.preventDefault();
                        void setBalance(a);
                      }}
                    >
                      <label>
                        Balance on {a.balanceAsOf ? day(a.balanceAsOf) : 'its last day'}{' '}
                        <input
                          required
                          inputMode="decimal"
                          pattern="-?[0-9]+([.,][0-9]+)?"
                          size={10}
                          value={balanceText}
                          onInput={(e) => setBalanceText(e.currentTarget.value)}
                        />
                      </label>
                      <button type="submit">Save</button>
                    </form>
                  ) : (
                    a.statedBalance === null && (
                      <>
                        <br />
                        {/* No statement printed a balance: what is shown is the opening balance plus the rows imported. */}
                        <small class="muted">{a.openingBalance === 0 ? 'the imported rows only · ' : ''}</small>
                        <button
                          class="link"
                          onClick={() => {
                            setSetting(a.id);
                            setBalanceText(String(toMajor(a.balance, a.currency)));
                          }}
                        >
                          Set the balance
                        </button>
                      </>
                    )
                  )}
                </td>
                <td>{a.balanceAsOf ? day(a.balanceAsOf) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
          aria-label="Add an account"
        >
          <label>
            Name <input required value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          </label>
          <label>
            Kind
            <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value })}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {k.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <label>
            Currency{' '}
            <input
              required
              pattern="[A-Za-z]{3}"
              maxLength={3}
              size={4}
              value={form.currency}
              onInput={(e) => setForm({ ...form, currency: e.currentTarget.value })}
            />
          </label>
          <button type="submit">Add account</button>
        </form>
        <ErrorNotice error={error} />
      </Card>
      {networth.loading ? <Loading /> : <ErrorNotice error={networth.error} />}
      {networth.data?.items.map((series) => (
        <NetWorthChart key={series.currency} series={series} />
      ))}
    </>
  );
}

function NetWorthChart({ series }: { series: NetWorth['items'][number] }) {
  const { x, lines } = useMemo(
    () => ({
      x: series.months.map((m) => monthToEpoch(m.month)),
      lines: [
        {
          label: 'Net worth',
          values: series.months.map((m) => toMajor(m.net, series.currency)),
          color: '#2f6f5e',
          width: 3,
        },
        { label: 'Assets', values: series.months.map((m) => toMajor(m.assets, series.currency)), color: '#4a7bd0' },
        {
          label: 'Liabilities',
          values: series.months.map((m) => -toMajor(Math.abs(m.liabilities), series.currency)),
          color: '#c0504d',
        },
      ],
    }),
    [series],
  );
  const format = useMemo(
    () => (v: number) => money(toMinor(v, series.currency), series.currency, { compact: true }),
    [series.currency],
  );
  const last = series.months[series.months.length - 1];
  return (
    <Card title={`Net worth in ${series.currency}`} wide>
      {last && (
        <p>
          Now <Money amount={last.net} currency={series.currency} />
        </p>
      )}
      <LineChart x={x} series={lines} label={`Net worth in ${series.currency} by month`} format={format} />
    </Card>
  );
}
