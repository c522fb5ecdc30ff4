import { cleanCell } from './clean-cell';

/**
 * Headers that name a person rather than an account: an Amex export's "Card Member" holds the
 * names of the holders of one card account's supplementary cards, and must not split it.
 */
const PERSON_HEADER = /member|holder|inhaber|titular|titulaire|owner/i;

/** A word of letters only: "Check", "Card®", "Cash(TM)"; never "DE89", "••1234" or "0532013000". */
function hasWord(cell: string): boolean {
  return cell.split(/\s+/).some((token) => {
    const bare = token.replace(/[^\p{L}\p{N}]/gu, '');
    return !/\p{N}/u.test(bare) && (bare.match(/\p{L}/gu)?.length ?? 0) >= 2;
  });
}

/**
 * Whether a column headed as an account names each row's account, as an aggregator's export
 * does (Mint, Empower, Monarch, YNAB: "Check ONE", "Platinum Card®"): its cells vary (two
 * accounts at least) and read as names. A single account's own number, repeated on every row
 * of a bank's export ("Kontonummer", "Rekening", "IBAN"), or a column of card and account
 * numbers, is not one: it would scatter one account's rows by a number never stored.
 */
export function namesEachRowsAccount(header: string | null, rows: string[][], index: number): boolean {
  if (header !== null && PERSON_HEADER.test(header)) return false;
  const names = new Set<string>();
  let filled = 0;
  let named = 0;
  for (const row of rows) {
    const cell = cleanCell(row[index]);
    if (cell === '') continue;
    filled += 1;
    if (!hasWord(cell)) continue;
    named += 1;
    names.add(cell.toLowerCase());
  }
  return filled >= 0.5 * rows.length && named >= 0.9 * filled && names.size >= 2;
}

/**
 * An account name as it may be stored: redacted like any description, and stricter, since a
 * name is shown everywhere: any run of five or more digits (an account number an aggregator
 * names an account by, "11663499") keeps its last four only ("••3499"), as statements print them.
 */
export function accountNameToStore(name: string, redact: (text: string) => string): string {
  return redact(name).replace(/\d{5,}/g, (digits) => `••${digits.slice(-4)}`);
}
