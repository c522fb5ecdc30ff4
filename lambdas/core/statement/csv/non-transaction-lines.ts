import { normaliseHeader } from './header-vocabulary';

/**
 * Phrases that open a line which is not a transaction: opening/closing balances, turnovers and
 * totals. A cell must equal or start with one of them, so a merchant whose name merely contains
 * "total" is not mistaken for a totals line.
 */
const BALANCE_PHRASES = [
  'opening balance',
  'closing balance',
  'balance brought forward',
  'balance carried forward',
  'brought forward',
  'carried forward',
  'previous balance',
  'new balance',
  'starting balance',
  'ending balance',
  'beginning balance',
  'balance forward',
  'available balance',
  'anfangssaldo',
  'endsaldo',
  'alter kontostand',
  'neuer kontostand',
  'kontostand am',
  'saldo alt',
  'saldo neu',
  'anfangsbestand',
  'endbestand',
  'solde initial',
  'solde final',
  'solde precedent',
  'nouveau solde',
  'ancien solde',
  'solde au',
  'solde crediteur',
  'solde debiteur',
  'saldo anterior',
  'saldo inicial',
  'saldo final',
  'saldo actual',
  'saldo do dia',
  'saldo iniziale',
  'saldo finale',
  'saldo contabile',
  'saldo disponibile',
  'beginsaldo',
  'eindsaldo',
  'openingssaldo',
  'saldo per',
  'likutis pradziai',
  'likutis pabaigai',
  'apyvarta',
  'входящий остаток',
  'исходящий остаток',
  'остаток на',
  'итого',
  'обороты',
  '期初余额',
  '期末余额',
  '本页合计',
  '合计金额',
];

/** Totals words that only count when they are the whole cell: "TOTAL" is also a petrol station. */
const TOTAL_WORDS = new Set([
  'total',
  'totals',
  'grand total',
  'sum total',
  'summe',
  'gesamt',
  'totaal',
  'totale',
  'suma',
  'итого',
  '合计',
  '总计',
  'sous total',
  'subtotal',
]);

const CJK = /[\u4e00-\u9fff]/;
const PHRASES = BALANCE_PHRASES.map((text) => ({ text, cjk: CJK.test(text) }));

/**
 * The first four letters of every phrase: most cells are ruled out by them without the cost of
 * normalising the cell (this check runs on every row of million-row files).
 */
const OPENINGS = new Set([...BALANCE_PHRASES, ...TOTAL_WORDS].map((phrase) => phrase.slice(0, 4)));

function isAsciiNonLetter(code: number): boolean {
  return code < 0x41 || (code > 0x5a && code < 0x61) || (code > 0x7a && code < 0x80);
}

function opening(cell: string): string {
  let start = 0;
  // Skip leading ASCII punctuation, digits and spaces ("|SALDO FINALE").
  while (start < cell.length && isAsciiNonLetter(cell.charCodeAt(start))) start++;
  const head = cell.slice(start, start + 4).toLowerCase();
  // eslint-disable-next-line no-control-regex -- the ASCII range, NUL included, is the point
  return /[^\x00-\x7f]/.test(head) ? normaliseHeader(cell.slice(start, start + 8)).slice(0, 4) : head;
}

/** The phrase a line starts with when it is a balance or totals line, else null. */
export function balanceLinePhrase(cells: string[]): string | null {
  for (const cell of cells) {
    if (cell === '' || cell.length > 80) continue;
    const head = opening(cell);
    // Two-character openings: the Chinese phrases (合计) are that short.
    if (!OPENINGS.has(head) && !OPENINGS.has(head.slice(0, 2))) continue;
    const text = normaliseHeader(cell);
    if (text === '') continue;
    if (TOTAL_WORDS.has(text)) return cell.trim();
    for (const phrase of PHRASES) {
      if (text === phrase.text || text.startsWith(`${phrase.text} `) || (phrase.cjk && text.startsWith(phrase.text)))
        return cell.replace(/[|]/g, '').trim();
    }
  }
  return null;
}

const PENDING =
  /(pending|vorgemerkt|vormerkung|in bearbeitung|в обработке|обрабатывается|en attente|en cours|pendiente|in behandeling|in afwachting|pendente|in sospeso|non contabilizzat|authori[sz]ed|authori[sz]ation|on hold|未入账|处理中|laukiama)/i;

/** Whether a status cell says the row is pending (it will come again, booked, in a later export). */
export function isPendingStatus(cell: string): boolean {
  return cell !== '' && PENDING.test(cell);
}
