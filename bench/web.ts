/**
 * The web app under a real history: `npm start`'s own process with one person holding
 * 100,000 transactions over 5 years (a generated statement uploaded through the API), then a
 * real headless Chromium measures the Overview's largest contentful paint on a fresh load,
 * and the frame rate while the Transactions list is scrolled for three seconds. Figures are
 * printed, never asserted; the last line is one JSON object.
 *
 *   npm run bench:web [-- --rows=100000]
 */
import { randomUUID } from 'node:crypto';
import { ensureWebBuilt } from '../lambdas/local/web-site';
import { launchBrowser } from '../test/support/browser';
import { startLocalStackProcess } from '../test/support/local-stack-process';

const rows = Number(process.argv.find((a) => a.startsWith('--rows='))?.split('=')[1] ?? 100_000);
const say = (line: string) => process.stderr.write(`${line}\n`);

const MERCHANTS = [
  'TESCO STORES',
  'SHELL 0412',
  'NETFLIX.COM',
  'AMAZON MKTPLACE',
  'STARBUCKS',
  'UBER TRIP',
  'CITY WATER',
  'ACME SALARY',
  'PRET A MANGER',
  'BOOTS 1182',
  'SPOTIFY',
  'HOME DEPOT',
];

function statement(count: number): string {
  const lines = ['Date,Description,Amount'];
  const start = Date.UTC(2021, 0, 1);
  const span = 5 * 365 * 86_400_000;
  for (let i = 0; i < count; i += 1) {
    const date = new Date(start + Math.floor((i / count) * span)).toISOString().slice(0, 10);
    const merchant = MERCHANTS[(i * 7) % MERCHANTS.length];
    const amount = merchant === 'ACME SALARY' ? 2500 : -((i * 37) % 20000) / 100 - 1;
    lines.push(`${date},${merchant} ${i % 97},${amount.toFixed(2)}`);
  }
  return lines.join('\n');
}

// Run in the page as source text: tsx would wrap functions written here in a helper the page does not have.
const LARGEST_CONTENTFUL_PAINT = `new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})`;

const SCROLL_FOR_THREE_SECONDS = `new Promise((resolve) => {
  const list = document.querySelector('.virtual');
  const started = performance.now();
  let frames = 0;
  const step = () => {
    frames += 1;
    list.scrollTop += 40;
    const elapsed = performance.now() - started;
    if (elapsed < 3000) requestAnimationFrame(step);
    else resolve({ frames, seconds: elapsed / 1000, rowsScrolled: Math.round(list.scrollTop / 48) });
  };
  requestAnimationFrame(step);
})`;

// The same three seconds of frames with nothing scrolled: the browser's own pace on this machine right now.
const IDLE_FOR_THREE_SECONDS = `new Promise((resolve) => {
  const started = performance.now();
  let frames = 0;
  const step = () => {
    frames += 1;
    const elapsed = performance.now() - started;
    if (elapsed < 3000) requestAnimationFrame(step);
    else resolve({ frames, seconds: elapsed / 1000 });
  };
  requestAnimationFrame(step);
})`;

async function main(): Promise<void> {
  ensureWebBuilt(say);
  const stack = await startLocalStackProcess();
  const userId = randomUUID();
  try {
    const api = async (path: string, token: string | null, init: RequestInit = {}) => {
      const response = await fetch(`${stack.url}${path}`, {
        ...init,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      });
      return response.json() as Promise<Record<string, string | number>>;
    };
    const token = String((await api('/local/token', null, { method: 'POST', body: JSON.stringify({ userId }) })).token);
    say(`uploading ${rows} rows…`);
    const upload = await api('/uploads', token, { method: 'POST', body: JSON.stringify({ filename: 'bench.csv' }) });
    await fetch(String(upload.uploadUrl), { method: 'PUT', body: statement(rows) });
    for (;;) {
      const status = await api(`/uploads/${upload.uploadId}`, token);
      if (status.status === 'complete' || status.status === 'failed') {
        say(`upload ${status.status}: ${status.imported} imported`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const browser = await launchBrowser();
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
    ).newPage();
    // This browser is the person's: the local stack signs them in again without a click.
    await page.addInitScript((id) => localStorage.setItem('smart-spend.local-user', id), userId);
    const lcps: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await page.goto(stack.url);
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      lcps.push((await page.evaluate(LARGEST_CONTENTFUL_PAINT)) as number);
    }

    await page.goto(`${stack.url}/transactions`);
    await page.locator('.virtual-row').first().waitFor();
    const idle = (await page.evaluate(IDLE_FOR_THREE_SECONDS)) as { frames: number; seconds: number };
    const scroll = (await page.evaluate(SCROLL_FOR_THREE_SECONDS)) as {
      frames: number;
      seconds: number;
      rowsScrolled: number;
    };
    await browser.close();

    const lcpMs = [...lcps].sort((a, b) => a - b)[1];
    const framesPerSecond = scroll.frames / scroll.seconds;
    const idleFramesPerSecond = idle.frames / idle.seconds;
    say(
      `Overview LCP (median of 3): ${lcpMs.toFixed(0)} ms; Transactions scroll: ${framesPerSecond.toFixed(1)} frames/s over ${scroll.rowsScrolled} rows (idle page: ${idleFramesPerSecond.toFixed(1)} frames/s)`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'web',
        transactions: rows,
        overviewLcpMs: Math.round(lcpMs),
        lcpRuns: lcps.map(Math.round),
        scrollFramesPerSecond: Number(framesPerSecond.toFixed(1)),
        idleFramesPerSecond: Number(idleFramesPerSecond.toFixed(1)),
        scrollVsIdle: Number((framesPerSecond / idleFramesPerSecond).toFixed(2)),
        rowsScrolled: scroll.rowsScrolled,
      })}\n`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
