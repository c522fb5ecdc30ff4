import type { ComponentChildren } from 'preact';
import { ApiError, isNotAvailable } from '../api';

/** An error as the person should see it: the problem's title and detail, and each field it names. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  if (isNotAvailable(error)) return <p class="muted">Not available yet on this server.</p>;
  if (error instanceof ApiError) {
    return (
      <div class="notice error" role="alert">
        <strong>{error.title}</strong>
        {error.detail && <span> — {error.detail}</span>}
        {error.errors.length > 0 && (
          <ul>
            {error.errors.map((e) => (
              <li key={e.path}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div class="notice error" role="alert">
      <strong>Something went wrong</strong> — {String((error as Error)?.message ?? error)}
    </div>
  );
}

export function Card({ title, children, wide }: { title: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <section class={wide ? 'card wide' : 'card'} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Loading() {
  return (
    <p class="muted" aria-live="polite">
      Loading…
    </p>
  );
}
