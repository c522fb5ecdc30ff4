/**
 * The scheduled job (Fargate on AWS, `npm run job:retrain` locally): for every person,
 * renews the merchant keys stored under an earlier release, rebuilds their model from
 * scratch from every label they gave (corrections and confirmations, minus the ones whose
 * learned rule they deleted), then re-decides the transactions nobody has touched (no manual
 * category, no rule) through the categoriser's own decide-and-write service and writes the
 * ones where the rebuilt model has a better answer.
 * Progress goes to stderr; the summary is one JSON line on stdout.
 */
import { createDataApiDatabase } from '../adapters/aws/data-api-database';
import { readConfig } from '../adapters/aws/config';
import { createPostgresDatabase } from '../adapters/postgres/postgres-database';
import { pageOfMachineDecided } from '../adapters/postgres/repositories/transactions';
import type { Database, Db } from '../adapters/postgres/schema';
import { listUserIds, withUser } from '../adapters/postgres/user-scope';
import { detectInsightsForEveryone } from '../app/detect-insights';
import { loadMerchantKnowledge } from '../app/merchant-knowledge-files';
import { rekeyMerchants } from '../app/rekey-merchants';
import { rebuildModel, tieredCategorisation } from '../app/tiered-categorisation';
import type { MerchantKnowledge } from '../core/categorise/merchant-knowledge';
import { databaseConfig } from '../handlers/aws-context';

export async function retrainEveryone(
  db: Db,
  knowledge: MerchantKnowledge,
  progress: (line: string) => void,
): Promise<{ users: number; rekeyed: number; examples: number; examined: number; changed: number }> {
  const users = await listUserIds(db);
  // The categoriser Lambda's own service: rules, the rebuilt model, cached tier-3 answers and
  // renamed categories decide here exactly as they do for a new import. The task calls no
  // language model; an answer Bedrock gave before is reused from the person's cache.
  const categorisation = tieredCategorisation({ knowledge, languageModel: null });
  let rekeyed = 0;
  let examples = 0;
  let examined = 0;
  let changed = 0;
  for (const [index, userId] of users.entries()) {
    const result = await withUser(db, userId, async (trx) => {
      // Keys first: the model is rebuilt, and transactions re-decided, under this release's keys.
      const keys = await rekeyMerchants(trx, userId);
      const learned = await rebuildModel(trx, userId, knowledge);
      const person = await categorisation.forPerson(trx, userId);
      let seen = 0;
      let written = 0;
      // Keyset pages: a person's whole history never comes back from one query.
      for (let after: string | null = null; ;) {
        const rows = await pageOfMachineDecided(trx, after);
        if (rows.length === 0) break;
        seen += rows.length;
        written += (await person.decideAndWrite(rows, 'better')).written;
        after = rows[rows.length - 1].id;
      }
      return {
        rekeyed: keys.transactions + keys.corrections + keys.rules + keys.dontLearn,
        examples: learned,
        examined: seen,
        changed: written,
      };
    });
    rekeyed += result.rekeyed;
    examples += result.examples;
    examined += result.examined;
    changed += result.changed;
    progress(
      `retrain: ${index + 1}/${users.length} people, ${rekeyed} merchant keys renewed, ${examples} labels learned, ${examined} transactions examined, ${changed} changed`,
    );
  }
  return { users: users.length, rekeyed, examples, examined, changed };
}

async function main(): Promise<void> {
  const started = performance.now();
  let db: Db;
  if (process.env.DATABASE_URL) {
    db = createPostgresDatabase({ url: process.env.DATABASE_URL, max: 2 }).db;
  } else {
    const config = readConfig(databaseConfig);
    db = createDataApiDatabase<Database>({
      resourceArn: config.DATABASE_CLUSTER_ARN,
      secretArn: config.DATABASE_SECRET_ARN,
      database: config.DATABASE_NAME,
    });
  }
  try {
    // The container carries the knowledge beside the bundle; locally the repository's layer folder is read.
    const knowledge = loadMerchantKnowledge(process.env.MERCHANT_KNOWLEDGE_DIR || undefined);
    const summary = await retrainEveryone(db, knowledge, (line) => process.stderr.write(`${line}\n`));
    const insights = await detectInsightsForEveryone(db, new Date().toISOString().slice(0, 10), (line) =>
      process.stderr.write(`${line}\n`),
    );
    process.stdout.write(
      `${JSON.stringify({ job: 'retrain', knowledgeVersion: knowledge.version, ...summary, insights, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) })}\n`,
    );
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
