import postgres from 'postgres';

/**
 * The roles of the local stack and the tests, as DESIGN.md's "Roles in the database" asks:
 * - `smart_spend_owner` owns the database and its tables and runs the migrations;
 * - `smart_spend`, the app role the API and the workers connect as, owns nothing: it cannot
 *   ALTER a table or switch row-level security off, and every policy applies to it;
 * - `smart_spend_jobs`, for jobs that work across people, is a member of the jobs group whose
 *   own policies (migration 510) let it list people; nothing the app role can set does that.
 * None is a superuser or bypasses row-level security. The groups' table privileges are granted
 * by the migrations (so Aurora gets the same), the logins' memberships here.
 */
const OWNER_ROLE = 'smart_spend_owner';
const APP_ROLE = 'smart_spend';
const JOBS_ROLE = 'smart_spend_jobs';
export const APP_GROUP = 'smart_spend_app_group';
export const JOBS_GROUP = 'smart_spend_jobs_group';
const PASSWORDS: Record<string, string> = {
  [OWNER_ROLE]: 'smart_spend_owner_local',
  [APP_ROLE]: 'smart_spend_local',
  [JOBS_ROLE]: 'smart_spend_jobs_local',
};
export const ADMIN_PASSWORD = 'smart_spend_admin';

export async function ensureRoleAndDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    for (const group of [APP_GROUP, JOBS_GROUP]) await createRole(admin, `create role ${group} nologin`, group);
    for (const [role, password] of Object.entries(PASSWORDS)) {
      await createRole(
        admin,
        `create role ${role} login nosuperuser nobypassrls nocreaterole password '${password}'`,
        role,
      );
    }
    await admin.unsafe(`grant ${APP_GROUP} to ${APP_ROLE}`);
    await admin.unsafe(`grant ${JOBS_GROUP} to ${JOBS_ROLE}`);
    const [db] = await admin<
      { owner: string }[]
    >`select pg_get_userbyid(datdba) as owner from pg_database where datname = ${database}`;
    if (!db) {
      await admin.unsafe(`create database "${database}" owner ${OWNER_ROLE}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    } else if (db.owner === APP_ROLE) {
      // A data directory from before the roles were split: the app role owned everything.
      await admin.unsafe(`alter database "${database}" owner to ${OWNER_ROLE}`);
      const inside = postgres(databaseUrl(adminUrl, database), { max: 1, onnotice: () => undefined });
      try {
        await inside.unsafe(`reassign owned by ${APP_ROLE} to ${OWNER_ROLE}`);
      } finally {
        await inside.end();
      }
    }
  } finally {
    await admin.end();
  }
}

/** Roles are per cluster and test files make databases in parallel: a role another made first is fine. */
async function createRole(admin: postgres.Sql, statement: string, role: string): Promise<void> {
  const [exists] = await admin`select 1 from pg_roles where rolname = ${role}`;
  if (exists) return;
  await admin.unsafe(statement).catch((error: { code?: string }) => {
    if (error.code !== '42710' && error.code !== '23505') throw error;
  });
}

function databaseUrl(adminUrl: string, database: string, role?: string): string {
  const url = new URL(adminUrl);
  if (role) {
    url.username = role;
    url.password = PASSWORDS[role];
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/** The application role's URL for a database in the same cluster (tests get one each). */
export function appUrlFor(adminUrl: string, database: string): string {
  return databaseUrl(adminUrl, database, APP_ROLE);
}

/** The owner's URL: migrations only. */
export function ownerUrlFor(adminUrl: string, database: string): string {
  return databaseUrl(adminUrl, database, OWNER_ROLE);
}

/** The jobs role's URL: work across people (listing them), each person's work still under their scope. */
export function jobsUrlFor(adminUrl: string, database: string): string {
  return databaseUrl(adminUrl, database, JOBS_ROLE);
}
