import { currencyFromText } from './currency-names';
import { directionOf } from './direction-words';
import { decimalMarkVote, looksNegative, looksNumeric, parseAmount, type DecimalMark } from './parse-amount';
import { isDateCell } from './parse-date';

/** What the sample's data rows hold in one column. */
export interface ColumnStatistics {
  index: number;
  rows: number;
  nonEmpty: number;
  dates: number;
  numeric: number;
  negative: number;
  /** Numeric, non-zero cells written with decimals or a currency sign: money rather than a count or an id. */
  moneyShaped: number;
  nonZero: number;
  /** Long digit strings without separators: account numbers, ids, card numbers. */
  idLike: number;
  currencyNames: number;
  directions: number;
  distinct: number;
  withLetters: number;
  totalLength: number;
}

export function columnStatistics(rows: string[][], index: number): ColumnStatistics {
  const stats: ColumnStatistics = {
    index,
    rows: rows.length,
    nonEmpty: 0,
    dates: 0,
    numeric: 0,
    negative: 0,
    moneyShaped: 0,
    nonZero: 0,
    idLike: 0,
    currencyNames: 0,
    directions: 0,
    distinct: 0,
    withLetters: 0,
    totalLength: 0,
  };
  const seen = new Set<string>();
  for (const row of rows) {
    const cell = row[index] ?? '';
    if (cell === '') continue;
    stats.nonEmpty++;
    seen.add(cell);
    stats.totalLength += cell.length;
    if (/\p{L}/u.test(cell)) stats.withLetters++;
    if (isDateCell(cell)) stats.dates++;
    if (currencyFromText(cell) !== null) stats.currencyNames++;
    if (directionOf(cell) !== null) stats.directions++;
    if (looksNumeric(cell)) {
      stats.numeric++;
      if (looksNegative(cell)) stats.negative++;
      if (/^\d{6,}$/.test(cell)) stats.idLike++;
      if (/[1-9]/.test(cell)) {
        stats.nonZero++;
        if (/[.,]\d{1,3}\s*\D*$/.test(cell) || /[^\d\s.,'+\-()]/.test(cell)) stats.moneyShaped++;
      }
    }
  }
  stats.distinct = seen.size;
  return stats;
}

/** Decides the decimal mark over every numeric cell of the given columns (not cell by cell). */
export function decideDecimalMark(
  rows: string[][],
  columns: number[],
  hint: DecimalMark,
): { mark: DecimalMark; note: string } {
  let comma = 0;
  let point = 0;
  for (const row of rows) {
    for (const index of columns) {
      const vote = decimalMarkVote(row[index] ?? '');
      if (vote === ',') comma++;
      else if (vote === '.') point++;
    }
  }
  if (comma === 0 && point === 0)
    return { mark: hint, note: `decimal mark "${hint}" assumed: no amount in the sample has decimals` };
  const mark: DecimalMark = comma > point ? ',' : '.';
  return {
    mark,
    note: `decimal ${mark === ',' ? 'comma' : 'point'} (${Math.max(comma, point)} of ${comma + point} amounts with decimals say so)`,
  };
}

/** An amount in thousandths (precise enough to compare balances of any currency), or null. */
export function comparableUnits(cell: string, mark: DecimalMark): number | null {
  const parsed = parseAmount(cell, mark);
  if (!parsed) return null;
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(parsed.decimal);
  if (!match) return null;
  const fraction = (match[3] ?? '').padEnd(3, '0').slice(0, 3);
  const value = Number((match[2] || '0') + fraction);
  return match[1] === '-' ? -value : value;
}
