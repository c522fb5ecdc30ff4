import postgres from 'postgres';

/**
 * The local application role: it owns the tables but is no superuser, so the FORCEd
 * row-level-security policies apply to it as they do to the Data API's role on Aurora.
 */
const APP_ROLE = 'smart_spend';
const APP_PASSWORD = 'smart_spend_local';
export const ADMIN_PASSWORD = 'smart_spend_admin';

export async function ensureRoleAndDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const [role] = await admin`select 1 from pg_roles where rolname = ${APP_ROLE}`;
    if (!role) await admin.unsafe(`create role ${APP_ROLE} login nosuperuser nobypassrls password '${APP_PASSWORD}'`);
    const [db] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!db) await admin.unsafe(`create database "${database}" owner ${APP_ROLE}`);
  } finally {
    await admin.end();
  }
}

/** The application URL for another database in the same cluster (tests get one each). */
export function appUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = APP_ROLE;
  url.password = APP_PASSWORD;
  url.pathname = `/${database}`;
  return url.toString();
}
