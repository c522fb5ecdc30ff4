import { useEffect, useState } from 'preact/hooks';
import { COLUMN_ROLES } from '../../../lambdas/core/statement/column-roles';
import { api } from '../api';
import { Money } from '../components/money';
import { ErrorNotice } from '../components/notice';
import { useResource } from '../components/use-resource';
import { count, day } from '../format';
import type { Account, Page, Preview, Upload as UploadStatus } from '../types';

const PREVIEW_BYTES = 64 * 1024;
const FINISHED = new Set(['complete', 'failed']);

interface Column {
  index: number;
  header: string | null;
  role: string;
}

/** Drop any supported statement: see what detection makes of it, fix the columns if it is wrong, import, watch it finish. */
export default function Upload() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [columns, setColumns] = useState<Column[] | null>(null);
  const [accountId, setAccountId] = useState('');
  const [status, setStatus] = useState<UploadStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const accounts = useResource(() => api<Page<Account>>('/accounts'), []);
  const history = useResource(() => api<Page<UploadStatus>>('/uploads', { query: { limit: 10 } }), [status?.status]);

  const mapping = () => (columns ? { columns: columns.map(({ index, role }) => ({ index, role })) } : undefined);

  const runPreview = async (chosen: File, withMapping?: { columns: { index: number; role: string }[] }) => {
    setError(null);
    try {
      const text = await chosen.slice(0, PREVIEW_BYTES).text();
      const result = await api<Preview>('/uploads/preview', {
        method: 'POST',
        text,
        query: { filename: chosen.name, mapping: withMapping ? JSON.stringify(withMapping) : undefined },
      });
      setPreview(result);
      const detected = (result.format as { columns?: Column[] }).columns;
      if (!withMapping) setColumns(detected ? detected.map((c) => ({ ...c })) : null);
    } catch (e) {
      setPreview(null);
      setError(e);
    }
  };

  const choose = (chosen: File | undefined | null) => {
    if (!chosen) return;
    setFile(chosen);
    setStatus(null);
    void runPreview(chosen);
  };

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api<{
        uploadId: string;
        uploadUrl: string;
        method: string;
        headers: Record<string, string>;
      }>('/uploads', {
        method: 'POST',
        body: {
          filename: file.name,
          accountId: accountId || undefined,
          mapping: columns && preview ? mapping() : undefined,
        },
      });
      const put = await fetch(created.uploadUrl, { method: created.method, headers: created.headers, body: file });
      if (!put.ok) throw new Error(`the file could not be sent (${put.status})`);
      setStatus(await api<UploadStatus>(`/uploads/${created.uploadId}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // The import runs on the server: its status and counts are polled until it finishes.
  useEffect(() => {
    if (!status || FINISHED.has(status.status)) return;
    const timer = setTimeout(() => void api<UploadStatus>(`/uploads/${status.id}`).then(setStatus, setError), 500);
    return () => clearTimeout(timer);
  }, [status]);

  return (
    <>
      <h1>Upload a statement</h1>
      <div
        class={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer?.files[0]);
        }}
      >
        <p>Drop a bank's CSV, OFX/QFX, QIF or CAMT.053 file, or a .txt of bank SMS alerts, here.</p>
        <label class="button">
          Choose a file
          <input
            type="file"
            class="visually-hidden"
            accept=".csv,.txt,.tsv,.ofx,.qfx,.qif,.xml"
            onChange={(e) => choose(e.currentTarget.files?.[0])}
          />
        </label>
        {file && (
          <p>
            {file.name} · {count(file.size)} bytes
          </p>
        )}
      </div>
      <ErrorNotice error={error} />
      {preview && file && !status && (
        <section aria-label="Preview">
          <h2>What we read</h2>
          <p class="muted">{(preview.format as { notes?: string[] }).notes?.join(' ') ?? ''}</p>
          <dl class="figures">
            <dt>Format</dt>
            <dd>{String(preview.format.kind ?? '')}</dd>
            <dt>Encoding</dt>
            <dd>{String(preview.format.encoding ?? '')}</dd>
            {preview.format.dateOrder ? (
              <>
                <dt>Dates</dt>
                <dd>{String(preview.format.dateOrder)}</dd>
              </>
            ) : null}
            {preview.format.currency ? (
              <>
                <dt>Currency</dt>
                <dd>{String(preview.format.currency)}</dd>
              </>
            ) : null}
          </dl>
          {columns && (
            <fieldset>
              <legend>Columns (change a role if we got it wrong)</legend>
              <div class="columns">
                {columns.map((c, i) => (
                  <label key={c.index}>
                    {c.header ?? `Column ${c.index + 1}`}
                    <select
                      value={c.role}
                      onChange={(e) =>
                        setColumns(columns.map((x, j) => (j === i ? { ...x, role: e.currentTarget.value } : x)))
                      }
                    >
                      {COLUMN_ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
              <button onClick={() => void runPreview(file, mapping())}>Preview with these columns</button>
            </fieldset>
          )}
          <table>
            <caption>The first rows as they would import</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Date</th>
                <th scope="col">Description</th>
                <th scope="col" class="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  <td>{day(r.date)}</td>
                  <td>{r.description}</td>
                  <td class="num">
                    <Money amount={r.amount} currency={r.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errors.length > 0 && <RowErrors errors={preview.errors} />}
          <label>
            Account
            <select value={accountId} onChange={(e) => setAccountId(e.currentTarget.value)}>
              <option value="">Recognise it from the statement</option>
              {accounts.data?.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.currency})
                </option>
              ))}
            </select>
          </label>
          <button class="primary" disabled={busy} onClick={() => void start()}>
            Import {file.name}
          </button>
        </section>
      )}
      {status && <UploadProgress upload={status} />}
      <section aria-label="Recent uploads">
        <h2>Recent uploads</h2>
        <ErrorNotice error={history.error} />
        <table>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Imported
              </th>
              <th scope="col" class="num">
                Duplicates
              </th>
              <th scope="col" class="num">
                Rejected
              </th>
            </tr>
          </thead>
          <tbody>
            {history.data?.items.map((u) => (
              <tr key={u.id}>
                <td>{u.filename}</td>
                <td>{u.status}</td>
                <td class="num">{count(u.imported)}</td>
                <td class="num">{count(u.duplicates)}</td>
                <td class="num">{count(u.rejected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function UploadProgress({ upload }: { upload: UploadStatus }) {
  const done = FINISHED.has(upload.status);
  return (
    <section aria-label="Import progress" class="card">
      <h2>{upload.filename}</h2>
      <p role="status" aria-live="polite" data-status={upload.status}>
        {upload.status === 'failed'
          ? 'Failed'
          : done
            ? 'Complete'
            : `${upload.status[0].toUpperCase()}${upload.status.slice(1)}…`}
        {' · '}read {count(upload.rowsRead)}, imported {count(upload.imported)}, duplicates {count(upload.duplicates)},
        rejected {count(upload.rejected)}
      </p>
      {!done && <progress aria-label="Import progress" />}
      {upload.failureReason && (
        <div class="notice error" role="alert">
          <strong>The import failed</strong> — {upload.failureReason}
        </div>
      )}
      {upload.warnings.length > 0 && (
        <ul class="notice warning">
          {upload.warnings.map((w, i) => (
            <li key={i}>
              {w.row ? `Row ${w.row}: ` : ''}
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {upload.errors.length > 0 && <RowErrors errors={upload.errors} />}
      {done && upload.status === 'complete' && <a href="/transactions">See the transactions →</a>}
    </section>
  );
}

function RowErrors({ errors }: { errors: { row: number; reason: string }[] }) {
  return (
    <div class="notice error" role="alert">
      <strong>
        {errors.length} row{errors.length === 1 ? '' : 's'} could not be read
      </strong>
      <ul>
        {errors.map((e) => (
          <li key={e.row}>
            Row {e.row}: {e.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
