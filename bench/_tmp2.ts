import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../lambdas/adapters/local/embedded-database';
import { loadMigrations } from '../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import { PostgresImportStore } from '../lambdas/adapters/postgres/postgres-import-store';
async function main() {
  const database = await startEmbeddedDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'ir-')) });
  const { db, sql } = createPostgresDatabase({ url: database.url });
  await runMigrations(db, loadMigrations());
  const store = new PostgresImportStore(db);
  const userId = randomUUID();
  const acct = await store.chooseAccount(userId, {});
  const N = 100000, B = 5000;
  const cols = (i0: number) => { const n = B; const a: any = { acc: [], date: [], amt: [], cur: [], desc: [], bal: [], fp: [] };
    for (let i = i0; i < i0 + n; i++) { a.acc.push(acct.accountId); a.date.push('2024-01-01'); a.amt.push(-i); a.cur.push('EUR'); a.desc.push(`SHOP NUMBER ${i % 1000} LONDON`); a.bal.push(i); a.fp.push(`fp${i}x${Math.random()}`); } return a; };
  const mode = process.argv[2];
  if (mode === 'v7') await sql`alter table transactions alter column id set default uuidv7()`;
  if (mode === 'fewidx') { await sql`drop index transactions_by_merchant`; await sql`drop index transactions_by_upload`; }
  if (mode === 'norls') { await sql`alter table transactions no force row level security`; }
  for (const variant of ['raw-unnest']) {
    const t = performance.now(); let js = 0;
    for (let i = 0; i < N; i += B) {
      const a = cols(i);
      const q0 = performance.now();
      await sql.begin(async (tx: any) => {
        await tx`select set_config('app.user_id', ${userId}, true)`;
        if (variant === 'raw-unnest') await tx`insert into transactions (user_id, account_id, date, amount, currency, description, balance, fingerprint) select ${userId}::uuid, * from unnest(${a.acc}::uuid[], ${a.date}::date[], ${a.amt}::bigint[], ${a.cur}::char(3)[], ${a.desc}::text[], ${a.bal}::bigint[], ${a.fp}::text[]) on conflict (user_id, fingerprint) do nothing returning id`;
        else await tx`insert into transactions (user_id, account_id, date, amount, currency, description, balance, fingerprint) select ${userId}::uuid, * from unnest(${a.acc}::uuid[], ${a.date}::date[], ${a.amt}::bigint[], ${a.cur}::char(3)[], ${a.desc}::text[], ${a.bal}::bigint[], ${a.fp}::text[]) returning id`;
      });
      js += performance.now() - q0;
    }
    console.log(variant, 'rows/s', Math.round(N / ((performance.now() - t) / 1000)));
  }
  await db.destroy(); await database.stop();
}
main();
