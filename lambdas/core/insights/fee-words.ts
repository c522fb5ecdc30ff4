/**
 * What names a fee or interest charge, in a bank's text or in a category. Whole words only: a
 * category "Coffee" holds "fee", and a coffee shop is not a bank charge.
 */
export const FEE_TEXT =
  /\b(fee|fees|overdraft|interest charge|finance charge|late charge|late payment|penalty|insufficient funds|nsf|returned item|unpaid)\b/;

/** A category of fees or bank charges ("Fees & Charges", "Bank Charges and Fees", "Insufficient Funds Fee"). */
export const FEE_CATEGORY = /\b(fee|fees|charges?|interest paid)\b/;

/** Interest in a category or text: paid interest is a cost of money, like a fee, in the habits' twelve-month total. */
export const INTEREST = /\binterest\b/;
