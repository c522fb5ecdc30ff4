/**
 * Why a message that may well name an amount is not a transaction, or null when nothing
 * says so. Checked before any amount is read, because OTPs, reminders and declines are
 * written with the same words as real debits ("OTP for txn of Rs 2.07 at …", "will be
 * debited", "txn of Rs 637.70 … failed").
 */
export function nonTransactionReason(text: string): string | null {
  for (const rule of RULES) if (rule.pattern.test(text) && !rule.unless?.test(text)) return rule.reason;
  return null;
}

const RULES: { pattern: RegExp; unless?: RegExp; reason: string }[] = [
  {
    // "Did you attempt a transaction of Rs 25,000 …? Reply Y/N", "Is this you? A purchase of $249.99 was attempted".
    pattern:
      /\b(?:did you (?:attempt|make|authori[sz]e|try)|(?:is|was) this you|was (?:it|this) you|reply (?:y|yes|n|no)\b|(?:was|were|has been) attempted|confirm (?:if|whether|that) (?:you|this))/i,
    reason: 'a fraud check asking whether a payment was yours: no money moved',
  },
  {
    // "is your OTP", "OTP for txn", "Activation Key … Valid for": not the boilerplate "Never share OTP".
    pattern:
      /\b(?:is|as) (?:your|the) (?:otp|one[- ]time password|verification code|code)\b|\botp (?:for|is|to)\b|\b(?:activation|verification|security|secret) (?:key|code)\b|\bone[- ]time password\b/i,
    reason: 'a one-time password or activation code, not a transaction',
  },
  {
    pattern:
      /\b(?:declined|failed|unsuccessful|could not be (?:completed|processed)|not (?:be )?(?:completed|processed|successful)|insufficient (?:funds|balance)|returned unpaid|has been returned|rejected|was not approved)\b/i,
    // A failed payment whose money came back is a refund: "unsuccessful transaction … credited".
    unless: /\b(?:has been|is|was|been) (?:credited|refunded|reversed)\b|\brefund(?:ed)?\b|\brevers(?:ed|al)\b/i,
    reason: 'a declined or failed payment: no money moved',
  },
  {
    pattern:
      /\bwill be (?:debited|deducted|charged|auto-?charged|auto-?debited|paid|presented|processed|credited)\b|\b(?:is|are|falls?|payment) due\b|\bdue (?:on|by|date|in \d)|\bmin(?:imum)?\.? (?:amount )?due\b|\btotal (?:amount )?due\b|\bstatement (?:for .{0,60})?(?:is |has been )?(?:generated|ready)\b|\bbill .{0,40}\b(?:is ready|generated)\b|\bplease pay\b|\bpay (?:now|by)\b|\bscheduled (?:for|on)\b|\bupcoming (?:payment|debit)\b/i,
    reason: 'a reminder of a future or due payment, not a transaction',
  },
  {
    pattern:
      /\bmandate\b.{0,80}\b(?:created|registered|set ?up|revoked|cancell?ed|modified|paused|received (?:today )?for processing)\b|\b(?:auto ?pay|autopay|e-?mandate|standing instruction|si)\b.{0,120}\b(?:activated|registered|revoked|cancell?ed|set ?up|paused)\b|\breceived (?:today )?for processing\b|\b(?:is|has been) (?:un)?blocked\b|\blimit (?:has been |is )?(?:updated|changed|set|enhanced|increased|reduced)\b|\bbeing processed\b|\bhas requested\b|\bcollect request\b|\brequested (?:money|rs|inr|₹|payment)/i,
    reason: 'a mandate, request, block or settings notice: no money moved',
  },
  {
    pattern:
      /\b(?:prize|winner|won|jackpot|lucky draw|claim (?:code|now|your)|to claim|awarded|award|pre-?approved|apply now|instant loan|loan offer|eligible for (?:a |an )?(?:loan|credit|card)|(?:special|exclusive|limited[- ]time|limited[- ]period) offer|offer (?:valid|ends))\b/i,
    reason: 'a promotion or offer, not a transaction',
  },
];
