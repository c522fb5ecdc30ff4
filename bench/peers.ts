/**
 * npm run bench:peers [-- --rows=100000 --actual-rows=10000 --actual-api=DIR]
 *
 * The peers on bench:e2e's generated statement, on this machine, each as a whole process:
 * hledger 1.25 (Debian: `apt-get install hledger`) reading the CSV through a rules file into a
 * journal, bare and with 20 `if` rules that set a category account; and Actual's importer
 * (`npm install @actual-app/api` anywhere, then `--actual-api=that/node_modules/@actual-app/api`)
 * importing the rows into a new local budget (its own CSV reading is in the web app, so the rows
 * are handed to it parsed). A peer that is not installed is skipped and says so. Compare with
 * `npm run bench:e2e` run just before or after: the machine is shared. One JSON line on stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeStatement } from './statement-file';

const log = (line: string) => process.stderr.write(`${line}\n`);
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

const CATEGORY_WORDS = [
  'TESCO',
  'AMAZON',
  'SHELL',
  'NETFLIX',
  'UBER',
  'CAFE',
  'SALARY',
  'SAVINGS',
  'PRET',
  'TFL',
  'SAINSBURY',
  'ASDA',
  'BOOTS',
  'SPOTIFY',
  'APPLE',
  'GOOGLE',
  'COSTA',
  'GREGGS',
  'LIDL',
  'ALDI',
];

/** hledger's CSV rules for the generated statement; `withRules` adds 20 `if` blocks, one per merchant word. */
function hledgerRules(withRules: boolean): string {
  const base = [
    'skip 1',
    'fields date, description, amount, balance',
    'date-format %d/%m/%Y',
    'currency £',
    'account1 assets:bank',
    'account2 expenses:unknown',
  ];
  if (!withRules) return `${base.join('\n')}\n`;
  const rules = CATEGORY_WORDS.map((word, i) => `if ${word}\n  account2 expenses:category${i}`);
  return `${[...base, ...rules].join('\n')}\n`;
}

/** Seconds hledger takes to read the CSV into a journal and print it (to /dev/null), or null when absent. */
function hledgerSeconds(csv: string, rules: string): number | null {
  const started = performance.now();
  const run = spawnSync('hledger', ['-f', csv, '--rules-file', rules, 'print'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.error) return null;
  if (run.status !== 0) throw new Error(`hledger failed: ${String(run.stderr).slice(0, 500)}`);
  return (performance.now() - started) / 1000;
}

interface ActualApi {
  init(config: { dataDir: string }): Promise<unknown>;
  runImport(name: string, work: () => Promise<void>): Promise<void>;
  createAccount(account: { name: string; offbudget?: boolean }): Promise<string>;
  importTransactions(
    accountId: string,
    transactions: { date: string; amount: number; payee_name: string; imported_payee: string }[],
  ): Promise<unknown>;
  shutdown(): Promise<void>;
}

/** Seconds Actual's importer takes for the first `rows` rows of the CSV into a new local budget. */
async function actualSeconds(apiPath: string, csv: string, rows: number, dataDir: string): Promise<number> {
  const api = createRequire(__filename)(apiPath) as ActualApi;
  const lines = readFileSync(csv, 'utf8')
    .split('\n')
    .slice(1, rows + 1);
  const transactions = lines.map((line) => {
    const [day, rest] = [line.slice(0, 10), line.slice(11)];
    const [dd, mm, yyyy] = day.split('/');
    const description = rest.slice(1, rest.indexOf('"', 1));
    const amount = Math.round(Number(rest.slice(rest.indexOf('"', 1) + 2).split(',')[0]) * 100);
    return { date: `${yyyy}-${mm}-${dd}`, amount, payee_name: description, imported_payee: description };
  });
  // Actual makes the budget's folder inside dataDir, not dataDir itself.
  mkdirSync(dataDir, { recursive: true });
  await api.init({ dataDir });
  const started = performance.now();
  await api.runImport('bench-peers', async () => {
    const account = await api.createAccount({ name: 'Bank', offbudget: false });
    await api.importTransactions(account, transactions);
  });
  const seconds = (performance.now() - started) / 1000;
  await api.shutdown();
  return seconds;
}

async function main(): Promise<void> {
  const rows = Number(arg('rows') ?? 100_000);
  const actualRows = Number(arg('actual-rows') ?? 10_000);
  const actualApi = arg('actual-api');
  const work = mkdtempSync(join(tmpdir(), 'smart-spend-bench-peers-'));
  try {
    const csv = join(work, 'statement.csv');
    await writeStatement(csv, rows);
    const result: Record<string, unknown> = { bench: 'peers', rows };
    for (const withRules of [false, true]) {
      const rules = join(work, withRules ? 'with-rules.rules' : 'bare.rules');
      writeFileSync(rules, hledgerRules(withRules));
      log(`bench:peers: hledger ${withRules ? 'with 20 rules' : 'bare'}`);
      const seconds = hledgerSeconds(csv, rules);
      if (seconds === null) {
        log('bench:peers: hledger is not installed (Debian: apt-get install hledger)');
        break;
      }
      result[withRules ? 'hledgerWith20RulesRowsPerSecond' : 'hledgerRowsPerSecond'] = Math.round(rows / seconds);
    }
    if (actualApi) {
      log(`bench:peers: Actual's importer, ${actualRows.toLocaleString('en')} rows`);
      const seconds = await actualSeconds(actualApi, csv, actualRows, join(work, 'actual'));
      result.actualRows = actualRows;
      result.actualRowsPerSecond = Math.round(actualRows / seconds);
    } else {
      log('bench:peers: Actual skipped (npm install @actual-app/api elsewhere, then --actual-api=its folder)');
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:peers failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
