import { CATEGORY_KEY_PREFIX, coarseCounterpartyKey, productKey, seriesCounterpartyKeys } from './counterparty-key';
import type { RecurringInput } from './recurring-series';
import { MIN_OCCURRENCES, type Occurrence } from './recurring-chain';
import { dayNumber } from './calendar-days';

/**
 * Grouping: a person's rows gathered under the keys a series can hide behind (the counterparty,
 * a coarser key for drifting bank text, the product's own words), and each group's charges with
 * their copies folded together.
 */

/**
 * The groups a series is looked for in, each a list of rows: per counterparty, direction and
 * currency; also per coarser key (bank text that drifts over the years) and per product key (the
 * bank text's first words: `Amazon Music` apart from every Amazon order), where those hold
 * something the counterparty's own group does not.
 */
export function counterpartyGroups(transactions: readonly RecurringInput[]): RecurringInput[][] {
  const groups = new Map<string, Group>();
  const coarseGroups = new Map<string, Group>();
  const productGroups = new Map<string, Group>();
  const keyOf = seriesCounterpartyKeys();
  const productOf = memoised(productKey);
  for (const row of transactions) {
    if (row.amount === 0) continue;
    const key = keyOf(row.description, row.merchant, row.category);
    const side = `${row.currency}|${row.amount < 0 ? 'out' : 'in'}`;
    const id = `${side}|${key}`;
    addTo(groups, id, id, row);
    const coarse = coarseCounterpartyKey(key);
    if (coarse) addTo(coarseGroups, `${side}|${coarse}`, id, row);
    // Only when the bank printed a name: a typed diary's empty note has no product to tell apart.
    const product = key && !key.startsWith(CATEGORY_KEY_PREFIX) ? productOf(row.description) : '';
    if (product && product !== key) addTo(productGroups, `${side}|${product}`, id, row);
  }
  // A coarser or finer key that holds exactly one counterparty's rows would only find its series again.
  const adds = (group: Group) => group.from === null || groups.get(group.from)!.rows.length !== group.rows.length;
  return [...groups.values(), ...[...coarseGroups.values(), ...productGroups.values()].filter(adds)].map(
    (group) => group.rows,
  );
}

/** Copies of one charge post up to this many days apart. */
export const COPY_WINDOW_DAYS = 2;

/** A function of a text, computed once per distinct text (a history repeats its texts thousands of times). */
export function memoised<T>(keyOf: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let key = known.get(text);
    if (key === undefined) {
      key = keyOf(text);
      known.set(text, key);
    }
    return key;
  };
}

/** Rows grouped under one key; `from` is the one counterparty group they all come from, else null. */
interface Group {
  rows: RecurringInput[];
  from: string | null;
}

function addTo(map: Map<string, Group>, id: string, from: string, row: RecurringInput): void {
  const group = map.get(id);
  if (!group) {
    map.set(id, { rows: [row], from });
    return;
  }
  group.rows.push(row);
  if (group.from !== from) group.from = null;
}

/** Rows of one amount a day or two apart are one charge seen twice. */
export function collapseCopies(rows: readonly RecurringInput[]): Occurrence[] {
  // A history is read in date order, so a group is too; ISO dates compare as plain strings.
  const inOrder = rows.every((row, index) => index === 0 || rows[index - 1].date <= row.date);
  const sorted = inOrder ? rows : [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const occurrences: Occurrence[] = [];
  const lastOfAmount = new Map<number, Occurrence>();
  for (const row of sorted) {
    const day = dayNumber(row.date);
    const previous = lastOfAmount.get(row.amount) ?? nearCopy(occurrences, day, Math.abs(row.amount));
    if (previous && day - previous.day <= COPY_WINDOW_DAYS) {
      previous.rows.push(row);
      continue;
    }
    const occurrence = { day, date: row.date, amount: Math.abs(row.amount), rows: [row] };
    occurrences.push(occurrence);
    lastOfAmount.set(row.amount, occurrence);
  }
  return occurrences;
}

/**
 * A charge made in another currency shows in two views at amounts converted on different days
 * (122.21 and 122.44): an occurrence of the last few days within that share of the amount.
 */
const CONVERTED_COPY = 0.01;

function nearCopy(occurrences: readonly Occurrence[], day: number, amount: number): Occurrence | undefined {
  for (let index = occurrences.length - 1; index >= 0; index -= 1) {
    const occurrence = occurrences[index];
    if (day - occurrence.day > COPY_WINDOW_DAYS) return undefined;
    if (Math.abs(occurrence.amount - amount) <= occurrence.amount * CONVERTED_COPY) return occurrence;
  }
  return undefined;
}

/**
 * The group split by price: each amount that recurs to the cent is a level of its own, for two products of one merchant (a 6.00 and a 12.00 plan billed on their own days).
 */
export function priceLevels(occurrences: readonly Occurrence[]): Occurrence[][] {
  const byAmount = [...occurrences].sort((a, b) => a.amount - b.amount);
  const levels: Occurrence[][] = [];
  let current: Occurrence[] = [];
  for (const occurrence of byAmount) {
    const first = current[0];
    if (first && occurrence.amount !== first.amount) {
      levels.push(current);
      current = [];
    }
    current.push(occurrence);
  }
  if (current.length) levels.push(current);
  // One level is the whole group, already tried.
  if (levels.length < 2) return [];
  return levels.filter((level) => level.length >= MIN_OCCURRENCES).map((level) => level.sort((a, b) => a.day - b.day));
}
