import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStackProcess, type RunningStack } from '../support/local-stack-process';

/** The README's "walk through with curl" block, exactly as a person copies it. */
function walkthroughCommands(): string {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A walk through with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('the README has no walk-through block');
  return block[1];
}

describe('the README walk-through, run as written against npm start', () => {
  let stack: RunningStack;

  beforeAll(async () => {
    stack = await startLocalStackProcess({ env: { DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' } });
  });
  afterAll(async () => stack.stop());

  it('imports both statements with the amounts and dates the README says, and every command succeeds', async () => {
    const commands = walkthroughCommands();
    expect(commands).not.toMatch(/<[a-zA-Z]+>|\bUSER=/);
    const port = new URL(stack.url).port;
    const run = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', `${commands}\necho "PERSON=$PERSON"`], {
      cwd: mkdtempSync(join(tmpdir(), 'smart-spend-readme-')),
      env: { ...process.env, PORT: port, SMART_SPEND_HOME: stack.home },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const person = /PERSON=([0-9a-f-]{36})/.exec(run.stdout)?.[1];
    expect(person).toBeDefined();
    expect(run.stdout).toContain('"amount":-4210,"currency":"GBP"');

    const { token } = (await (
      await fetch(`${stack.url}/local/token`, { method: 'POST', body: JSON.stringify({ userId: person }) })
    ).json()) as { token: string };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const get = async (path: string): Promise<any> =>
      (await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const rows = (await get('/transactions')).items.map((t: { date: string; amount: number; currency: string }) => [
      t.date,
      t.amount,
      t.currency,
    ]);
    expect(rows.sort()).toEqual(
      [
        ['2024-03-01', -4210, 'GBP'],
        ['2024-03-02', 250000, 'GBP'],
        ['2024-04-03', -645, 'GBP'],
      ].sort(),
    );
    const uploads = (await get('/uploads')).items;
    expect(uploads).toHaveLength(2);
    for (const upload of uploads) {
      expect(upload).toMatchObject({
        status: 'complete',
        format: { currency: 'GBP', currencySource: 'person', dateOrder: 'DMY', dateOrderSource: 'person' },
      });
      expect(upload.warnings).toEqual([]);
    }
  });
});
