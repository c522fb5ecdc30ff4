import { sql } from 'kysely';
import type { Db } from './schema';

/** The group each login joins: the app role owns nothing; the jobs role may take the jobs group. */
export const LOGIN_GROUPS = { app: 'smart_spend_app_group', jobs: 'smart_spend_jobs_group' } as const;

export interface LoginRole {
  username: string;
  password: string;
  group: (typeof LOGIN_GROUPS)[keyof typeof LOGIN_GROUPS];
}

export class LoginRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoginRoleError';
  }
}

/**
 * Creates a login role (or sets its password when it exists) as a member of its group, with no
 * power beyond it (PostgreSQL's defaults: not a superuser, no CREATEDB, CREATEROLE or BYPASSRLS). On Aurora the migrate
 * function runs this as the master user, with each password read from its Secrets Manager
 * secret, so the API and the workers sign in (Data API) as a role that owns no table.
 *
 * The password never appears in a statement's text (a statement log, pg_stat_statements): it
 * travels as a bound parameter into a transaction-local setting that the DO block reads.
 */
export async function ensureLoginRole(db: Db, login: LoginRole): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(login.username)) throw new LoginRoleError(`not a role name: ${login.username}`);
  if (login.password.length < 16) throw new LoginRoleError(`the password of ${login.username} is shorter than 16`);
  if (!Object.values(LOGIN_GROUPS).includes(login.group)) throw new LoginRoleError(`not a group: ${login.group}`);
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('smart_spend.login_name', ${login.username}, true),
      set_config('smart_spend.login_password', ${login.password}, true),
      set_config('smart_spend.login_group', ${login.group}, true)`.execute(trx);
    await sql`do $$
      declare
        login text := current_setting('smart_spend.login_name');
        secret text := current_setting('smart_spend.login_password');
        grp text := current_setting('smart_spend.login_group');
      begin
        if not exists (select from pg_roles where rolname = login) then
          -- the defaults: not a superuser, no CREATEDB, CREATEROLE or BYPASSRLS (a non-superuser
          -- master, as Aurora's is, may not even name the SUPERUSER attribute)
          execute format('create role %I login', login);
        end if;
        execute format('alter role %I with login password %L', login, secret);
        execute format('grant %I to %I', grp, login);
      end $$`.execute(trx);
    // Nothing of the password is left in the session once the transaction ends (is_local).
  });
}
