import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { join } from 'node:path';
import { z } from 'zod';
import { loadMigrations } from '../adapters/postgres/load-migrations';
import { ensureLoginRole, LOGIN_GROUPS } from '../adapters/postgres/login-roles';
import { runMigrations } from '../adapters/postgres/migrations-runner';
import { createObservability } from '../adapters/aws/runtime';
import { throwingReduced } from '../app/logging';
import { databaseConfig, dataApiDatabase, readConfig } from './aws-context';

const config = readConfig({
  ...databaseConfig,
  /** The secrets of the app and jobs logins: this function (the owner) sets their roles' passwords from them. */
  APP_LOGIN_SECRET_ARN: z.string().startsWith('arn:'),
  JOBS_LOGIN_SECRET_ARN: z.string().startsWith('arn:'),
});
const { logger, tracer } = createObservability('migrate');
const secrets = tracer.captureAWSv3Client(new SecretsManagerClient({}));

/** A login secret as Secrets Manager holds it (the Data API's shape: username and password). */
const loginSecret = z.object({ username: z.string().min(1), password: z.string().min(16) });

async function readLogin(secretArn: string): Promise<z.infer<typeof loginSecret>> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
  return loginSecret.parse(JSON.parse(SecretString ?? '{}'));
}

/**
 * Runs on every deploy (a CDK trigger), as the tables' owner (the cluster's master secret): the
 * same SQL files and runner as the local stack, bundled next to this file in `migrations/`, then
 * the app and jobs logins created, or their passwords set, from their secrets. Throwing fails the
 * deployment.
 */
export const handler = throwingReduced(async (): Promise<{ applied: string[]; logins: string[] }> => {
  const db = dataApiDatabase(config, tracer);
  const applied = await runMigrations(db, loadMigrations(join(__dirname, 'migrations')));
  logger.info('migrations applied', { applied });
  const logins: string[] = [];
  for (const [secretArn, group] of [
    [config.APP_LOGIN_SECRET_ARN, LOGIN_GROUPS.app],
    [config.JOBS_LOGIN_SECRET_ARN, LOGIN_GROUPS.jobs],
  ] as const) {
    const login = await readLogin(secretArn);
    await ensureLoginRole(db, { ...login, group });
    logins.push(login.username);
  }
  logger.info('login roles set from their secrets', { logins });
  return { applied, logins };
});
