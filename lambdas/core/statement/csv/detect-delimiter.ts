import { parseSampleRecords } from './csv-records';

const CANDIDATES = [',', ';', '\t', '|'] as const;

export interface DelimiterChoice {
  delimiter: string;
  note: string;
}

/**
 * Picks the delimiter that splits the sample's lines into the same number of fields most
 * often (quotes respected), preferring more fields when two are about as consistent: a
 * decimal comma inside ';'-separated rows splits them consistently too, but into fewer fields.
 */
export function detectDelimiter(text: string): DelimiterChoice {
  const lines = firstLines(text, 200);
  let best: { delimiter: string; score: number; width: number; rows: number } | null = null;
  for (const delimiter of CANDIDATES) {
    if (!lines.includes(delimiter)) continue;
    const widths = parseSampleRecords(lines, delimiter)
      .filter((record) => record.some((cell) => cell.trim() !== ''))
      .map((record) => record.length);
    const { width, rows } = modalWidth(widths);
    if (width < 2) continue;
    const score = rows * Math.min(width, 12);
    if (!best || score > best.score) best = { delimiter, score, width, rows };
  }
  if (!best) return { delimiter: ',', note: 'no delimiter found in the first lines; assuming a comma' };
  const name = best.delimiter === '\t' ? 'TAB' : `"${best.delimiter}"`;
  return { delimiter: best.delimiter, note: `delimiter ${name}: ${best.rows} lines split into ${best.width} fields` };
}

function firstLines(text: string, count: number): string {
  let index = 0;
  for (let i = 0; i < count; i++) {
    const next = text.indexOf('\n', index);
    if (next < 0) return text;
    index = next + 1;
  }
  return text.slice(0, index);
}

function modalWidth(widths: number[]): { width: number; rows: number } {
  const counts = new Map<number, number>();
  for (const width of widths) if (width >= 2) counts.set(width, (counts.get(width) ?? 0) + 1);
  let width = 0;
  let rows = 0;
  for (const [candidate, count] of counts) {
    if (count > rows || (count === rows && candidate > width)) {
      width = candidate;
      rows = count;
    }
  }
  return { width, rows };
}
