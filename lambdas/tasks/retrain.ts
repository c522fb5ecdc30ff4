/**
 * The scheduled job (Fargate on AWS, `npm run job:retrain` locally): for every person,
 * re-decides the transactions nobody has touched (no manual category, no rule) with the
 * current shipped knowledge and writes the ones whose answer changed. Progress goes to
 * stderr; the summary is one JSON line on stdout.
 */
import { createDataApiDatabase } from '../adapters/aws/data-api-database';
import { readConfig } from '../adapters/aws/config';
import { createPostgresDatabase } from '../adapters/postgres/postgres-database';
import { updateCategories } from '../adapters/postgres/repositories/transactions';
import type { Database, Db } from '../adapters/postgres/schema';
import { listUserIds, withUser } from '../adapters/postgres/user-scope';
import { keywordCategorisation, type KeywordTable } from '../app/keyword-categorisation';
import { databaseConfig } from '../handlers/aws-context';
import shippedTable from '../../layers/merchant-knowledge/nodejs/keyword-table.json';

export async function recategoriseUntouched(db: Db, table: KeywordTable, progress: (line: string) => void): Promise<{ users: number; examined: number; changed: number }> {
  const categorisation = keywordCategorisation(table);
  const users = await listUserIds(db);
  let examined = 0;
  let changed = 0;
  for (const [index, userId] of users.entries()) {
    const result = await withUser(db, userId, async (trx) => {
      const rows = await trx.selectFrom('transactions').selectAll()
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('category', 'is', null), eb('category_source', 'in', ['model', 'llm'])]))
        .execute();
      const decisions = await categorisation.categorise(trx, userId, rows);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const better = decisions.filter((d) => {
        const row = byId.get(d.id);
        return row && (row.category === null || (row.category !== d.category && (row.confidence ?? 0) <= d.confidence));
      });
      await updateCategories(trx, better);
      return { examined: rows.length, changed: better.length };
    });
    examined += result.examined;
    changed += result.changed;
    progress(`retrain: ${index + 1}/${users.length} people, ${examined} transactions examined, ${changed} changed`);
  }
  return { users: users.length, examined, changed };
}

async function main(): Promise<void> {
  const started = performance.now();
  let db: Db;
  if (process.env.DATABASE_URL) {
    db = createPostgresDatabase({ url: process.env.DATABASE_URL, max: 2 }).db;
  } else {
    const config = readConfig(databaseConfig);
    db = createDataApiDatabase<Database>({ resourceArn: config.DATABASE_CLUSTER_ARN, secretArn: config.DATABASE_SECRET_ARN, database: config.DATABASE_NAME });
  }
  try {
    const summary = await recategoriseUntouched(db, shippedTable as KeywordTable, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${JSON.stringify({ job: 'retrain', knowledgeVersion: shippedTable.version, ...summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) })}\n`);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`retrain failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
