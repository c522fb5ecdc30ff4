/**
 * npm run bench:categorise [-- --histories=DIR]
 *
 * 1. Tiers 1–2 throughput: a generated 20,000-row history of 400 merchants is replayed
 *    through one person's categoriser (deciding, then learning every label), then decided
 *    again with the learned model; the reference in the same run is computing merchant keys
 *    alone over the same rows.
 * 2. A correction applied to 10,000 similar transactions through the real correction path
 *    into a real embedded PostgreSQL; the reference is a plain UPDATE of the same 10,000 rows
 *    by id in the same database.
 * 3. With --histories (default ../shared/data/categorised when it exists), the evaluation's
 *    figures on every labelled CSV there.
 * Progress goes to stderr; each result is one JSON line on stdout.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../lambdas/adapters/local/embedded-database';
import { loadMigrations } from '../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import { defaultAccount } from '../lambdas/adapters/postgres/repositories/accounts';
import { insertTransactions } from '../lambdas/adapters/postgres/repositories/transactions';
import { ensureUser } from '../lambdas/adapters/postgres/repositories/users';
import { withUser } from '../lambdas/adapters/postgres/user-scope';
import { loadMerchantKnowledge } from '../lambdas/app/merchant-knowledge-files';
import { recordCategoryChoice } from '../lambdas/app/tiered-categorisation';
import { merchantKey } from '../lambdas/core/categorise/merchant-key';
import { PersonCategoriser } from '../lambdas/core/categorise/person-categoriser';
import { uuidV7 } from '../lambdas/core/import/uuid-v7';

const log = (line: string) => process.stderr.write(`${line}\n`);
const LABELS = ['Groceries', 'Dining', 'Transport', 'Shopping', 'Bills', 'Fun', 'Health', 'Travel'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'zen', 'tor', 'vel', 'nus', 'pix', 'dor', 'bel', 'qua'];

function generatedHistory(rows: number): { description: string; amount: number; date: string; label: string }[] {
  const merchants = Array.from({ length: 400 }, (_, i) => {
    const name =
      `${SYLLABLES[i % 12]}${SYLLABLES[Math.floor(i / 12) % 12]}${SYLLABLES[Math.floor(i / 144) % 12]}`.toUpperCase();
    return {
      name: `${name} ${i % 3 === 0 ? 'MARKET' : i % 3 === 1 ? 'CAFE' : 'SERVICES'}`,
      label: LABELS[(i * 7) % LABELS.length],
    };
  });
  return Array.from({ length: rows }, (_, i) => {
    const merchant = merchants[(i * 7919) % merchants.length];
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 10) * 86_400_000).toISOString().slice(0, 10);
    return {
      description: `POS ${merchant.name} ${1000 + (i % 97)} SPRINGFIELD`,
      amount: -((i * 131) % 20_000) - 100,
      date: day,
      label: merchant.label,
    };
  });
}

function throughput(): void {
  const history = generatedHistory(20_000);
  const categoriser = new PersonCategoriser(loadMerchantKnowledge());
  let started = performance.now();
  let right = 0;
  for (const [index, row] of history.entries()) {
    const decision = categoriser.decide(row);
    if (decision.category === row.label) {
      right += 1;
      categoriser.confirm({ ...row, merchant: decision.merchant }, row.label);
    } else {
      categoriser.correct({ ...row, merchant: decision.merchant }, row.label, {
        correctionId: `c${index}`,
        ruleId: `r${index}`,
      });
    }
  }
  const replaySeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (const row of history) categoriser.decide(row);
  const decideSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  let keys = 0;
  for (const row of history) keys += merchantKey(row.description).length;
  const keySeconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'categorise-throughput',
      rows: history.length,
      replayPerSecond: Math.round(history.length / replaySeconds),
      decidePerSecond: Math.round(history.length / decideSeconds),
      merchantKeysPerSecond: Math.round(history.length / keySeconds),
      decideToMerchantKeyRatio: Number((keySeconds / decideSeconds).toFixed(3)),
      replayAccuracy: Number((right / history.length).toFixed(3)),
      keysChecksum: keys,
    })}\n`,
  );
}

async function correctionAtScale(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'smart-spend-bench-'));
  log(`bench:categorise: starting embedded PostgreSQL in ${work}`);
  const database = await startEmbeddedDatabase({ dataDir: join(work, 'pg') });
  const { db } = createPostgresDatabase({ url: database.ownerUrl, max: 2 });
  try {
    await runMigrations(db, loadMigrations());
    const userId = randomUUID();
    const similar = 10_000;
    const ids = await withUser(db, userId, async (trx) => {
      await ensureUser(trx, userId);
      const account = await defaultAccount(trx, userId, 'GBP');
      const all: string[] = [];
      for (let batch = 0; batch < 4; batch += 1) {
        const rows = Array.from({ length: 5_000 }, (_, i) => {
          const n = batch * 5_000 + i;
          const description = n % 2 === 0 ? `CORNER DELI ${n % 50}` : `OTHER SHOP ${n % 50}`;
          return {
            id: uuidV7(),
            accountId: account.id,
            uploadId: null,
            date: '2024-01-01',
            amount: -100 - (n % 900),
            currency: 'GBP',
            description,
            balance: null,
            fingerprint: randomUUID(),
          };
        });
        await insertTransactions(trx, userId, rows, { arrays: true });
        all.push(...rows.map((r) => r.id));
      }
      await trx
        .updateTable('transactions')
        .set((eb) => ({ merchant: eb.fn('lower', [eb.fn('split_part', ['description', eb.val(' '), eb.val(1)])]) }))
        .execute();
      await trx
        .updateTable('transactions')
        .set({ merchant: 'corner deli', category: 'Dining', category_source: 'model', confidence: 0.5 })
        .where('description', 'like', 'CORNER DELI%')
        .execute();
      return all;
    });
    log(`bench:categorise: ${ids.length} transactions, ${similar} of one merchant; correcting one of them`);
    const knowledge = loadMerchantKnowledge();
    let started = performance.now();
    const result = await withUser(db, userId, async (trx) => {
      const row = await trx
        .selectFrom('transactions')
        .selectAll()
        .where('merchant', '=', 'corner deli')
        .limit(1)
        .executeTakeFirstOrThrow();
      return recordCategoryChoice(trx, userId, row, 'Groceries', { applyToSimilar: true, knowledge });
    });
    const correctionSeconds = (performance.now() - started) / 1000;
    const others = ids.filter((_, i) => i % 2 === 1);
    started = performance.now();
    await withUser(db, userId, (trx) =>
      trx.updateTable('transactions').set({ notes: 'reference' }).where('id', 'in', others).execute(),
    );
    const referenceSeconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'categorise-correction',
        similar,
        updatedCount: result.updatedCount,
        correctionSeconds: Number(correctionSeconds.toFixed(3)),
        referenceUpdateSeconds: Number(referenceSeconds.toFixed(3)),
        ratioToPlainUpdate: Number((correctionSeconds / referenceSeconds).toFixed(2)),
      })}\n`,
    );
  } finally {
    await db.destroy();
    await database.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function evaluations(dir: string | null): void {
  if (!dir || !existsSync(dir)) {
    log('bench:categorise: no labelled histories given (--histories=DIR): evaluation skipped');
    return;
  }
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.csv'))
    .sort()) {
    log(`bench:categorise: evaluating ${file}`);
    const line = execFileSync(
      process.execPath,
      [...process.execArgv, join(__dirname, '../scripts/eval-categorise.ts'), join(dir, file)],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .toString()
      .trim();
    process.stdout.write(`${line}\n`);
  }
}

async function main(): Promise<void> {
  const historiesArg = process.argv.find((a) => a.startsWith('--histories='))?.slice('--histories='.length);
  throughput();
  await correctionAtScale();
  evaluations(historiesArg ?? join(__dirname, '../../shared/data/categorised'));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:categorise failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
