import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import postgres from 'postgres';
import { ensureLoginRole, LOGIN_GROUPS } from '../../../lambdas/adapters/postgres/login-roles';
import { createPostgresDatabase } from '../../../lambdas/adapters/postgres/postgres-database';
import { defaultAccount } from '../../../lambdas/adapters/postgres/repositories/accounts';
import { listUserIds, withUser } from '../../../lambdas/adapters/postgres/user-scope';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * What the migrate function does on Aurora: as the master user (CREATEROLE, not a superuser, the
 * creator of the two groups), make the app and jobs logins from their secrets' passwords. Here a
 * role with just those rights stands in for Aurora's master.
 */
describe('login roles made from secrets by the migrate function', () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  const suffix = randomUUID().replace(/-/g, '').slice(0, 8);
  const master = `test_master_${suffix}`;
  const app = `test_app_${suffix}`;
  const jobs = `test_jobs_${suffix}`;
  const urlAs = (role: string, password: string) => {
    const url = new URL(database.url);
    url.username = role;
    url.password = password;
    return url.toString();
  };
  const alice = randomUUID();
  const bob = randomUUID();
  const opened: ReturnType<typeof createPostgresDatabase>['sql'][] = [];
  const connect = (role: string, password: string) => {
    const connection = createPostgresDatabase({ url: urlAs(role, password), max: 1 });
    opened.push(connection.sql);
    return connection.db;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = postgres(process.env.DATABASE_ADMIN_URL!, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create role ${master} login createrole password 'master-password-123'`);
    await admin.unsafe(`grant ${LOGIN_GROUPS.app}, ${LOGIN_GROUPS.jobs} to ${master} with admin option`);
    for (const person of [alice, bob]) await withUser(database.db, person, (trx) => defaultAccount(trx, person, 'EUR'));
  });
  afterAll(async () => {
    // at once: a connection whose sign-in was refused has nothing to wait for
    for (const connection of opened) await connection.end({ timeout: 0 });
    await database.close();
    for (const role of [app, jobs, master]) await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  }, 120_000);

  it('makes logins that sign in with the secret, own nothing, and see only what their group may', async () => {
    const asMaster = connect(master, 'master-password-123');
    await ensureLoginRole(asMaster, { username: app, password: 'first-app-password-0123', group: LOGIN_GROUPS.app });
    await ensureLoginRole(asMaster, { username: jobs, password: 'first-jobs-password-012', group: LOGIN_GROUPS.jobs });

    const appDb = connect(app, 'first-app-password-0123');
    const jobsDb = connect(jobs, 'first-jobs-password-012');
    // the app login: its person's rows only, never a list of people, no power over a table
    expect(
      await withUser(appDb, alice, async (trx) =>
        (await trx.selectFrom('accounts').select('user_id').execute()).map((a) => a.user_id),
      ),
    ).toEqual([alice]);
    await expect(listUserIds(appDb)).rejects.toThrow(/permission denied/);
    await expect(sql`alter table transactions no force row level security`.execute(appDb)).rejects.toThrow(
      /must be owner/,
    );
    // the jobs login lists people
    expect(await listUserIds(jobsDb)).toEqual(expect.arrayContaining([alice, bob]));
    const [attributes] = await admin<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }[]>`
      select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = ${app}`;
    expect(attributes).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
  });

  it('sets the new password when the secret changes (a deploy after rotation), and the old one stops working', async () => {
    const asMaster = connect(master, 'master-password-123');
    await ensureLoginRole(asMaster, { username: app, password: 'first-app-password-0123', group: LOGIN_GROUPS.app });
    await ensureLoginRole(asMaster, { username: app, password: 'second-app-password-012', group: LOGIN_GROUPS.app });
    await expect(sql`select 1`.execute(connect(app, 'second-app-password-012'))).resolves.toBeDefined();
    await expect(sql`select 1`.execute(connect(app, 'first-app-password-0123'))).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it('refuses a role name that is not an identifier, and a short password, before any SQL', async () => {
    const asMaster = connect(master, 'master-password-123');
    await expect(
      ensureLoginRole(asMaster, {
        username: 'x; drop table users',
        password: 'long-enough-password',
        group: LOGIN_GROUPS.app,
      }),
    ).rejects.toThrow(/not a role name/);
    await expect(
      ensureLoginRole(asMaster, { username: app, password: 'short', group: LOGIN_GROUPS.app }),
    ).rejects.toThrow(/shorter than 16/);
  });
});
