import { useEffect, useState } from 'preact/hooks';
import { api, API_BASE } from '../api';
import { accessToken, forgetLocalUser } from '../auth';
import { Card, ErrorNotice, Loading } from '../components/notice';
import { useResource } from '../components/use-resource';
import { setLocale } from '../format';
import type { Page, Rule } from '../types';

interface Me {
  country?: string | null;
  currency?: string | null;
  locale?: string | null;
  peerComparison?: boolean;
  notifications?: Record<string, { inApp?: boolean; email?: boolean }>;
}

/** Home country and currency, notifications, rules and "don't learn", export, and deleting everything. */
export default function Settings() {
  const me = useResource(() => api<Me>('/me'), []);
  const rules = useResource(() => api<Page<Rule>>('/rules'), []);
  const dontLearn = useResource(() => api<{ items: (string | { merchant: string })[] }>('/merchants/dont-learn'), []);
  const [form, setForm] = useState<Me>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [confirmText, setConfirmText] = useState('');

  useEffect(() => {
    if (me.data) setForm(me.data);
  }, [me.data]);

  const save = async () => {
    try {
      const updated = await api<Me>('/me', {
        method: 'PATCH',
        body: {
          country: form.country || undefined,
          currency: form.currency || undefined,
          locale: form.locale || undefined,
          peerComparison: form.peerComparison,
          notifications: form.notifications,
        },
      });
      setLocale(updated.locale);
      setSaved('Saved');
      setError(null);
    } catch (e) {
      setError(e);
    }
  };

  const exportData = async () => {
    try {
      const token = await accessToken();
      const response = await fetch(`${API_BASE}/me/export`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw new Error(`export failed (${response.status})`);
      const body = (await response.json()) as { url?: string; downloadUrl?: string };
      const href =
        body.url ??
        body.downloadUrl ??
        URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href, download: 'smart-spend-export.json' });
      link.click();
    } catch (e) {
      setError(e);
    }
  };

  const deleteEverything = async () => {
    try {
      await api('/me', { method: 'DELETE' });
      forgetLocalUser();
      location.assign('/');
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <h1>Settings</h1>
      <Card title="You" wide>
        {me.loading ? <Loading /> : <ErrorNotice error={me.error} />}
        <form
          class="inline-form"
          aria-label="Home country and currency"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            Country (ISO 3166){' '}
            <input
              maxLength={2}
              size={3}
              value={form.country ?? ''}
              onInput={(e) => setForm({ ...form, country: e.currentTarget.value.toUpperCase() })}
            />
          </label>
          <label>
            Currency (ISO 4217){' '}
            <input
              maxLength={3}
              size={4}
              value={form.currency ?? ''}
              onInput={(e) => setForm({ ...form, currency: e.currentTarget.value.toUpperCase() })}
            />
          </label>
          <label>
            Locale{' '}
            <input
              size={8}
              placeholder="e.g. en-GB"
              value={form.locale ?? ''}
              onInput={(e) => setForm({ ...form, locale: e.currentTarget.value })}
            />
          </label>
          {form.peerComparison !== undefined && (
            <label class="check">
              <input
                type="checkbox"
                checked={form.peerComparison}
                onChange={(e) => setForm({ ...form, peerComparison: e.currentTarget.checked })}
              />{' '}
              Compare me with people like me (anonymous, cohorts of 20 or more)
            </label>
          )}
          {form.notifications && (
            <fieldset>
              <legend>Notifications</legend>
              {Object.entries(form.notifications).map(([kind, channels]) => (
                <div key={kind} class="check-row">
                  <span>{kind}</span>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={channels.inApp ?? true}
                      onChange={(e) =>
                        setForm({
                          ...form,
                          notifications: {
                            ...form.notifications,
                            [kind]: { ...channels, inApp: e.currentTarget.checked },
                          },
                        })
                      }
                    />{' '}
                    in the app
                  </label>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={channels.email ?? false}
                      onChange={(e) =>
                        setForm({
                          ...form,
                          notifications: {
                            ...form.notifications,
                            [kind]: { ...channels, email: e.currentTarget.checked },
                          },
                        })
                      }
                    />{' '}
                    by e-mail
                  </label>
                </div>
              ))}
            </fieldset>
          )}
          <button type="submit">Save</button>
          {saved && <span role="status">{saved}</span>}
        </form>
      </Card>
      <Card title="Rules" wide>
        {rules.loading ? <Loading /> : <ErrorNotice error={rules.error} />}
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Category</th>
              <th scope="col">Source</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.data?.items.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.matchKind} <code>{r.pattern}</code>
                </td>
                <td>{r.category}</td>
                <td>{r.source}</td>
                <td>
                  <button
                    class="link"
                    onClick={() => void api(`/rules/${r.id}`, { method: 'DELETE' }).then(rules.reload, setError)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Merchants not learned">
        {dontLearn.loading ? <Loading /> : <ErrorNotice error={dontLearn.error} />}
        {dontLearn.data?.items.length === 0 && <p class="muted">None.</p>}
        <ul class="plain">
          {dontLearn.data?.items.map((m) => {
            const name = typeof m === 'string' ? m : m.merchant;
            return <li key={name}>{name}</li>;
          })}
        </ul>
      </Card>
      <Card title="Your data">
        <button onClick={() => void exportData()}>Export everything</button>
        <form
          aria-label="Delete my account"
          onSubmit={(e) => {
            e.preventDefault();
            if (confirmText === 'delete') void deleteEverything();
          }}
        >
          <label>
            Type <strong>delete</strong> to erase every transaction, file and setting
            <input value={confirmText} onInput={(e) => setConfirmText(e.currentTarget.value)} />
          </label>
          <button type="submit" class="danger" disabled={confirmText !== 'delete'}>
            Delete my account
          </button>
        </form>
      </Card>
      <ErrorNotice error={error} />
    </>
  );
}
