import type { Direction } from './sms-types';

/**
 * The trailing digits (at most four) of the person's own account or card, or null.
 *
 * Candidates are numbers after an account word (A/c, Acct, Account No., Konto…), after a card
 * word (card, card ending, Card No. (last 4 digit):), and bare masked numbers (XX1234,
 * 4232***0581, ###4041). The account is preferred over the card when both are named, as a
 * statement belongs to an account. The other side of a transfer is not ours: for a debit a
 * number introduced by "to", for a credit one introduced by "from" or "by", is skipped. A
 * number whose mask hides its trailing digits (XXXXX71xx) gives nothing, and neither does a
 * long unmasked number (a paybill or reference, not a person's masked account).
 */
export function findAccountLast4(text: string, direction: Direction): string | null {
  const candidates: { index: number; rank: number; digits: string }[] = [];
  for (const [pattern, rank] of CONTEXTS) {
    for (const match of text.matchAll(pattern)) {
      const token = match[1];
      const index = (match.index ?? 0) + match[0].length - token.length;
      const digits = trailingDigits(token, rank < 2);
      if (digits && !isOtherParty(text, match.index ?? 0, direction)) candidates.push({ index, rank, digits });
    }
  }
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return candidates[0].digits;
}

/** A masked or plain account/card number: optional letters (CK, NN), digits, mask characters. */
const TOKEN = String.raw`((?:[A-Z]{1,3}(?=[\dXx*#•]))?[\dXx*#•.-]*[\dXx*#•])(?![\dXx*#•])`;
const ACCOUNT_WORD = String.raw`(?:a\/c|account|acct|acc|ac|konto|kto|compte)(?:\s*(?:no\.?|number|num|nr\.?)(?:\(s\))?)?(?:\s*(?:ending(?: with| in)?))?`;
const CARD_WORD = String.raw`(?:card|crd|bobcard)(?:\s*(?:no\.?|number|num))?(?:\s*\(last 4 digits?\))?(?:\s*(?:ending(?: with| in)?))?`;

const CONTEXTS: [RegExp, number][] = [
  [new RegExp(String.raw`(?<![a-z])${ACCOUNT_WORD}\s*[:#.]*\s*[:#]?\s*'?${TOKEN}`, 'gi'), 0],
  [new RegExp(String.raw`(?<![a-z])${CARD_WORD}\s*[:#.]*\s*[:#]?\s*'?${TOKEN}`, 'gi'), 1],
  [new RegExp(String.raw`(?<![a-z])ending(?: with| in)?\s*[:#]?\s*${TOKEN}`, 'gi'), 1],
  /** Bare masked numbers: at least two mask characters and trailing digits. */
  [/(?<![\w*#•])([\d]{0,6}(?:[Xx*#•]{2,}|[*#])[\d]{0,6}[Xx*#•]*\d{2,4})(?![\dXx*#•])/g, 2],
];

/**
 * The last (up to four) digits of a token, or null when its mask hides the trailing digits
 * or it is a long run of plain digits after a word that does not mark it as ours.
 */
function trailingDigits(token: string, named: boolean): string | null {
  const trailing = /(\d+)$/.exec(token.replace(/[.-]+$/, ''));
  if (!trailing) return null;
  const masked = /[Xx*#•.]/.test(token) || /^[A-Z]/.test(token);
  const allDigits = token.replace(/\D/g, '');
  if (!masked && (!named || allDigits.length > 4 || allDigits.length < 3)) return null;
  return trailing[1].slice(-4);
}

/**
 * The words before a number name the other side of the transfer: "to" for money out, "from"
 * or "by" for money in (but never "to your"), or a sender/beneficiary label.
 */
function isOtherParty(text: string, index: number, direction: Direction): boolean {
  const before = text
    .slice(Math.max(0, index - 60), index)
    .replace(
      /\blinked to\b|\bto (?:learn|know|report|block|pay|view|avoid|dispute|manage|cancel|check|update|get|download|activate|claim)\b/gi,
      ' ',
    );
  if (/\b(?:sender|remitter|beneficiary|payee|benef)\s*$/i.test(before)) return true;
  const clause = before.split(/[.;\n]\s/).pop() ?? '';
  const prepositions = [...clause.matchAll(/\b(to|from|by|in|into|of)\b(\s+(?:your|ur|my)\b)?/gi)];
  const last = prepositions.at(-1);
  if (!last || last[2]) return false;
  const word = last[1].toLowerCase();
  return direction === 'debit' ? word === 'to' : word === 'from' || word === 'by';
}
