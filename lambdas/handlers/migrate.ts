import { join } from 'node:path';
import { loadMigrations } from '../adapters/postgres/load-migrations';
import { runMigrations } from '../adapters/postgres/migrations-runner';
import { createObservability } from '../adapters/aws/runtime';
import { throwingReduced } from '../app/logging';
import { databaseConfig, dataApiDatabase, readConfig } from './aws-context';

const config = readConfig(databaseConfig);
const { logger, tracer } = createObservability('migrate');

/**
 * Runs on every deploy (a CDK trigger): the same SQL files and runner as the local stack,
 * bundled next to this file in `migrations/`. Throwing fails the deployment.
 */
export const handler = throwingReduced(async (): Promise<{ applied: string[] }> => {
  const applied = await runMigrations(dataApiDatabase(config, tracer), loadMigrations(join(__dirname, 'migrations')));
  logger.info('migrations applied', { applied });
  return { applied };
});
