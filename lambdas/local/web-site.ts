import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';

/** The repository's web app: its sources and the folder `vite build` writes. */
export const WEB_ROOT = resolve(__dirname, '..', '..', 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The headers CloudFront's response-headers policy sets on AWS, so the app meets the same rules here. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' https:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * Builds the web app when web/dist is missing or older than its sources, so `npm start` (and
 * `cdk synth`, which uploads it) works from a fresh clone with no extra step. Vite runs as
 * its own process: it is an ES module, and this process is CommonJS.
 */
export function ensureWebBuilt(say: (line: string) => void = () => undefined): void {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return;
  const built = existsSync(join(WEB_DIST, 'index.html')) ? statSync(join(WEB_DIST, 'index.html')).mtimeMs : 0;
  if (built > 0 && newestSource(WEB_ROOT) <= built) return;
  say('Building the web app (web/ → web/dist)…');
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', join(WEB_ROOT, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: WEB_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Answers a browser's request for the web app: a built file, /config.json (the local stack
 * signs in with a local token), or index.html for any page address (the app routes on the
 * History API). Returns false for everything else, which goes to the API: an API call
 * carries a bearer token or asks for JSON, a page load asks for HTML.
 */
export function serveWebSite(
  dist: string,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  response: ServerResponse,
): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/config.json') {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ mode: 'local' }));
    return true;
  }
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return false;
  const file = normalize(join(dist, decodeURIComponentSafe(path)));
  if (path !== '/' && file.startsWith(dist + sep) && existsSync(file) && statSync(file).isFile()) {
    const immutable = path.startsWith('/assets/');
    send(
      response,
      method,
      200,
      readFileSync(file),
      CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    return true;
  }
  const pageLoad = path === '/' || (!headers.authorization && /\btext\/html\b/.test(headers.accept ?? ''));
  if (!pageLoad) return false;
  send(response, method, 200, readFileSync(index), CONTENT_TYPES['.html'], 'no-cache');
  return true;
}

function send(
  response: ServerResponse,
  method: string,
  status: number,
  body: Buffer,
  contentType: string,
  cacheControl: string,
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'cache-control': cacheControl,
    'content-length': String(body.length),
    ...SECURITY_HEADERS,
  });
  response.end(method === 'HEAD' ? undefined : body);
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
