import { memo } from 'preact/compat';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { Money } from '../components/money';
import { ErrorNotice } from '../components/notice';
import { useResource } from '../components/use-resource';
import { VirtualList } from '../components/virtual-list';
import { day, merchantName, toMajor, toMinor } from '../format';
import type { Account, Category, Correction, Page, Transaction } from '../types';

interface Filters {
  q: string;
  category: string;
  accountId: string;
  from: string;
  to: string;
}

interface Undo {
  message: string;
  revert: () => Promise<void>;
}

const ROW_HEIGHT = 48;
const PAGE = 500;

/** The record: every transaction, searchable, corrected in place (with the similar ones following) and undoable. */
export default function Transactions() {
  const [filters, setFilters] = useState<Filters>({ q: '', category: '', accountId: '', from: '', to: '' });
  const [query, setQuery] = useState(filters);
  const [rows, setRows] = useState<Transaction[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Transaction | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const loading = useRef(false);
  const generation = useRef(0);
  const categories = useResource(() => api<Page<Category>>('/categories'), []);
  const accounts = useResource(() => api<Page<Account>>('/accounts'), []);

  // Typing in the search box waits a moment before asking the server.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(filters), 250);
    return () => clearTimeout(timer);
  }, [filters]);

  const loadMore = async (reset = false) => {
    if (loading.current && !reset) return;
    if (!reset && cursor === null) return;
    loading.current = true;
    const mine = reset ? ++generation.current : generation.current;
    try {
      const page = await api<Page<Transaction>>('/transactions', {
        query: { ...query, limit: PAGE, cursor: reset ? undefined : (cursor ?? undefined) },
      });
      if (mine !== generation.current) return;
      setRows((current) => (reset ? page.items : [...current, ...page.items]));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      if (mine === generation.current) loading.current = false;
    }
  };

  useEffect(() => {
    setRows([]);
    setCursor(undefined);
    void loadMore(true);
  }, [query]);

  const names = useMemo(
    () => (categories.data?.items ?? []).map((c) => c.name).sort((a, b) => a.localeCompare(b)),
    [categories.data],
  );
  const accountName = useMemo(() => new Map((accounts.data?.items ?? []).map((a) => [a.id, a.name])), [accounts.data]);

  const replace = useCallback((changed: Transaction[]) => {
    const byId = new Map(changed.map((t) => [t.id, t]));
    setRows((current) => current.map((t) => byId.get(t.id) ?? t));
    setSelected((s) => (s && byId.get(s.id)) || s);
  }, []);

  /** A category change is a correction: learned at once, and the similar rows follow unless asked not to. */
  const rowsNow = useRef(rows);
  rowsNow.current = rows;
  const recategorise = useCallback(async (row: Transaction, category: string, applyToSimilar: boolean) => {
    const before = rowsNow.current.filter(
      (t) =>
        t.id === row.id ||
        (applyToSimilar && row.merchant && t.merchant === row.merchant && t.categorySource !== 'manual' && !t.splits),
    );
    try {
      const result = await api<Correction>(`/transactions/${row.id}`, {
        method: 'PATCH',
        body: { category, applyToSimilar },
      });
      replace([
        { ...result.transaction },
        ...before.filter((t) => t.id !== row.id).map((t) => ({ ...t, category, categorySource: 'rule' as const })),
      ]);
      const similar = Math.max(0, (result.updatedCount ?? 1) - 1);
      setUndo({
        message:
          similar > 0
            ? `${row.merchant ? merchantName(row.merchant) : 'This transaction'} is now ${category}, with ${similar} similar`
            : `Now ${category}`,
        revert: async () => {
          if (result.rule?.id) await api(`/rules/${result.rule.id}`, { method: 'DELETE' });
          const reverted: Transaction[] = [];
          for (const t of before) {
            if (!t.category) continue;
            const back = await api<Correction>(`/transactions/${t.id}`, {
              method: 'PATCH',
              body: { category: t.category, applyToSimilar: false },
            });
            reverted.push(back.transaction);
          }
          replace(reverted);
        },
      });
    } catch (e) {
      setError(e);
    }
  }, []);

  return (
    <>
      <h1>Transactions</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Search
          <input
            type="search"
            value={filters.q}
            onInput={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
            placeholder="merchant or description"
          />
        </label>
        <label>
          Category
          <select
            value={filters.category}
            onChange={(e) => setFilters({ ...filters, category: e.currentTarget.value })}
          >
            <option value="">All</option>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Account
          <select
            value={filters.accountId}
            onChange={(e) => setFilters({ ...filters, accountId: e.currentTarget.value })}
          >
            <option value="">All</option>
            {accounts.data?.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={filters.from}
            onInput={(e) => setFilters({ ...filters, from: e.currentTarget.value })}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={filters.to}
            onInput={(e) => setFilters({ ...filters, to: e.currentTarget.value })}
          />
        </label>
      </form>
      <ErrorNotice error={error} />
      {undo && (
        <div class="toast" role="status">
          {undo.message}.{' '}
          <button
            class="link"
            onClick={() => {
              const u = undo;
              setUndo(null);
              void u.revert().catch(setError);
            }}
          >
            Undo
          </button>
          <button class="link" aria-label="Dismiss" onClick={() => setUndo(null)}>
            ×
          </button>
        </div>
      )}
      <p class="muted" aria-live="polite">
        {rows.length} transactions{cursor ? ' loaded, more as you scroll' : ''}
      </p>
      <div class={selected ? 'tx-layout with-details' : 'tx-layout'}>
        <div class="tx-header" aria-hidden="true">
          <span>Date</span>
          <span>Description</span>
          <span>Category</span>
          <span class="num">Amount</span>
        </div>
        <VirtualList
          label="Transactions"
          items={rows}
          keyOf={(t) => t.id}
          rowHeight={ROW_HEIGHT}
          height={Math.max(320, (typeof innerHeight === 'number' ? innerHeight : 800) - 320)}
          onNearEnd={() => void loadMore()}
          render={(t) => (
            <TransactionRow
              transaction={t}
              selected={selected?.id === t.id}
              accountName={accountName.get(t.accountId) ?? ''}
              names={names}
              onSelect={setSelected}
              onRecategorise={recategorise}
            />
          )}
        />
        {selected && (
          <Details
            key={selected.id}
            transaction={selected}
            categories={names}
            onChanged={(t) => replace([t])}
            onDeleted={(id) => {
              setRows((r) => r.filter((t) => t.id !== id));
              setSelected(null);
            }}
            onClose={() => setSelected(null)}
            onRecategorise={(c, similar) => recategorise(selected, c, similar)}
          />
        )}
      </div>
    </>
  );
}

/** One row of the list; memoised so that scrolling redraws only the rows that come into view. */
const TransactionRow = memo(function TransactionRow({
  transaction: t,
  selected,
  accountName,
  names,
  onSelect,
  onRecategorise,
}: {
  transaction: Transaction;
  selected: boolean;
  accountName: string;
  names: string[];
  onSelect: (t: Transaction) => void;
  onRecategorise: (t: Transaction, category: string, applyToSimilar: boolean) => Promise<void>;
}) {
  return (
    <div class={selected ? 'tx selected' : 'tx'} data-id={t.id}>
      <span>{day(t.date)}</span>
      <button class="link desc" onClick={() => onSelect(t)} title={t.description}>
        {t.merchant ? merchantName(t.merchant) : t.description}
        <small>
          {accountName}
          {t.transferId ? ' · transfer' : ''}
        </small>
      </button>
      <select
        aria-label={`Category of ${t.merchant ? merchantName(t.merchant) : t.description}`}
        value={t.category ?? ''}
        onChange={(e) => void onRecategorise(t, e.currentTarget.value, true)}
      >
        {!t.category && <option value="">Uncategorised</option>}
        {t.category && !names.includes(t.category) && <option>{t.category}</option>}
        {names.map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
      <span class="num">
        <Money amount={t.amount} currency={t.currency} />
      </span>
    </div>
  );
});

function Details({
  transaction: t,
  categories,
  onChanged,
  onDeleted,
  onClose,
  onRecategorise,
}: {
  transaction: Transaction;
  categories: string[];
  onChanged: (t: Transaction) => void;
  onDeleted: (id: string) => void;
  onClose: () => void;
  onRecategorise: (category: string, applyToSimilar: boolean) => Promise<void>;
}) {
  const [notes, setNotes] = useState(t.notes ?? '');
  const [tags, setTags] = useState(t.tags.join(', '));
  const [splits, setSplits] = useState<{ category: string; amount: string }[]>(
    (t.splits ?? []).map((s) => ({ category: s.category, amount: String(toMajor(s.amount, t.currency)) })),
  );
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');

  const patch = async (body: Record<string, unknown>, what: string) => {
    try {
      const result = await api<Correction>(`/transactions/${t.id}`, { method: 'PATCH', body });
      onChanged(result.transaction);
      setError(null);
      setSaved(what);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <aside class="details" aria-label="Transaction details">
      <header>
        <h2>{t.merchant ? merchantName(t.merchant) : t.description}</h2>
        <button class="link" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      <p>
        <Money amount={t.amount} currency={t.currency} /> on {day(t.date)}
      </p>
      <p class="muted">{t.description}</p>
      <p class="muted">
        {t.category
          ? `${t.category} (${t.categorySource ?? 'unknown'}${t.confidence !== null ? `, ${Math.round(t.confidence * 100)}% sure` : ''})`
          : 'Not categorised yet'}
      </p>
      <label>
        Category for this one only
        <select value={t.category ?? ''} onChange={(e) => void onRecategorise(e.currentTarget.value, false)}>
          {!t.category && <option value="">Uncategorised</option>}
          {categories.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <label>
        Notes
        <textarea value={notes} onInput={(e) => setNotes(e.currentTarget.value)} rows={3} />
      </label>
      <label>
        Tags (comma-separated)
        <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
      </label>
      <button
        onClick={() =>
          void patch(
            {
              notes: notes || null,
              tags: tags
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            },
            'Notes and tags saved',
          )
        }
      >
        Save notes and tags
      </button>
      <fieldset>
        <legend>Split</legend>
        {splits.map((s, i) => (
          <div class="split" key={i}>
            <select
              aria-label={`Split ${i + 1} category`}
              value={s.category}
              onChange={(e) =>
                setSplits(splits.map((x, j) => (j === i ? { ...x, category: e.currentTarget.value } : x)))
              }
            >
              {categories.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
            <input
              aria-label={`Split ${i + 1} amount in ${t.currency}`}
              inputMode="decimal"
              value={s.amount}
              onInput={(e) => setSplits(splits.map((x, j) => (j === i ? { ...x, amount: e.currentTarget.value } : x)))}
            />
            <button
              class="link"
              onClick={() => setSplits(splits.filter((_, j) => j !== i))}
              aria-label={`Remove split ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button class="link" onClick={() => setSplits([...splits, { category: categories[0] ?? '', amount: '' }])}>
          Add a part
        </button>{' '}
        <button
          onClick={() =>
            void patch(
              {
                splits: splits.length
                  ? splits.map((s) => ({
                      category: s.category,
                      amount: toMinor(Number(s.amount.replace(',', '.')), t.currency),
                    }))
                  : null,
              },
              'Split saved',
            )
          }
        >
          Save split
        </button>
      </fieldset>
      {t.transferId && (
        <button onClick={() => void patch({ transferId: null }, 'Transfer unlinked')}>Not a transfer</button>
      )}
      <button
        class="danger"
        onClick={() => {
          if (confirm('Delete this transaction? A re-import will not bring it back.'))
            void api(`/transactions/${t.id}`, { method: 'DELETE' }).then(() => onDeleted(t.id), setError);
        }}
      >
        Delete
      </button>
      {saved && (
        <p role="status" class="muted">
          {saved}.
        </p>
      )}
      <ErrorNotice error={error} />
    </aside>
  );
}
