import { currencyExponent, decimalToMinorUnits, MoneyError, type MinorUnits } from '../../money';
import type { RowResult } from '../types';
import { cleanCell, normaliseWhitespace } from './clean-cell';
import type { CsvPlan } from './csv-plan';
import { currencyFromText } from './currency-names';
import { directionOf } from './direction-words';
import { balanceLinePhrase, isPendingStatus } from './non-transaction-lines';
import { parseAmount } from './parse-amount';
import { isoDate, readDateParts } from './parse-date';

/** Whether a record's date needs the day/month order before it can be read. */
export function needsDateOrder(record: string[], plan: CsvPlan): boolean {
  if (plan.dateOrder !== null) return false;
  const parts = readDateParts(cleanCell(record[plan.columns.date]));
  return parts !== null && parts.kind === 'pair';
}

/** Turns one CSV record into a transaction, a skipped line with its reason, or a rejected row naming the field. */
export function readRecord(record: string[], row: number, plan: CsvPlan): RowResult {
  const { columns } = plan;
  let filled = 0;
  for (const cell of record) if (cell.trim() !== '') filled++;
  if (filled === 0) return { kind: 'skipped', row, reason: 'blank line' };
  if (filled === 1 && plan.usualWidth >= 3)
    return { kind: 'skipped', row, reason: 'not a transaction line (a single cell)' };

  const textCells = plan.textColumns.map((index) => cleanCell(record[index]));
  const balanceLine = balanceLinePhrase(textCells);
  if (balanceLine !== null) return { kind: 'skipped', row, reason: `balance or totals line (${balanceLine})` };

  const dateCell = cleanCell(record[columns.date]);
  const parts = readDateParts(dateCell);
  const order = plan.dateOrder ?? plan.fallbackDateOrder;
  const date = parts ? isoDate(parts, order) : null;
  if (date === null) {
    const phrase = balanceLinePhrase(record.map(cleanCell));
    if (phrase !== null) return { kind: 'skipped', row, reason: `balance or totals line (${phrase})` };
    if (!/\d/.test(dateCell))
      return {
        kind: 'skipped',
        row,
        reason:
          dateCell === ''
            ? 'not a transaction line (no date)'
            : `not a transaction line ("${clip(dateCell)}" where the date belongs)`,
      };
    return { kind: 'rejected', row, reason: `row ${row}: date "${clip(dateCell)}" is not a date` };
  }

  if (columns.status !== null) {
    const status = cleanCell(record[columns.status]);
    if (isPendingStatus(status))
      return {
        kind: 'skipped',
        row,
        reason: `pending ("${clip(status)}"): it will come again, booked, in a later statement`,
      };
  }

  const currencyCell = columns.currency !== null ? cleanCell(record[columns.currency]) : '';
  const namedCurrency =
    plan.fixedCurrency ?? (currencyCell !== '' ? currencyFromText(currencyCell, plan.accountCurrency) : null);

  const amount = readAmount(record, row, plan, namedCurrency);
  if (amount.kind !== 'amount') return amount.result;
  if (amount.units === 0) return { kind: 'skipped', row, reason: 'zero amount (no money moved)' };

  let balance: MinorUnits | null = null;
  if (columns.balance !== null) {
    const parsed = parseAmount(cleanCell(record[columns.balance]), plan.decimalMark, plan.accountCurrency);
    if (parsed) balance = toUnits(parsed.decimal, amount.currency);
  }
  const reference = columns.reference !== null ? cleanCell(record[columns.reference]) || null : null;
  const account = columns.account !== null ? normaliseWhitespace(cleanCell(record[columns.account])) || null : null;
  return {
    kind: 'transaction',
    value: {
      row,
      date,
      amount: amount.units,
      currency: amount.currency,
      description: combineDescription(textCells),
      balance,
      reference,
      ...(account !== null ? { account } : {}),
    },
  };
}

type AmountReading = { kind: 'amount'; units: MinorUnits; currency: string } | { kind: 'other'; result: RowResult };

function readAmount(record: string[], row: number, plan: CsvPlan, namedCurrency: string | null): AmountReading {
  const { columns, decimalMark } = plan;
  let units: number;
  let currency: string;
  if (columns.amount !== null) {
    const cell = cleanCell(record[columns.amount]);
    if (cell === '') return skip(row, 'no amount');
    const parsed = parseAmount(cell, decimalMark, plan.accountCurrency);
    if (!parsed) return reject(row, `amount "${clip(cell)}" is not a number`);
    currency = namedCurrency ?? parsed.currency ?? plan.accountCurrency;
    const value = toUnits(parsed.decimal, currency);
    if (value === null) return reject(row, `amount "${clip(cell)}" is too large`);
    units = value;
    if (!plan.amountSigned && columns.direction !== null) {
      const marker = cleanCell(record[columns.direction]);
      const side = marker === '' ? plan.directionWhenEmpty : directionOf(marker);
      if (side === null) return reject(row, `debit/credit marker "${clip(marker)}" is neither debit nor credit`);
      units = side === 'debit' ? -Math.abs(units) : Math.abs(units);
    } else if (plan.plusMarksCredit && !cell.startsWith('-')) {
      units = cell.startsWith('+') ? Math.abs(units) : -Math.abs(units);
    }
  } else {
    const debitCell = columns.debit !== null ? cleanCell(record[columns.debit]) : '';
    const creditCell = columns.credit !== null ? cleanCell(record[columns.credit]) : '';
    if (debitCell === '' && creditCell === '') return skip(row, 'no amount');
    const debit = debitCell === '' ? null : parseAmount(debitCell, decimalMark, plan.accountCurrency);
    if (debitCell !== '' && !debit) return reject(row, `debit "${clip(debitCell)}" is not a number`);
    const credit = creditCell === '' ? null : parseAmount(creditCell, decimalMark, plan.accountCurrency);
    if (creditCell !== '' && !credit) return reject(row, `credit "${clip(creditCell)}" is not a number`);
    currency = namedCurrency ?? debit?.currency ?? credit?.currency ?? plan.accountCurrency;
    const out = debit ? toUnits(debit.decimal, currency) : 0;
    const into = credit ? toUnits(credit.decimal, currency) : 0;
    if (out === null || into === null) return reject(row, 'amount is too large');
    units = Math.abs(into) - Math.abs(out);
  }
  if (plan.invertSign) units = -units;
  return { kind: 'amount', units: units === 0 ? 0 : units, currency };
}

const SIMPLE_DECIMAL = /^(-?)(\d{1,13})(?:\.(\d*))?$/;

function skip(row: number, reason: string): AmountReading {
  return { kind: 'other', result: { kind: 'skipped', row, reason } };
}

function reject(row: number, reason: string): AmountReading {
  return { kind: 'other', result: { kind: 'rejected', row, reason: `row ${row}: ${reason}` } };
}

function toUnits(decimal: string, currency: string): MinorUnits | null {
  // Fast path: no rounding needed and small enough for exact float arithmetic on integers.
  const match = SIMPLE_DECIMAL.exec(decimal);
  if (match) {
    const exponent = currencyExponent(currency);
    const fraction = match[3] ?? '';
    if (fraction.length <= exponent) {
      const units = Number(match[2]) * 10 ** exponent + (fraction === '' ? 0 : Number(fraction.padEnd(exponent, '0')));
      return match[1] === '-' && units !== 0 ? -units : units;
    }
  }
  try {
    return decimalToMinorUnits(decimal, currency);
  } catch (error) {
    if (error instanceof MoneyError) return null;
    throw error;
  }
}

/** Payee, description and memo in that order, each once, whitespace normalised. */
function combineDescription(parts: string[]): string {
  const kept: string[] = [];
  let lower = '';
  for (const part of parts) {
    const text = normaliseWhitespace(part);
    if (text === '') continue;
    const key = text.toLowerCase();
    if (lower.includes(key)) continue;
    kept.push(text);
    lower += `\u0000${key}`;
  }
  return kept.join(' ');
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
