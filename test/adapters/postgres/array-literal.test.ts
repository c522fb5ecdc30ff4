import { randomUUID } from 'node:crypto';
import { arrayLiteral } from '../../../lambdas/adapters/postgres/array-literal';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** The import's array parameters as text: Postgres must read back exactly what postgres.js's own arrays carry. */
describe('array parameters written as their text', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  const roundTrip = async (values: (string | number | null)[], type: string) => {
    // Compared in Postgres and read back as JSON: postgres.js's own array parser reads a null text as 'NULL'.
    const [row] = await database.sql.unsafe(
      `select to_json($1::${type}[]) as own, to_json($2::${type}[]) as text, $1::${type}[] is not distinct from $2::${type}[] as same`,
      [values as never, arrayLiteral(values)],
    );
    expect(row.same).toBe(true);
    return row as unknown as { own: unknown; text: unknown };
  };

  it('reads back descriptions with quotes, backslashes, commas, braces, blanks and the word null exactly', async () => {
    const descriptions = [
      'CAFE "NERO", LONDON',
      'C:\\PATH \\N {1,2}',
      '',
      '  SPACED  ',
      'null',
      'NULL',
      null,
      'TWO\nLINES\r\tTAB',
      'ÉPICERIE 東京 🍣',
      '\\"',
    ];
    const { own, text } = await roundTrip(descriptions, 'text');
    expect(text).toEqual(descriptions);
    expect(text).toEqual(own);
  });

  it('reads back ids, dates, amounts, balances and confidences as the same values', async () => {
    const ids = [randomUUID(), randomUUID()];
    expect((await roundTrip(ids, 'uuid')).text).toEqual(ids);
    const dates = ['2024-02-29', '1999-12-31'];
    expect((await roundTrip(dates, 'date')).text).toEqual(dates);
    const amounts = [-1234, 0, 9_007_199_254_740_991, null];
    expect((await roundTrip(amounts, 'bigint')).text).toEqual(amounts);
    const confidences = [0.987, 0.5, 1, null, 0.1 + 0.2];
    const real = await roundTrip(confidences, 'real');
    expect(real.text).toEqual(real.own);
    expect(real.text).toEqual([0.987, 0.5, 1, null, 0.3]);
    expect((await roundTrip([], 'uuid')).text).toEqual([]);
  });
});
