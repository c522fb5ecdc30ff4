import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The M3 fixture, series id → values in time order. */
export function readM3Fixture(): Map<string, number[]> {
  const series = new Map<string, number[]>();
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'm3', 'monthly-every-10th.csv'), 'utf8');
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const [id, , value] = line.split(',');
    const values = series.get(id) ?? [];
    values.push(Number(value));
    series.set(id, values);
  }
  return series;
}
