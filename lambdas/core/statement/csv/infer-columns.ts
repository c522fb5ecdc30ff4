import type { ColumnRole } from '../types';
import { columnStatistics, comparableUnits, decideDecimalMark, type ColumnStatistics } from './column-statistics';
import type { ColumnPlan } from './csv-plan';
import { directionOf } from './direction-words';
import { accountAmountPreference, mentionsCard, roleFromHeader } from './header-vocabulary';
import { parseAmount, type DecimalMark } from './parse-amount';
import { balanceSign, isRunningBalance, runningBalanceFit } from './running-balance';
import { isoDate, readDateParts } from './parse-date';
import { modal } from './modal-value';
import { namesEachRowsAccount } from './account-column';
import { NotAStatementError } from '../types';

/** Header roles that name text about the payment; content may show one is a direction column instead. */
const TEXT_ROLES: ReadonlySet<ColumnRole> = new Set<ColumnRole>(['description', 'memo', 'payee']);

export interface InferredColumns {
  columns: ColumnPlan;
  decimalMark: DecimalMark;
  amountSigned: boolean;
  invertSign: boolean;
  directionWhenEmpty: 'debit' | 'credit';
  /** Card exports that mark payments with '+' and print charges bare: '+' is money in, bare is money out. */
  plusMarksCredit?: boolean;
}

const MONEY_ROLES: ColumnRole[] = ['amount', 'debit', 'credit', 'balance'];

/**
 * Decides what each column means: from the header where it names the column and the content
 * agrees, from the content alone where there is no header or the header says nothing.
 */
export function inferColumns(
  headers: string[] | null,
  rows: string[][],
  decimalHint: DecimalMark,
  notes: string[],
): InferredColumns {
  const width = Math.max(headers?.length ?? 0, ...rows.map((row) => row.length));
  const stats: ColumnStatistics[] = [];
  for (let index = 0; index < width; index++) stats.push(columnStatistics(rows, index));
  const usualWidth = modal(rows.map((row) => row.length));

  // Dates: the left-most column whose cells are dates is the booking date; others are value dates.
  const dateColumns = stats
    .filter((s) => s.nonEmpty > 0 && s.dates >= 0.6 * Math.max(1, rows.length) && s.dates >= 0.8 * s.nonEmpty)
    .map((s) => s.index);
  if (dateColumns.length === 0)
    throw new NotAStatementError('no column of dates was found, so this does not look like a bank statement');
  const taken = new Set<number>(dateColumns);

  const numericColumns = stats
    .filter((s) => s.nonEmpty > 0 && s.numeric >= 0.8 * s.nonEmpty && !taken.has(s.index))
    .map((s) => s.index);
  const { mark: decimalMark, note: markNote } = decideDecimalMark(rows, numericColumns, decimalHint);
  notes.push(markNote);
  // A header naming the column may be believed over a stray bad cell; content alone needs more.
  const isMoney = (index: number, share = 0.8) => {
    const s = stats[index];
    return s !== undefined && s.numeric >= share * s.nonEmpty && s.idLike < Math.max(1, 0.5 * s.nonEmpty);
  };

  const headerRoles = new Map<number, ColumnRole>();
  if (headers) {
    // Money roles first: content checks them, and a shifted amount outranks a memo header above it.
    const named = headers.map((header, index) => ({ index, role: roleFromHeader(header) }));
    const contentChecked = (role: ColumnRole | null) =>
      role !== null && [...MONEY_ROLES, 'direction', 'currency'].includes(role);
    for (const { index, role } of [
      ...named.filter((n) => contentChecked(n.role)),
      ...named.filter((n) => !contentChecked(n.role)),
    ]) {
      if (!role || taken.has(index)) continue;
      const placed = placeHeaderRole(role, index, headers.length, usualWidth, stats, isMoney);
      if (placed !== null && !headerRoles.has(placed)) headerRoles.set(placed, role);
    }
  }
  const byRole = (role: ColumnRole) =>
    [...headerRoles.entries()]
      .filter(([index, r]) => r === role && !taken.has(index))
      .map(([index]) => index)
      .sort((a, b) => a - b);
  const headerText = (index: number) => headers?.[index] ?? '';
  const best = (indexes: number[]) =>
    indexes.length === 0 ? null : indexes.reduce((a, b) => (score(b) > score(a) ? b : a));
  const score = (index: number) =>
    accountAmountPreference(headerText(index)) +
    stats[index].nonEmpty / Math.max(1, rows.length) +
    stats[index].nonZero / Math.max(1, rows.length);

  const columns: ColumnPlan = {
    date: dateColumns[0],
    valueDates: dateColumns.slice(1),
    amount: null,
    debit: null,
    credit: null,
    direction: null,
    balance: null,
    currency: null,
    reference: null,
    status: null,
    account: null,
    payees: [],
    descriptions: [],
    memos: [],
  };

  let amount = best(byRole('amount').filter((i) => stats[i].nonEmpty > 0));
  let debit = best(byRole('debit'));
  let credit = best(byRole('credit'));
  if (amount !== null && (debit !== null || credit !== null)) {
    if (stats[amount].nonEmpty >= 0.9 * rows.length) debit = credit = null;
    else amount = null;
  }
  let balance = byRole('balance')[0] ?? null;
  if (amount !== null || debit !== null || credit !== null) {
    notes.push(
      `amount from the column${debit !== null || credit !== null ? 's' : ''} headed ${[amount, debit, credit]
        .filter((i): i is number => i !== null)
        .map((i) => `"${headerText(i)}"`)
        .join(' and ')}`,
    );
  } else {
    const used = new Set<number>([
      ...taken,
      ...[...headerRoles.entries()].filter(([, r]) => !MONEY_ROLES.includes(r)).map(([i]) => i),
    ]);
    const inferred = inferMoneyFromContent(
      rows,
      stats,
      used,
      isMoney,
      decimalMark,
      notes,
      newestFirst(rows, dateColumns[0]),
    );
    amount = inferred.amount;
    debit = inferred.debit;
    credit = inferred.credit;
    balance = balance ?? inferred.balance;
  }
  if (amount === null && debit === null && credit === null)
    throw new NotAStatementError(
      'no column of amounts was found next to the dates, so this does not look like a bank statement',
    );
  Object.assign(columns, { amount, debit, credit, balance });
  for (const index of [amount, debit, credit, balance]) if (index !== null) taken.add(index);

  // Direction: named by the header, or a column holding nothing but CR/DR, Af/Bij, D/K words. Its
  // header may name text ("Transaction Type" reads as a description, as in Mint's export): a column
  // of nothing but "debit" and "credit" describes no one, so it is the direction when other text is left.
  columns.direction = byRole('direction')[0] ?? null;
  if (columns.direction === null) {
    const textColumns = [...headerRoles.entries()].filter(([index, role]) => TEXT_ROLES.has(role) && !taken.has(index));
    const candidate = stats.find(
      (s) =>
        !taken.has(s.index) &&
        (!headerRoles.has(s.index) ||
          (TEXT_ROLES.has(headerRoles.get(s.index)!) && textColumns.some(([index]) => index !== s.index))) &&
        s.nonEmpty >= 0.5 * rows.length &&
        s.directions === s.nonEmpty &&
        s.distinct <= 4,
    );
    columns.direction = candidate?.index ?? null;
  }
  if (columns.direction !== null) taken.add(columns.direction);

  // Currency: the currency column nearest the amount (right first), else a column of ISO codes.
  const amountIndex = amount ?? debit ?? credit ?? 0;
  const currencies = byRole('currency').sort((a, b) => distance(a, amountIndex) - distance(b, amountIndex));
  columns.currency =
    currencies[0] ??
    stats.find(
      (s) =>
        !taken.has(s.index) &&
        !headerRoles.has(s.index) &&
        s.nonEmpty >= 0.5 * rows.length &&
        s.currencyNames >= 0.9 * s.nonEmpty &&
        s.withLetters === s.nonEmpty,
    )?.index ??
    null;
  if (columns.currency !== null) taken.add(columns.currency);

  columns.reference = byRole('reference')[0] ?? null;
  columns.status = byRole('status')[0] ?? null;
  columns.account =
    byRole('account').find((index) => namesEachRowsAccount(headers?.[index] ?? null, rows, index)) ?? null;
  if (columns.account !== null)
    notes.push(`each row's account from the column headed "${headerText(columns.account)}"`);
  columns.payees = byRole('payee');
  columns.descriptions = byRole('description');
  columns.memos = byRole('memo');
  if (columns.payees.length + columns.descriptions.length + columns.memos.length === 0) {
    const text = stats
      .filter(
        (s) =>
          !taken.has(s.index) &&
          s.withLetters >= 0.5 * s.nonEmpty &&
          s.nonEmpty > 0 &&
          s.currencyNames < s.nonEmpty &&
          s.directions < s.nonEmpty,
      )
      .sort((a, b) => b.distinct * (b.totalLength / b.nonEmpty) - a.distinct * (a.totalLength / a.nonEmpty));
    if (text[0]) columns.descriptions = [text[0].index];
  }

  // Signs.
  let amountSigned = true;
  let invertSign = false;
  let directionWhenEmpty: 'debit' | 'credit' = 'debit';
  if (amount !== null) {
    const amountStats = stats[amount];
    if (columns.direction !== null) {
      const direction = columns.direction;
      amountSigned = amountStats.negative > 0;
      const markers = rows.map((row) => directionOf(row[direction] ?? '')).filter((d) => d !== null);
      if (markers.length > 0 && markers.every((d) => d === 'credit')) directionWhenEmpty = 'debit';
      else if (markers.length > 0 && markers.every((d) => d === 'debit')) directionWhenEmpty = 'credit';
      if (amountSigned) {
        invertSign = directionSaysInverted(rows, amount, direction, decimalMark);
        notes.push(
          invertSign
            ? `amounts are signed the card way (charges positive, as the "${cellExample(rows, direction)}" column shows): signs flipped`
            : 'amounts carry their own sign; the debit/credit column agrees',
        );
      } else {
        notes.push(
          `amounts are unsigned; the sign comes from the debit/credit column (${directionWhenEmpty} when empty)`,
        );
      }
    } else {
      const cells = rows.map((row) => (row[amount] ?? '').trim()).filter((cell) => /\d/.test(cell));
      const plus = cells.filter((cell) => /^\+/.test(cell)).length;
      if (amountStats.negative === 0 && plus > 0 && plus < cells.length) {
        notes.push('a card statement that marks payments with "+" and prints charges bare: bare amounts are money out');
        return { columns, decimalMark, amountSigned, invertSign, directionWhenEmpty, plusMarksCredit: true };
      }
      const text = [...columns.payees, ...columns.descriptions, ...columns.memos];
      if (
        paymentsReadAsCharges(rows, amount, text, decimalMark) ||
        (headers &&
          headers.some(mentionsCard) &&
          amountStats.nonZero >= 2 &&
          amountStats.negative <= 0.25 * amountStats.nonZero)
      ) {
        invertSign = true;
        notes.push(
          'a card statement that prints purchases as positive amounts (its payments are negative): signs flipped so purchases are money out',
        );
      }
    }
  }
  return { columns, decimalMark, amountSigned, invertSign, directionWhenEmpty };
}

/**
 * Where a header's role really sits. A header may have more cells than the rows (a quoted
 * field holding the delimiter, a trailing delimiter): when the content under a money or date
 * header does not fit, the same header counted from the right usually does.
 */
function placeHeaderRole(
  role: ColumnRole,
  index: number,
  headerWidth: number,
  usualWidth: number,
  stats: ColumnStatistics[],
  isMoney: (i: number, share?: number) => boolean,
): number | null {
  const fits = (i: number) => {
    const s = stats[i];
    if (!s) return false;
    switch (role) {
      case 'amount':
        return s.nonEmpty > 0 && isMoney(i, 0.5);
      case 'debit':
      case 'credit':
      case 'balance':
        return s.nonEmpty === 0 || isMoney(i, 0.5);
      case 'currency':
        return s.nonEmpty === 0 || s.currencyNames >= 0.8 * s.nonEmpty;
      case 'direction':
        return s.nonEmpty === 0 || s.directions >= 0.8 * s.nonEmpty;
      case 'date':
      case 'valueDate':
        return false; // dates are found by content
      default:
        return true;
    }
  };
  if (fits(index)) return index;
  const shift = headerWidth - usualWidth;
  if (
    shift > 0 &&
    index - shift >= 0 &&
    fits(index - shift) &&
    (role === 'amount' || stats[index - shift].nonEmpty > 0)
  )
    return index - shift;
  return null;
}

/** Money columns by content: the running balance is found by arithmetic and never taken for the amount. */
function inferMoneyFromContent(
  rows: string[][],
  stats: ColumnStatistics[],
  used: Set<number>,
  isMoney: (i: number) => boolean,
  mark: DecimalMark,
  notes: string[],
  newest: boolean | null,
): { amount: number | null; debit: number | null; credit: number | null; balance: number | null } {
  let money = stats
    .filter(
      (s) =>
        !used.has(s.index) && s.nonEmpty > 0 && isMoney(s.index) && s.moneyShaped >= 0.5 * s.nonZero && s.nonZero > 0,
    )
    .map((s) => s.index);
  if (money.length === 0)
    money = stats
      .filter((s) => !used.has(s.index) && s.nonEmpty >= 0.5 * rows.length && isMoney(s.index))
      .map((s) => s.index);
  const values = new Map<number, (number | null)[]>();
  for (const index of money)
    values.set(
      index,
      rows.map((row) => comparableUnits(row[index] ?? '', mark)),
    );
  const value = (index: number) => values.get(index) ?? [];

  const balances = new Set<number>();
  for (const balance of money) {
    for (const amount of money) {
      if (amount !== balance && isRunningBalance(runningBalanceFit(value(amount), value(balance))))
        balances.add(balance);
    }
  }
  // Paid out / paid in pairs: on each row exactly one of the two holds money.
  let debit: number | null = null;
  let credit: number | null = null;
  const remaining = money.filter((i) => !balances.has(i));
  outer: for (let a = 0; a < remaining.length; a++) {
    for (let b = a + 1; b < remaining.length; b++) {
      if (exclusive(value(remaining[a]), value(remaining[b]))) {
        [debit, credit] = [remaining[a], remaining[b]];
        break outer;
      }
    }
  }
  if (debit !== null && credit !== null) {
    const d = value(debit);
    const c = value(credit);
    const net = (sign: number) => d.map((_, i) => ((c[i] ?? 0) - (d[i] ?? 0)) * sign);
    for (const balance of money.filter((i) => i !== debit && i !== credit)) {
      const forward = runningBalanceFit(net(1), value(balance));
      const backward = runningBalanceFit(net(-1), value(balance));
      if (isRunningBalance(forward) || isRunningBalance(backward)) {
        balances.add(balance);
        if (backward.matched > forward.matched) [debit, credit] = [credit, debit];
        break;
      }
    }
    notes.push(
      `no amount header: columns ${debit + 1} and ${credit + 1} hold money out and money in on alternate rows`,
    );
    return { amount: null, debit, credit, balance: [...balances][0] ?? null };
  }
  const candidates = remaining;
  if (candidates.length === 0) return { amount: null, debit: null, credit: null, balance: null };
  const amount = candidates.find((i) => stats[i].negative > 0) ?? candidates[0];
  const balance = [...balances][0] ?? candidates.filter((i) => i > amount && stats[i].negative === 0).pop() ?? null;
  if (stats[amount].negative === 0) {
    // Unsigned amounts: the running balance falling with them, read in date order, makes them
    // money out; else a column left empty on every row beside them is the other side of a
    // paid-out / paid-in pair (paid out comes first).
    const sign = balance !== null && newest !== null ? balanceSign(value(amount), value(balance), newest) : 0;
    const emptyBeside = (index: number) =>
      stats[index] !== undefined && stats[index].nonEmpty === 0 && !used.has(index);
    if (sign === -1 || (sign === 0 && emptyBeside(amount + 1) && balance !== amount + 1)) {
      notes.push(
        `no amount header: column ${amount + 1} holds money out (${sign === -1 ? 'the running balance falls by it' : 'the empty column after it is money in'})`,
      );
      return { amount: null, debit: amount, credit: emptyBeside(amount + 1) ? amount + 1 : null, balance };
    }
    if (sign === 0 && emptyBeside(amount - 1) && !used.has(amount - 1)) {
      notes.push(`no amount header: column ${amount + 1} holds money in (the empty column before it is money out)`);
      return { amount: null, debit: amount - 1, credit: amount, balance };
    }
  }
  notes.push(
    `no amount header: column ${amount + 1} holds the amounts${balance !== null ? `, column ${balance + 1} the running balance` : ''}`,
  );
  return { amount, debit: null, credit: null, balance };
}

function exclusive(a: (number | null)[], b: (number | null)[]): boolean {
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < a.length; i++) {
    const hasA = (a[i] ?? 0) !== 0;
    const hasB = (b[i] ?? 0) !== 0;
    if (hasA && hasB) return false;
    if (hasA) onlyA++;
    if (hasB) onlyB++;
  }
  return onlyA > 0 && onlyB > 0;
}

/** A card export signs charges positive: debit-marked rows positive, credit-marked rows negative. */
function directionSaysInverted(rows: string[][], amount: number, direction: number, mark: DecimalMark): boolean {
  let normal = 0;
  let inverted = 0;
  for (const row of rows) {
    const side = directionOf(row[direction] ?? '');
    const parsed = parseAmount(row[amount] ?? '', mark);
    if (!side || !parsed || /^-?0*\.?0*$/.test(parsed.decimal)) continue;
    const negative = parsed.decimal.startsWith('-');
    if ((side === 'debit') === negative) normal++;
    else inverted++;
  }
  return inverted > normal;
}

function cellExample(rows: string[][], index: number): string {
  return rows.find((row) => (row[index] ?? '') !== '')?.[index] ?? '';
}

function distance(index: number, from: number): number {
  const d = index - from;
  return d > 0 ? d * 2 - 1 : -d * 2;
}

/** Whether the rows run newest first, from their dates (either day/month order must agree), or null when they do not tell. */
function newestFirst(rows: string[][], dateIndex: number): boolean | null {
  const read = (order: 'DMY' | 'MDY') =>
    rows
      .map((row) => {
        const parts = readDateParts(row[dateIndex] ?? '');
        return parts ? isoDate(parts, order) : null;
      })
      .filter((date): date is string => date !== null);
  const verdicts = (['DMY', 'MDY'] as const).map((order) => {
    const dates = read(order);
    if (dates.length < 2 || dates[0] === dates[dates.length - 1]) return null;
    return dates[0] > dates[dates.length - 1];
  });
  if (verdicts[0] === null) return verdicts[1];
  if (verdicts[1] === null || verdicts[1] === verdicts[0]) return verdicts[0];
  return null;
}

/** A payment to a card, as card statements word it: money into the card's account. */
const CARD_PAYMENT = new RegExp(
  [
    'payment received',
    'payment thank you',
    'thank you for your payment',
    'autopay',
    'online payment thank',
    'payment - thank',
    'paiement re[cç]u',
    'pago recibido',
    'zahlung erhalten',
    'zahlungseingang',
    'betaling ontvangen',
    'pagamento ricevuto',
  ].join('|'),
  'i',
);

/**
 * Whether the rows read the card way: every payment to the card is negative while most other
 * rows are positive (purchases printed as positive amounts).
 */
function paymentsReadAsCharges(rows: string[][], amount: number, text: number[], mark: DecimalMark): boolean {
  let payments = 0;
  let negativePayments = 0;
  let others = 0;
  let positiveOthers = 0;
  for (const row of rows) {
    const parsed = parseAmount(row[amount] ?? '', mark);
    if (!parsed || /^-?0*\.?0*$/.test(parsed.decimal)) continue;
    const negative = parsed.decimal.startsWith('-');
    if (CARD_PAYMENT.test(text.map((index) => row[index] ?? '').join(' '))) {
      payments++;
      if (negative) negativePayments++;
    } else {
      others++;
      if (!negative) positiveOthers++;
    }
  }
  return payments > 0 && negativePayments === payments && others > 0 && positiveOthers >= 0.75 * others;
}
