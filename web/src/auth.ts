/**
 * Who is signed in, and the token that proves it. Tokens live in memory only (never
 * localStorage): a reload signs in again, which the local stack does with one click and
 * Cognito's managed login does from its own session cookie without asking.
 */
export type SiteConfig =
  { mode: 'local' } | { mode: 'cognito'; domain: string; clientId: string; redirectUri: string; scopes?: string[] };

interface Session {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

let session: Session | null = null;
let config: SiteConfig | null = null;
const LOCAL_USER_KEY = 'smart-spend.local-user';
const VERIFIER_KEY = 'smart-spend.pkce-verifier';

export async function loadConfig(): Promise<SiteConfig> {
  if (config) return config;
  const response = await fetch('/config.json', { headers: { accept: 'application/json' } });
  config = response.ok ? ((await response.json()) as SiteConfig) : { mode: 'local' };
  return config;
}

export function isSignedIn(): boolean {
  return session !== null;
}

/** Whether this browser has signed in on the local stack before (a returning person is signed in without a click). */
export function hasLocalUser(): boolean {
  return localStorage.getItem(LOCAL_USER_KEY) !== null;
}

/** The local stack: a token for this browser's local person (their id is kept so a reload is the same person). */
export async function signInLocally(): Promise<void> {
  let userId = localStorage.getItem(LOCAL_USER_KEY);
  if (!userId) {
    userId = crypto.randomUUID();
    localStorage.setItem(LOCAL_USER_KEY, userId);
  }
  const response = await fetch('/local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!response.ok) throw new Error(`the local stack refused a token (${response.status})`);
  const { token } = (await response.json()) as { token: string };
  session = { accessToken: token, expiresAt: Date.now() + 55 * 60_000 };
}

/** Cognito managed login: authorization code with PKCE (a public client, no secret). */
export async function startCognitoSignIn(site: Extract<SiteConfig, { mode: 'cognito' }>): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL(`https://${site.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: site.clientId,
    redirect_uri: site.redirectUri,
    scope: (site.scopes ?? ['openid', 'email']).join(' '),
    code_challenge_method: 'S256',
    code_challenge: challenge,
  }).toString();
  location.assign(url.toString());
}

/** Back from the managed login with ?code=…: trade it for tokens, then clean the address bar. */
export async function completeCognitoSignIn(site: Extract<SiteConfig, { mode: 'cognito' }>): Promise<boolean> {
  const code = new URLSearchParams(location.search).get('code');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (!code || !verifier) return false;
  sessionStorage.removeItem(VERIFIER_KEY);
  await tokenRequest(site, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: site.redirectUri,
    code_verifier: verifier,
  });
  history.replaceState(null, '', location.pathname);
  return true;
}

async function tokenRequest(
  site: Extract<SiteConfig, { mode: 'cognito' }>,
  form: Record<string, string>,
): Promise<void> {
  const response = await fetch(`https://${site.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: site.clientId, ...form }).toString(),
  });
  if (!response.ok) throw new Error(`sign-in failed (${response.status})`);
  const tokens = (await response.json()) as { access_token: string; refresh_token?: string; expires_in: number };
  session = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? session?.refreshToken,
    expiresAt: Date.now() + tokens.expires_in * 1000,
  };
}

/** A token good for at least another minute: refreshed (Cognito) or re-issued (local) when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (!session) return null;
  if (session.expiresAt - Date.now() > 60_000) return session.accessToken;
  const site = await loadConfig();
  if (site.mode === 'local') await signInLocally();
  else if (session.refreshToken)
    await tokenRequest(site, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
  return session?.accessToken ?? null;
}

export function signOut(): void {
  session = null;
}

/** The local person's id is forgotten too when they delete their data. */
export function forgetLocalUser(): void {
  localStorage.removeItem(LOCAL_USER_KEY);
  session = null;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
