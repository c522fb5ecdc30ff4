/**
 * npm run bench:api [-- --rows=100000 --requests=200]
 *
 * One person with 100,000 transactions over 5 years (three accounts, transfers between them,
 * split purchases, refunds, salary and rent) in an embedded PostgreSQL, written through the
 * same triggers as every import; the API served by the local stack's HTTP server (the same
 * router and handlers as the Lambda). Per route: p50 and p99 over sequential requests at
 * concurrency 1, requests/s at concurrency 10, and the CPU time one request costs this process
 * and PostgreSQL (from /proc; what requests/s on a quiet machine follows). Also the ratio of GET /summary for a year
 * to a full-scan `SELECT … GROUP BY` of the same figures from the transactions, in the same
 * run, and of the stamp that says whether a stored forecast is stale to the scan of every
 * transaction it replaced. Progress to stderr, one JSON line on stdout.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql as kysql } from 'kysely';
import { startEmbeddedDatabase } from '../lambdas/adapters/local/embedded-database';
import { loadMigrations } from '../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import { ledgerChangedAt } from '../lambdas/adapters/postgres/repositories/forecasts';
import { withUser } from '../lambdas/adapters/postgres/user-scope';
import { DEFAULT_PERSON_LIMITS } from '../lambdas/core/person-limits';
import { createRouter } from '../lambdas/app/api/router';
import { apiRoutes } from '../lambdas/app/api/routes';
import { shiftMonth } from '../lambdas/core/summary/months';
import { startHttpServer } from '../lambdas/local/http-server';
import { mulberry32 } from '../lambdas/core/seeded-random';

const argument = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const log = (line: string) => process.stderr.write(`${line}\n`);

const SPENDING = [
  ['Groceries', 2_000, 12_000],
  ['Dining', 1_000, 8_000],
  ['Transport', 200, 3_000],
  ['Fuel', 3_000, 9_000],
  ['Shopping', 1_000, 30_000],
  ['Entertainment', 500, 6_000],
  ['Health', 1_000, 10_000],
  ['Subscriptions', 500, 2_000],
  ['Utilities & Bills', 3_000, 15_000],
  ['Other', 100, 5_000],
] as const;

async function main(): Promise<void> {
  const rows = argument('rows', 100_000);
  const requests = argument('requests', 200);
  const work = mkdtempSync(join(tmpdir(), 'smart-spend-bench-api-'));
  log(`bench:api: starting embedded PostgreSQL in ${work}`);
  const database = await startEmbeddedDatabase({ dataDir: join(work, 'pg') });
  const { db, sql } = createPostgresDatabase({ url: database.url, max: 10 });
  let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
  try {
    // Migrations run as the tables' owner; the API connects as the app role, as on the local stack.
    const owner = createPostgresDatabase({ url: database.ownerUrl, max: 1 });
    await runMigrations(owner.db, loadMigrations()).finally(() => owner.db.destroy());
    const userId = randomUUID();
    const thisMonth = new Date().toISOString().slice(0, 7);
    const firstMonth = shiftMonth(thisMonth, -59);
    const random = mulberry32(42);
    log(`bench:api: writing ${rows.toLocaleString('en')} transactions over 60 months for one person`);
    const writeStarted = performance.now();
    await withUser(db, userId, async (trx) => {
      await trx.insertInto('users').values({ id: userId, email: null }).execute();
      const account = (name: string, kind: 'current' | 'savings' | 'credit_card') =>
        trx
          .insertInto('accounts')
          .values({
            user_id: userId,
            name,
            kind,
            currency: 'EUR',
            institution: null,
            last4: null,
            opening_date: `${firstMonth}-01`,
            stated_balance: null,
            stated_balance_date: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      const current = (await account('Current', 'current')).id;
      const saving = (await account('Savings', 'savings')).id;
      const card = (await account('Card', 'credit_card')).id;
      let batch: Record<string, unknown>[] = [];
      let serial = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await trx
          .insertInto('transactions')
          .values(batch as never)
          .execute();
        batch = [];
      };
      const add = async (row: {
        account: string;
        date: string;
        amount: number;
        category: string | null;
        description: string;
        transfer?: string;
        splits?: unknown;
      }) => {
        serial += 1;
        batch.push({
          user_id: userId,
          account_id: row.account,
          date: row.date,
          amount: row.amount,
          currency: 'EUR',
          description: row.description,
          merchant: row.description.toLowerCase(),
          category: row.category,
          category_source: 'model',
          fingerprint: `bench-${serial}`,
          transfer_id: row.transfer ?? null,
          splits: row.splits ? kysql`${JSON.stringify(row.splits)}::jsonb` : null,
        });
        if (batch.length >= 5_000) await flush();
      };
      const perMonth = Math.floor(rows / 60);
      for (let m = 0; m < 60; m += 1) {
        const month = shiftMonth(firstMonth, m);
        const day = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
        await add({
          account: current,
          date: day(25),
          amount: 420_000,
          category: 'Salary',
          description: 'ACME LTD SALARY',
        });
        await add({ account: current, date: day(1), amount: -140_000, category: 'Housing', description: 'RENT' });
        const transfer = randomUUID();
        await add({
          account: current,
          date: day(26),
          amount: -50_000,
          category: 'Transfers',
          description: 'TO SAVINGS',
          transfer,
        });
        await add({
          account: saving,
          date: day(26),
          amount: 50_000,
          category: 'Transfers',
          description: 'FROM CURRENT',
          transfer,
        });
        for (let i = 4; i < perMonth; i += 1) {
          const [category, low, high] = SPENDING[Math.floor(random() * SPENDING.length)];
          const amount = -Math.round(low + random() * (high - low));
          const date = day(1 + Math.floor(random() * 28));
          const onCard = random() < 0.3;
          const kind = random();
          if (kind < 0.01) {
            const part = Math.round(amount / 3);
            await add({
              account: current,
              date,
              amount,
              category: null,
              description: 'SUPERSTORE',
              splits: [
                { category: 'Groceries', amount: part },
                { category: 'Shopping', amount: amount - part },
              ],
            });
          } else if (kind < 0.02) {
            await add({
              account: onCard ? card : current,
              date,
              amount: -amount,
              category,
              description: `${category.toUpperCase()} REFUND`,
            });
          } else {
            await add({
              account: onCard ? card : current,
              date,
              amount,
              category,
              description: `${category.toUpperCase()} ${i % 97}`,
            });
          }
        }
      }
      await flush();
      for (const [category, limit] of [
        ['Groceries', 60_000],
        ['Dining', 40_000],
        ['Housing', 150_000],
        ['Shopping', 80_000],
        ['group:wants', 250_000],
      ] as const) {
        await trx
          .insertInto('budgets')
          .values({
            user_id: userId,
            category,
            monthly_limit: limit,
            currency: 'EUR',
            rollover: false,
            last_state: null,
          })
          .execute();
      }
      await trx
        .insertInto('goals')
        .values({
          user_id: userId,
          name: 'Emergency',
          target_amount: 2_000_000,
          currency: 'EUR',
          current_saved: 0,
          account_id: saving,
          target_date: null,
        })
        .execute();
    });
    const count = await withUser(db, userId, async (trx) =>
      Number((await kysql<{ n: number }>`select count(*)::int as n from transactions`.execute(trx)).rows[0].n),
    );
    log(
      `bench:api: ${count.toLocaleString('en')} transactions written in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s; analysing`,
    );
    await sql`vacuum analyze`;

    const router = createRouter(apiRoutes, {
      // A load test of one person: the per-person request limit would answer 429 to most of it.
      personLimits: { ...DEFAULT_PERSON_LIMITS, requestsPerMinute: 1_000_000 },
      db,
      blobs: { deletePrefix: async () => 0 } as never,
      categoriseQueue: { send: async () => undefined },
      forecastQueue: { send: async () => undefined },
      languageModel: null,
      logger: new Logger({ serviceName: 'bench', logLevel: 'ERROR' }),
      limits: { maxUploadBytes: 1, maxUploadRows: 1, uploadUrlExpirySeconds: 60 },
    } as never);
    server = await startHttpServer({
      port: 0,
      verifyToken: async (token) => ({ sub: token }),
      api: router,
      localRoutes: [],
      maxBodyBytes: 1024 * 1024,
    });
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${userId}` } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 300)}`);
      return body;
    };
    const year = shiftMonth(thisMonth, -12).slice(0, 4);
    const lastMonth = shiftMonth(thisMonth, -1);
    const routes: Record<string, string> = {
      'GET /summary (a month)': `/summary?from=${lastMonth}&to=${lastMonth}`,
      'GET /summary (a year)': `/summary?from=${year}-01&to=${year}-12`,
      'GET /trends': '/trends?months=12',
      'GET /budgets/status': '/budgets/status',
      'GET /insights/health': '/insights/health',
      'GET /accounts': '/accounts',
      'GET /networth': '/networth',
      // asks whether the stored forecast is stale (the ledger's stamp) before serving it
      'GET /forecast': '/forecast?months=12',
    };
    // CPU time per request, of this process (server and client) and of PostgreSQL: on a shared
    // machine requests/s follows the load, while the CPU a request costs barely does.
    const ticksPerSecond = 100;
    const descendants = () => {
      const parents = new Map<number, number>();
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
        } catch {
          // gone meanwhile
        }
      }
      const found = new Set<number>([process.pid]);
      for (let grew = true; grew;) {
        grew = false;
        for (const [pid, parent] of parents)
          if (found.has(parent) && !found.has(pid)) {
            found.add(pid);
            grew = true;
          }
      }
      found.delete(process.pid);
      return [...found];
    };
    const databaseCpuMs = (pids: number[]) =>
      pids.reduce((sum, pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
        } catch {
          return sum;
        }
      }, 0);
    const hasProc = existsSync('/proc/self/stat');
    const results: Record<
      string,
      {
        p50Ms: number;
        p99Ms: number;
        requestsPerSecondAt10: number;
        cpuMsPerRequest: { node: number; postgres: number | null };
      }
    > = {};
    const percentile = (values: number[], q: number) =>
      [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
    for (const [name, path] of Object.entries(routes)) {
      for (let i = 0; i < 5; i += 1) await get(path); // warm-up (the budget profile is worked out once a month)
      const times: number[] = [];
      for (let i = 0; i < requests; i += 1) {
        const started = performance.now();
        await get(path);
        times.push(performance.now() - started);
      }
      const total = requests * 2;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < total) {
            next += 1;
            await get(path);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const pids = hasProc ? descendants() : [];
      const databaseBefore = databaseCpuMs(pids);
      const nodeBefore = process.cpuUsage();
      for (let i = 0; i < requests; i += 1) await get(path);
      const nodeUsed = process.cpuUsage(nodeBefore);
      results[name] = {
        p50Ms: Number(percentile(times, 0.5).toFixed(2)),
        p99Ms: Number(percentile(times, 0.99).toFixed(2)),
        requestsPerSecondAt10: Math.round(total / seconds),
        cpuMsPerRequest: {
          node: Number(((nodeUsed.user + nodeUsed.system) / 1000 / requests).toFixed(2)),
          postgres: hasProc ? Number(((databaseCpuMs(pids) - databaseBefore) / requests).toFixed(2)) : null,
        },
      };
      log(
        `  ${name}: p50 ${results[name].p50Ms} ms, p99 ${results[name].p99Ms} ms, ${results[name].requestsPerSecondAt10} req/s at 10; CPU per request ${results[name].cpuMsPerRequest.node} ms node, ${results[name].cpuMsPerRequest.postgres} ms postgres`,
      );
    }

    // The same figures (the year and the 12 months before it, which its comparisons read) by
    // a GROUP BY over the transactions, as the routes added up rows before.
    log('bench:api: full-scan GROUP BY of the same figures');
    const scanTimes: number[] = [];
    const summaryTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      let started = performance.now();
      await withUser(db, userId, (trx) =>
        kysql`
        select to_char(t.date, 'YYYY-MM') as month, p.category, t.currency, sum(greatest(-p.amount, 0)) as spent, sum(greatest(p.amount, 0)) as received, count(*)
          from transactions t cross join lateral transaction_parts(t.category, t.amount, t.splits, t.deleted_at) p
         where t.user_id = ${userId}::uuid and t.transfer_id is null and t.deleted_at is null
           and t.date between ${`${Number(year) - 1}-01-01`}::date and ${`${year}-12-31`}::date
         group by 1, 2, 3`.execute(trx),
      );
      scanTimes.push(performance.now() - started);
      started = performance.now();
      await get(routes['GET /summary (a year)']);
      summaryTimes.push(performance.now() - started);
    }
    const median = (values: number[]) => percentile(values, 0.5);

    // Whether a stored forecast is stale: the ledger's stamp the triggers keep (one row) against
    // the scan of every transaction that answered before (migration 1002), in the same run.
    log('bench:api: ledgerChangedAt against the scan it replaced');
    const stampTimes: number[] = [];
    const ledgerScanTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      let started = performance.now();
      const stamp = await withUser(db, userId, (trx) => ledgerChangedAt(trx, userId));
      stampTimes.push(performance.now() - started);
      started = performance.now();
      const scanned = await withUser(db, userId, (trx) =>
        kysql<{ changed: Date }>`select max(greatest(created_at, updated_at)) as changed from transactions`.execute(
          trx,
        ),
      );
      ledgerScanTimes.push(performance.now() - started);
      if (stamp === null || Date.parse(stamp) < scanned.rows[0].changed.getTime())
        throw new Error(
          `the stamp ${stamp} is behind the ledger's last change ${scanned.rows[0].changed.toISOString()}`,
        );
    }
    process.stdout.write(
      `${JSON.stringify({
        bench: 'api',
        transactions: count,
        months: 60,
        requestsPerRoute: requests,
        routes: results,
        fullScanGroupByMs: Number(median(scanTimes).toFixed(2)),
        summaryYearMs: Number(median(summaryTimes).toFixed(2)),
        summaryToFullScanRatio: Number((median(summaryTimes) / median(scanTimes)).toFixed(3)),
        ledgerChangedAtMs: Number(median(stampTimes).toFixed(3)),
        ledgerScanMs: Number(median(ledgerScanTimes).toFixed(2)),
        ledgerChangedAtToScanRatio: Number((median(stampTimes) / median(ledgerScanTimes)).toFixed(4)),
      })}\n`,
    );
  } finally {
    server?.close();
    await db.destroy();
    await database.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:api failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
