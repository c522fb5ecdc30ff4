import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import type { Database } from './database';
import { repoPath } from './paths';
import { SmartSpendFunction } from './smart-spend-function';

/** The SQL files the local stack and every deploy apply, relative to the repository root. */
export const MIGRATIONS_DIR = 'lambdas/adapters/postgres/migrations';

/** A short hash over the names and contents of the migration files. */
export function migrationsHash(dir: string = repoPath(MIGRATIONS_DIR)): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()) {
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export interface MigrationsProps {
  readonly database: Database;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * Applies the SQL migrations on every deploy that changes them: the migrate Lambda (with the
 * `.sql` files copied next to its bundle) run by a CDK trigger once the cluster is up. The
 * migrations' hash is in the function's environment, so a new migration is a handler change
 * and re-runs the trigger even where the bundle hash alone would not move.
 */
export class Migrations extends Construct {
  readonly function: SmartSpendFunction;
  readonly trigger: Trigger;

  constructor(scope: Construct, id: string, props: MigrationsProps) {
    super(scope, id);
    this.function = new SmartSpendFunction(this, 'Migrate', {
      entry: 'lambdas/handlers/migrate.ts',
      serviceName: 'migrate',
      description: 'Applies the SQL migrations through the Data API (run by a CDK trigger on deploy)',
      timeout: Duration.minutes(10),
      memorySize: 256,
      logRetention: props.logRetention,
      environment: { MIGRATIONS_HASH: migrationsHash() },
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) => [
          `cp -R "${join(inputDir, MIGRATIONS_DIR)}" "${join(outputDir, 'migrations')}"`,
        ],
      },
    });
    props.database.grantDataApiAccess(this.function);

    this.trigger = new Trigger(this, 'OnDeploy', {
      handler: this.function,
      executeAfter: [props.database.cluster],
      executeOnHandlerChange: true,
      timeout: Duration.minutes(10),
    });
  }
}
