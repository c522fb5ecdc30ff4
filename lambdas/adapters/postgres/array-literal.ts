/**
 * A one-dimensional array parameter as the text postgres.js's own `arraySerializer` sends
 * (`{"a","b",null}`, backslash and double quote escaped), written here in one pass: postgres.js
 * runs two regular-expression replacements per element, which for the import's fourteen array
 * columns was ~0.25 s of the main thread per 100,000 rows (CPU profile of `npm start`). Postgres
 * parses the text with the `::type[]` cast the query already has, so what is stored is the same.
 * postgres.js only: the Data API takes no array parameters.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null) parts[i] = 'null';
    else if (value === undefined) throw new Error('Undefined values are not allowed in an array parameter');
    else {
      const text = `${value}`;
      parts[i] = `"${text.includes('\\') || text.includes('"') ? text.replace(/[\\"]/g, '\\$&') : text}"`;
    }
  }
  return `{${parts.join(',')}}`;
}
