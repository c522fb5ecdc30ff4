import type { ComponentType } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import {
  completeCognitoSignIn,
  hasLocalUser,
  isSignedIn,
  loadConfig,
  signInLocally,
  signOut,
  startCognitoSignIn,
  type SiteConfig,
} from './auth';
import { ErrorNotice, Loading } from './components/notice';
import { setLocale } from './format';
import { onLinkClick, usePath } from './router';
import { Overview } from './pages/overview';

// Every page but the first is loaded when it is opened: the first load stays small.
const pages: Record<string, { title: string; component: ComponentType }> = {
  '/': { title: 'Overview', component: Overview },
  '/transactions': { title: 'Transactions', component: lazy(() => import('./pages/transactions')) },
  '/upload': { title: 'Upload', component: lazy(() => import('./pages/upload')) },
  '/accounts': { title: 'Accounts', component: lazy(() => import('./pages/accounts')) },
  '/budgets': { title: 'Budgets', component: lazy(() => import('./pages/budgets')) },
  '/insights': { title: 'Insights', component: lazy(() => import('./pages/insights')) },
  '/forecast': { title: 'Forecast', component: lazy(() => import('./pages/forecast')) },
  '/goals': { title: 'Goals', component: lazy(() => import('./pages/goals')) },
  '/coach': { title: 'Coach', component: lazy(() => import('./pages/coach')) },
  '/settings': { title: 'Settings', component: lazy(() => import('./pages/settings')) },
};

export function App() {
  const [site, setSite] = useState<SiteConfig | null>(null);
  const [signedIn, setSignedIn] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    loadConfig()
      .then(async (config) => {
        // A returning person is signed in before the page shows anything but "Loading": showing the
        // sign-in button meanwhile invites a click on a button about to vanish.
        if (config.mode === 'cognito' && (await completeCognitoSignIn(config))) setSignedIn(true);
        if (config.mode === 'local' && hasLocalUser()) {
          await signInLocally();
          setSignedIn(true);
        }
        setSite(config);
      })
      .catch(setError);
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    // The person's own locale, when they have set one, formats every figure.
    api<{ locale?: string | null }>('/me')
      .then((me) => setLocale(me.locale))
      .catch(() => undefined);
  }, [signedIn]);

  if (error)
    return (
      <main class="signin">
        <ErrorNotice error={error} />
      </main>
    );
  if (!site)
    return (
      <main class="signin">
        <Loading />
      </main>
    );
  if (!signedIn || !isSignedIn()) return <SignIn site={site} onSignedIn={() => setSignedIn(true)} />;
  return (
    <Shell
      onSignOut={() => {
        signOut();
        setSignedIn(false);
      }}
    />
  );
}

function SignIn({ site, onSignedIn }: { site: SiteConfig; onSignedIn: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      if (site.mode === 'local') {
        await signInLocally();
        onSignedIn();
      } else {
        await startCognitoSignIn(site);
      }
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Smart Spend</h1>
      <p>Where your money goes, and where it is heading.</p>
      <button class="primary" onClick={() => void go()} disabled={busy}>
        {site.mode === 'local' ? 'Sign in on this machine' : 'Sign in'}
      </button>
      {site.mode === 'local' && <p class="muted">The local stack issues a token for a person kept in this browser.</p>}
      <ErrorNotice error={error} />
    </main>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const path = usePath();
  const page = pages[path] ?? null;
  useEffect(() => {
    document.title = page ? `${page.title} · Smart Spend` : 'Smart Spend';
    document.getElementById('main')?.focus();
  }, [path]);
  const Page = page?.component;
  return (
    <div class="shell" onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Smart Spend</span>
        <nav aria-label="Pages">
          <ul>
            {Object.entries(pages).map(([href, { title }]) => (
              <li key={href}>
                <a href={href} aria-current={href === path ? 'page' : undefined}>
                  {title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button class="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {Page ? (
          <Suspense fallback={<Loading />}>
            <Page />
          </Suspense>
        ) : (
          <section>
            <h1>Not found</h1>
            <p>
              No page at {path}. <a href="/">Back to the overview</a>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
