import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startLocalStackProcess, type RunningStack } from '../support/local-stack-process';

/**
 * The local stack as a person meets it: `npm start`'s entry in its own process, a statement
 * dropped into the drop folder and one PUT to an upload URL, read back through the API.
 */
describe('the local stack, end to end', () => {
  let stack: RunningStack;
  const owner = randomUUID();
  const stranger = randomUUID();
  let ownerToken: string;
  let strangerToken: string;

  const api = async (path: string, token: string | null, init: RequestInit = {}) => {
    const response = await fetch(`${stack.url}${path}`, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      contentType: response.headers.get('content-type'),
    };
  };

  const waitForUpload = async (token: string, uploadId: string | null) => {
    // Generous: CI machines run this beside the other suites on two cores.
    let upload: { id: string; status: string } | undefined;
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const list = await api('/uploads', token);
      upload = uploadId ? list.body.items.find((u: { id: string }) => u.id === uploadId) : list.body.items[0];
      if (upload && (upload.status === 'complete' || upload.status === 'failed')) return upload;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`upload did not finish: ${JSON.stringify(upload)}\n${stack.output()}`);
  };

  beforeAll(async () => {
    stack = await startLocalStackProcess({ env: { DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' } });
    ownerToken = (await api('/local/token', null, { method: 'POST', body: JSON.stringify({ userId: owner }) })).body
      .token;
    strangerToken = (await api('/local/token', null, { method: 'POST', body: JSON.stringify({ userId: stranger }) }))
      .body.token;
  }, 120_000);

  afterAll(async () => {
    const code = await stack?.stop();
    expect(code).toBe(0);
  });

  it('answers /health and /openapi.json without a token, and nothing else', async () => {
    expect((await api('/health', null)).body).toEqual({ status: 'ok' });
    const openapi = await api('/openapi.json', null);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/uploads', '/uploads/{id}', '/transactions']),
    );
    const refused = await api('/transactions', null);
    expect(refused.status).toBe(401);
    expect(refused.contentType).toBe('application/problem+json');
  });

  it('imports a statement dropped into the drop folder into the default account, for its owner only', async () => {
    const folder = join(stack.home, 'drop', owner);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'march.csv'),
      [
        'Date,Description,Amount',
        '2024-03-01,TESCO STORES 3217,-42.10',
        '2024-03-02,ACME LTD SALARY,2500.00',
        '2024-03-03,NETFLIX.COM,-9.99',
      ].join('\n'),
    );

    const upload = await waitForUpload(ownerToken, null);
    expect(upload).toMatchObject({ status: 'complete', rowsRead: 3, imported: 3, duplicates: 0, rejected: 0 });

    const mine = await api('/transactions', ownerToken);
    expect(
      mine.body.items.map((t: { date: string; amount: number; description: string }) => [
        t.date,
        t.amount,
        t.description,
      ]),
    ).toEqual([
      ['2024-03-03', -999, 'NETFLIX.COM'],
      ['2024-03-02', 250000, 'ACME LTD SALARY'],
      ['2024-03-01', -4210, 'TESCO STORES 3217'],
    ]);
    expect(mine.body.items.every((t: { category: string | null }) => t.category !== null)).toBe(true);

    const theirs = await api('/transactions', strangerToken);
    expect(theirs.body.items).toEqual([]);
    const peek = await api(`/transactions/${mine.body.items[0].id}`, strangerToken);
    expect(peek.status).toBe(404);
    expect((await api(`/uploads/${upload.id}`, strangerToken)).status).toBe(404);
  });

  it('imports a file PUT to the URL from POST /uploads, and adds nothing when the same statement comes again', async () => {
    const csv = 'Date,Description,Amount\n2024-03-01,TESCO STORES 3217,-42.10\n2024-03-04,SHELL 0456 FUEL,-60.00\n';
    const created = await api('/uploads', ownerToken, {
      method: 'POST',
      body: JSON.stringify({ filename: 'overlap.csv' }),
    });
    expect(created.status).toBe(201);
    const put = await fetch(created.body.uploadUrl, { method: 'PUT', body: csv, headers: created.body.headers });
    expect(put.status).toBe(200);
    const upload = await waitForUpload(ownerToken, created.body.uploadId);
    expect(upload).toMatchObject({ status: 'complete', rowsRead: 2, imported: 1, duplicates: 1 });

    const again = await api('/uploads', ownerToken, {
      method: 'POST',
      body: JSON.stringify({ filename: 'overlap-again.csv' }),
    });
    await fetch(again.body.uploadUrl, { method: 'PUT', body: csv, headers: again.body.headers });
    expect(await waitForUpload(ownerToken, again.body.uploadId)).toMatchObject({
      status: 'complete',
      imported: 0,
      duplicates: 2,
    });
    expect((await api('/transactions', ownerToken)).body.items).toHaveLength(4);
  });

  it('stops cleanly on Ctrl-C and keeps every transaction for the next start', async () => {
    const before = (await api('/transactions', ownerToken)).body.items;
    expect(await stack.stop()).toBe(0);
    stack = await startLocalStackProcess({
      home: stack.home,
      env: { DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' },
    });
    const after = (await api('/transactions', ownerToken)).body.items;
    expect(after).toEqual(before);
  }, 120_000);

  it('exports through a signed download link that refuses a tampered signature or another key', async () => {
    const answered = await api('/me/export', ownerToken);
    expect(answered.status).toBe(200);
    const downloaded = await fetch(answered.body.url);
    expect(downloaded.status).toBe(200);
    const lines = gunzipSync(Buffer.from(await downloaded.arrayBuffer()))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ format: 'smart-spend-export', version: 2 });
    const transactions = lines.filter((line) => JSON.parse(line).table === 'transactions');
    expect(transactions).toHaveLength(answered.body.counts.transactions);
    expect(answered.body.counts.transactions).toBeGreaterThan(0);

    const forged = answered.body.url.replace(/signature=[^&]+/, 'signature=forged');
    expect((await fetch(forged)).status).toBe(403);
    const otherKey = answered.body.url.replace(owner, stranger);
    expect((await fetch(otherKey)).status).toBe(403);
    const laterExpiry = answered.body.url.replace(
      /expires=(\d+)/,
      (_: string, e: string) => `expires=${Number(e) + 3600}`,
    );
    expect((await fetch(laterExpiry)).status).toBe(403);
  });

  it('refuses an upload URL whose signature was tampered with', async () => {
    const created = await api('/uploads', ownerToken, { method: 'POST', body: JSON.stringify({ filename: 'x.csv' }) });
    const forged = created.body.uploadUrl.replace(/signature=[^&]+/, 'signature=forged');
    const refused = await fetch(forged, { method: 'PUT', body: 'a,b' });
    expect([refused.status, refused.headers.get('content-type')]).toEqual([403, 'application/problem+json']);
    expect(await refused.json()).toMatchObject({ type: 'https://smart-spend.dev/problems/forbidden', status: 403 });
  });
});
