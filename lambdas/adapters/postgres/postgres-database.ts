import { Kysely } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { DATA_API_RESPONSE_LIMIT_BYTES, DataApiResponseLimitPlugin } from './data-api-response-limit';
import type { Database } from './schema';

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * postgres.js options that make its results match the Data API's: int8 as a JavaScript
 * number (checked to be exact) and `date` as the 'YYYY-MM-DD' string Postgres wrote, never a
 * Date shifted by the local time zone.
 */
export const postgresTypes = {
  bigint: {
    to: INT8_OID,
    from: [INT8_OID],
    serialize: (value: number | bigint) => value.toString(),
    parse: (value: string) => {
      const parsed = Number(value);
      if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} is beyond 2^53`);
      return parsed;
    },
  },
  calendarDate: {
    to: DATE_OID,
    from: [DATE_OID],
    serialize: (value: string) => value,
    parse: (value: string) => value,
  },
};

export interface PostgresDatabaseOptions {
  url: string;
  /** Pool size; a Lambda-like worker needs few. @default 10 */
  max?: number;
  /**
   * Refuse any answer larger than the RDS Data API would send (1 MiB), as Aurora would: on in
   * tests, so an unbounded read fails there first. @default false
   */
  refuseOverDataApiLimit?: boolean;
}

export function createPostgresClient(options: PostgresDatabaseOptions): postgres.Sql<Record<string, unknown>> {
  return postgres(options.url, {
    max: options.max ?? 10,
    types: postgresTypes,
    onnotice: () => undefined,
    connection: { application_name: 'smart-spend' },
  }) as unknown as postgres.Sql<Record<string, unknown>>;
}

export function createPostgresDatabase(options: PostgresDatabaseOptions): {
  db: Kysely<Database>;
  sql: postgres.Sql<Record<string, unknown>>;
} {
  const sql = createPostgresClient(options);
  const plugins = options.refuseOverDataApiLimit ? [new DataApiResponseLimitPlugin(DATA_API_RESPONSE_LIMIT_BYTES)] : [];
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }), plugins });
  return { db, sql };
}
