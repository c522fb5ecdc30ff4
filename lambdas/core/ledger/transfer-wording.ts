/**
 * The one owner of the words that say a description is money moved between a person's own
 * accounts. Each entry is a case-insensitive regular-expression alternative (the merchant
 * knowledge's `words` syntax). Two users read it:
 * - categorising: the knowledge rule `TRANSFER_RULE_ID` answers Transfers for these words
 *   (merged into that rule when the layer's table is loaded, lambdas/app/merchant-knowledge-files.ts);
 * - pairing: `detectTransfers` counts a pair as worded when either side carries one of them.
 */

/** Wording that by itself names a transfer: safe to file a description under Transfers. */
export const TRANSFER_WORDS: readonly string[] = [
  'payment thank you',
  'autopay',
  'auto pay\\b',
  'credit card payment',
  'transfer (to|from)',
  'internal transfer',
  'online transfer',
  'own account',
  'savings transfer',
  'überweisung',
  'umbuchung',
  'virement',
  'overboeking',
  'payment received',
];

/**
 * Hints that make a same-amount pair between two of the person's accounts likely, but are too
 * broad to categorise by: 'card payment' is also 'CARD PAYMENT TO TESCO', 'to savings' ends many
 * a merchant's text, and 'transferencia' names payments to third parties as often as own moves.
 */
export const PAIRING_ONLY_TRANSFER_HINTS: readonly string[] = [
  'thank you for (your )?payment',
  'auto payment',
  'card payment',
  'cc payment',
  'online banking transfer',
  'to savings',
  'from savings',
  'übertrag',
  'traspaso',
  'transferencia',
];

/** The merchant-knowledge rule that categorises `TRANSFER_WORDS` as Transfers. */
export const TRANSFER_RULE_ID = 'own-transfers';

/** Everything the pairing counts as transfer wording, matched anywhere in the text. */
export const PAIRING_TRANSFER_WORDS: readonly string[] = [...TRANSFER_WORDS, ...PAIRING_ONLY_TRANSFER_HINTS];

const PAIRING_PATTERN = new RegExp(PAIRING_TRANSFER_WORDS.join('|'), 'i');

/** Whether a description carries wording banks print on either side of a move between own accounts. */
export function looksLikeTransfer(description: string): boolean {
  return PAIRING_PATTERN.test(description);
}
