import type { Direction } from './sms-types';

/**
 * Whether an alert reports money out (debit) or in (credit), or null when it says neither.
 *
 * Card and limit names ("Credit Card", "Cr. Limit", "debit card") are blanked first, since
 * they say nothing about the direction. Then phrases whose direction contradicts their verb
 * are looked for ("X has received Rs 21 from your A/c" is money out; "refund … credited" and
 * "payment received for your card" are money in). Otherwise the first strong verb wins
 * ("debited … and credited to a/c XX291" is a debit), and only then weak words that merely
 * imply a card spend ("transaction of", "used for", "payment").
 */
export function findDirection(text: string): Direction | null {
  const plain = text.replace(NEUTRAL, (m) => ' '.repeat(m.length));
  for (const [pattern, direction] of OVERRIDES) if (pattern.test(plain)) return direction;
  const strong = firstOf(plain, STRONG);
  if (strong) return strong;
  return firstOf(plain, WEAK);
}

/** Words that name a product, not a movement. */
const NEUTRAL =
  /\b(?:credit|debit|cr\.?|dr\.?)[\s/]*(?:card|crd|limit|lmt|consumer card|card ending)\b|\bcredit (?:score|bureau)\b|\bavailable credit\b|\bcards?\b(?=[\s:]*(?:debit|credit)\b)|(?<=\bbal(?:ance)?\b[\s:.-]*(?:[a-z]{2,3}\.?)?[\s:.-]*[\d,.]+\s?)(?:cr|dr)\b/gi;

const OVERRIDES: [RegExp, Direction][] = [
  [/\bhas received\b.{0,40}\bfrom your\b/i, 'debit'],
  [/\bcredited to (?:the )?(?:beneficiary|payee)\b/i, 'debit'],
  [/\b(?:neft|imps|rtgs) transaction\b.{0,120}\bcredited to (?!your)/i, 'debit'],
  [
    /\b(?:thank you for|receipt of|received) your payment\b|\bpayment (?:of )?\S{0,6}\s?[\d,.]+ (?:has been )?(?:successfully )?(?:received|credited)\b|\byour payment of\b.{0,40}\b(?:credited|received)\b/i,
    'credit',
  ],
  [/\brefund(?:ed)?\b|\brevers(?:ed|al|e transaction)\b|\bcashback\b/i, 'credit'],
  [/\bsent to your\b/i, 'credit'],
  // A credit worded around its reference: "A/c XX12 has credit for NEFT-N123 of Rs 5,000".
  [/\bhas (?:a )?credit (?:for|of)\b/i, 'credit'],
  [/\bhas (?:a )?debit (?:for|of)\b/i, 'debit'],
];

const STRONG: [RegExp, Direction][] = [
  [
    /(?<![a-z])(?:debited|debit(?=\s*(?:[:!\n]|with|of|transaction|alert))|spent|withdrawn|withdrawal|withdraw|paid|sent|transferr?ed|transfered|purchase|deducted|charged|charge for|cash out|money sent|bought|purchased|airtime|top-?up of|recharge(?:d)? (?:of|for|with)|dr\.?(?=\s*(?:inr|rs|from|amt|transaction|\d|[A-Z]{3}\b))|(?<=\d\s?)dr\b|kartenumsatz|lastschrift|abbuchung|abgebucht|belastet|virement|pr[ée]l[èe]vement|repayment)/i,
    'debit',
  ],
  [
    /(?<![a-z])(?:credited|credit(?=\s*(?:[:!\n]|with|of|transaction|alert))|received|deposited|deposit|cr\.?(?=\s*(?:inr|rs|amt|\d|[A-Z]{3}\b))|(?<=\d\s?)cr\b|gehalt|eingegangen|gutschrift|inward|salary|interest)/i,
    'credit',
  ],
];

const WEAK: [RegExp, Direction][] = [
  [
    /(?<![a-z])(?:transactions?|txn|trx|used (?:for|at)|for using|payment|pmt|transfer|processed|approved|mandate|pending charge|hold|\/dr\/)/i,
    'debit',
  ],
  [/(?<![a-z])(?:\/cr\/)/i, 'credit'],
];

function firstOf(text: string, patterns: [RegExp, Direction][]): Direction | null {
  let best: { index: number; direction: Direction } | null = null;
  for (const [pattern, direction] of patterns) {
    const match = pattern.exec(text);
    if (match && (!best || match.index < best.index)) best = { index: match.index, direction };
  }
  return best?.direction ?? null;
}
