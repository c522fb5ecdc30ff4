import { normaliseHeader } from './header-vocabulary';

/**
 * Words a direction column uses for money out and money in: CR/DR, C/D, Af/Bij (Dutch),
 * D/K (Lithuanian debetas/kreditas), S/H (Soll/Haben), 借/贷, +/-.
 */
const DEBIT_WORDS = new Set([
  'd',
  'dr',
  'db',
  'deb',
  'debit',
  'debet',
  'debito',
  'af',
  's',
  'soll',
  'withdrawal',
  'out',
  '-',
  '借',
  'dt',
  'расход',
  'списание',
  'debetas',
  'uscita',
  'addebito',
  'cargo',
  'payment',
]);
const CREDIT_WORDS = new Set([
  'c',
  'cr',
  'credit',
  'credito',
  'bij',
  'k',
  'h',
  'haben',
  'deposit',
  'in',
  '+',
  '贷',
  'kt',
  'приход',
  'поступление',
  'kreditas',
  'entrata',
  'accredito',
  'abono',
]);

export type Direction = 'debit' | 'credit';

/** The direction a cell names, or null when it names none. "借 Dr" and "贷 Cr" name theirs twice. */
export function directionOf(cell: string): Direction | null {
  const text = cell.trim();
  if (text === '-' || text === '+') return text === '-' ? 'debit' : 'credit';
  const words = normaliseHeader(text).split(' ');
  if (words.length === 0 || words.length > 2) return null;
  let debit = 0;
  let credit = 0;
  for (const word of words) {
    if (DEBIT_WORDS.has(word)) debit++;
    else if (CREDIT_WORDS.has(word)) credit++;
    else if (/^[\u4e00-\u9fff]/.test(word)) {
      // "借" / "贷" glued to other characters.
      if (word.includes('借')) debit++;
      else if (word.includes('贷')) credit++;
      else return null;
    } else return null;
  }
  if (debit > 0 && credit === 0) return 'debit';
  if (credit > 0 && debit === 0) return 'credit';
  return null;
}
