import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalStackProcess, type RunningStack } from '../support/local-stack-process';

const ROWS = 40_000;
const MERCHANTS = [
  'TESCO STORES 3217',
  'SHELL 0456 LONDON',
  'NETFLIX.COM',
  'PRET A MANGER',
  'UBER *TRIP',
  'AMAZON MKTPLACE PMTS',
  'ACME SALARY',
];

/** A statement of ROWS distinct rows (a day and an amount each), as a bank exports it. */
function statement(): string {
  const lines = ['Date,Description,Amount'];
  for (let i = 0; i < ROWS; i += 1) {
    const day = new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10);
    const merchant = MERCHANTS[i % MERCHANTS.length];
    const amount = merchant === 'ACME SALARY' ? 2500 + (i % 97) : -((i % 9000) + 1) / 100;
    lines.push(`${day},${merchant},${amount.toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Issue 17, item 2: the server's process is killed (SIGKILL, a real child `npm start`) in the
 * middle of an import. The next start must work (the embedded PostgreSQL the dead process left
 * running is stopped), and the upload must end complete with every row once, every row categorised.
 */
describe('a crash in the middle of an import', () => {
  let stack: RunningStack | undefined;
  const person = randomUUID();

  afterAll(async () => {
    await stack?.stop();
  });

  const api = async (path: string, token: string | null, init: RequestInit = {}) => {
    const response = await fetch(`${stack!.url}${path}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const tokenFor = async () =>
    (await api('/local/token', null, { method: 'POST', body: JSON.stringify({ userId: person }) })).body
      .token as string;
  const theUpload = async (token: string) =>
    (await api('/uploads', token)).body.items[0] as
      { id: string; status: string; rowsRead: number; imported: number; duplicates: number } | undefined;

  it('resumes after SIGKILL: restart works, the upload completes with every row once and categorised', async () => {
    stack = await startLocalStackProcess();
    const home = stack.home;
    let token = await tokenFor();
    mkdirSync(join(home, 'drop', person), { recursive: true });
    writeFileSync(join(home, 'drop', person, 'big.csv'), statement());

    // Kill as soon as some rows are committed and the file is still being read.
    let seen: Awaited<ReturnType<typeof theUpload>>;
    for (let attempt = 0; attempt < 2000; attempt += 1) {
      seen = await theUpload(token);
      if (seen && seen.status === 'parsing' && seen.rowsRead > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen!).toMatchObject({ status: 'parsing' });
    await stack.kill();

    stack = await startLocalStackProcess({ home });
    expect(stack.output()).toMatch(/stopping PostgreSQL \d+, left running/);
    expect(stack.output()).toMatch(/resuming what the last run left: 1 uploads read again/);
    token = await tokenFor();

    let upload: Awaited<ReturnType<typeof theUpload>>;
    for (let attempt = 0; attempt < 1200; attempt += 1) {
      upload = await theUpload(token);
      if (upload && (upload.status === 'complete' || upload.status === 'failed')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(upload!).toMatchObject({ status: 'complete', rowsRead: ROWS });

    const ids = new Set<string>();
    let uncategorised = 0;
    for (let cursor: string | null = ''; cursor !== null;) {
      const page = await api(
        `/transactions?uploadId=${upload!.id}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      );
      for (const t of page.body.items as { id: string; category: string | null }[]) {
        ids.add(t.id);
        if (t.category === null) uncategorised += 1;
      }
      cursor = page.body.nextCursor;
    }
    expect({ rows: ids.size, uncategorised }).toEqual({ rows: ROWS, uncategorised: 0 });
    expect(await stack.stop()).toBe(0);
    stack = undefined;
  }, 400_000);
});
