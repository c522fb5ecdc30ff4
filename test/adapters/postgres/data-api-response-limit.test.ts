import { sql } from 'kysely';
import {
  DATA_API_RESPONSE_LIMIT_BYTES,
  DataApiResponseTooLargeError,
  dataApiRecordsBytes,
  dataApiResponseBytes,
} from '../../../lambdas/adapters/postgres/data-api-response-limit';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

describe('the test database refuses what the RDS Data API would refuse (1 MiB per answer)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  /** Rows of a 100-character text and a number: about 150 bytes each as Data API JSON. */
  const rowsOf = (count: number) =>
    sql<{
      n: number;
      text: string;
    }>`select g::int as n, repeat('x', 100) as text from generate_series(1, ${count}::int) g`;

  it('answers a query under the limit and refuses the same query past it, naming the fix', async () => {
    const under = await rowsOf(5_000).execute(database.db);
    expect(under.rows).toHaveLength(5_000);
    expect(dataApiResponseBytes(under.rows)).toBeLessThan(DATA_API_RESPONSE_LIMIT_BYTES);

    const over = rowsOf(10_000).execute(database.db);
    await expect(over).rejects.toThrow(DataApiResponseTooLargeError);
    await expect(rowsOf(10_000).execute(database.db)).rejects.toThrow(/10000 rows.*keyset pages/);
  });

  it('refuses inside a transaction too, where every repository reads', async () => {
    const inTransaction = database.db.transaction().execute(async (trx) => rowsOf(10_000).execute(trx));
    await expect(inTransaction).rejects.toThrow(DataApiResponseTooLargeError);
  });

  it('counts bytes as the Data API sends them: each value wrapped in its Field, UTF-8, timestamps as text', async () => {
    const { rows } = await sql<Record<string, unknown>>`select
        '0190a0a0-0000-7000-8000-000000000001'::uuid as id, -1234::bigint as amount, null::text as note,
        'Café ☕'::text as description, true as flag, 0.5::float8 as ratio,
        '{"a":[1,2]}'::jsonb as data, '2026-12-04 20:00:00.123+00'::timestamptz as at`.execute(database.db);
    // What ExecuteStatement puts in `records` for this row (includeResultMetadata, kysely-data-api's format).
    const records = JSON.stringify([
      [
        { stringValue: '0190a0a0-0000-7000-8000-000000000001' },
        { longValue: -1234 },
        { isNull: true },
        { stringValue: 'Café ☕' },
        { booleanValue: true },
        { doubleValue: 0.5 },
        { stringValue: '{"a": [1, 2]}' },
        { stringValue: '2026-12-04 20:00:00.123' },
      ],
    ]);
    // postgres.js hands jsonb back parsed, so its text is re-made without Postgres's spaces: 2 bytes here.
    expect(Math.abs(dataApiRecordsBytes(rows) - Buffer.byteLength(records))).toBeLessThanOrEqual(2);
    // The answer also carries each column's metadata (type, precision, nullability…).
    expect(dataApiResponseBytes(rows) - dataApiRecordsBytes(rows)).toBeGreaterThan(8 * 200);
  });
});
