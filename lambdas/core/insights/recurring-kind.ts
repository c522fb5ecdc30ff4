import type { Cadence } from './cadence';
import { FEE_CATEGORY, FEE_TEXT } from './fee-words';
import { UNSAID_CATEGORY } from './unsaid-category';

export const RECURRING_KINDS = [
  'subscription',
  'bill',
  'loan',
  'rent',
  'insurance',
  'income',
  'transfer',
  'savings',
  'other',
] as const;
export type RecurringKind = (typeof RECURRING_KINDS)[number];

/**
 * Bank wordings of a payment between one's own accounts whatever it is filed under: a card's
 * autopay, a card payment received.
 */
const OWN_MONEY_WORDS =
  /\b(card payment|autopay|auto pay|automatic payment|payment thank|thank you|credit crd|epayment|to own|own account|sweep)\b/;
/**
 * Words that say how the money moved, not what it paid for: a payment service funded "by instant
 * transfer" (`PAYPAL (INST XFER)`) pays a shop. They make a transfer only when the category does
 * not name a purchase.
 */
const MOVED_WORDS = /\b(transfer|xfer|trnsfr)\b/;

/**
 * Whether the counterparty's words say the money went to savings, a loan, rent or insurance:
 * never a shop's till, whatever a categoriser filed it under (a brand table that knows a
 * supermarket called Vanguard files the fund's reinvestments under groceries).
 */
export function textNamesAnObligation(text: string): boolean {
  const lower = text.toLowerCase();
  return PURPOSE_WORDS.some(([kind, words]) => kind !== 'bill' && words.test(lower));
}

/** Words of the counterparty that say what a payment is for; checked in this order. */
const PURPOSE_WORDS: [RecurringKind, RegExp][] = [
  [
    'savings',
    /\b(mutual fund|sip|reinvest\w*|invest\w*|recurring deposit|savings|provident|ppf|pension|isa|brokerage|vanguard|fidelity|schwab|etf)\b/,
  ],
  [
    'rent',
    // `realty` also at a word's end: banks glue an agent's name to it (`KANEREALTY`).
    /\b(rent|rental|\w*realty|landlord|letting|lettings|apartment|apartments|property management|housing|mortgage)\b/,
  ],
  ['loan', /\b(loan|emi|instal+ment|finance|lending|credit int|debit int|margin interest|capfin)\b/],
  [
    'insurance',
    /\b(insurance|insur\w*|assurance|premium|geico|usaa|allstate|progressive|aviva|discovery|life cover)\b/,
  ],
  [
    'bill',
    new RegExp(
      '\\b(electric\\w*|energy|power|gas|water|sewer|utilit\\w*|council|tax|phone|mobile|wireless|telecom|communications?|comm|broadband|internet|cable|comcast|' +
        'verizon|at&t|att|t-mobile|vodafone|giffgaff|bt|fi|sky|virgin|telkom|vodacom|mtn|jio|airtel|dth|tata play|newspaper|bills?)\\b',
    ),
  ],
];

/**
 * Wages paid to people who work in the home (the README's `other`): the payee is a person, not a
 * company billing a service, in the text or in the category the person files them under.
 */
const HOUSEHOLD_STAFF =
  /\b(maid|cook|nanny|au pair|babysitter|cleaner|housekeeper|gardener|driver|domestic help|servant|caretaker|wages?|salary)\b/;

/** Subscriptions and the services that sell them. */
const SUBSCRIPTION_WORDS = new RegExp(
  '\\b(subscription|membership|netflix|spotify|audible|kindle|prime|disney|hulu|hbo|youtube|apple|icloud|google|microsoft|' +
    'adobe|dropbox|github|heroku|patreon|twitch|gym|club|music|storage|domains?|chatgpt|openai|midjourney|kagi|software|streaming|ott|app store)\\b',
);

/** Categories (as the categoriser or the person named them) that settle the kind by themselves. */
const CATEGORY_KINDS: [RecurringKind, RegExp][] = [
  ['transfer', /transfer|credit card payment/],
  // From a word's start: "Current account" and "Parenting" hold "rent" and are not rent.
  ['rent', /\b(rent|mortgage|housing)/],
  ['insurance', /insurance/],
  ['loan', /loan|debt/],
  ['savings', /invest|saving/],
  ['bill', /utilit|bills|phone|internet|electric|water|gas\b/],
  ['subscription', /subscription|entertainment|streaming/],
];

/** A charge billed for a month of service (`MARKET DATA FOR APR 2017`, `FEES FOR NOV-2020`): bought, not saved. */
const BILLED_FOR_A_MONTH = /\bfor (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[- ]?\d{2,4}\b/;

/**
 * Everyday spending: a supermarket, a café, a fuel station or a fare, shopped at on the same day
 * each month, is still shopping, not a subscription or a bill; so is cash drawn to spend. Narrower than the detector's
 * everyday categories (which also hold health, travel, gifts: places visited often): a gym filed
 * under health & fitness is a subscription. Shopping is left out on purpose: categorisers file
 * online services there (a code host, an audiobook plan, a cloud invoice).
 */
const EVERYDAY_SPENDING =
  /grocer|supermarket|food|dining|restaurant|eating|takeout|take-out|fast food|coffee|cafe|fuel|petrol|transport|parking|alcohol|bars?\b|snack|^cash\b|atm\b/;

/** Money paid back to the person by a card or a shop: not earned, not their own money moved. */
const CREDIT_BACK = /\b(rewards?|cash ?back|rebate|(statement|service|account|promo|promotional) credit)\b/;

/**
 * The kind of a recurring series from what the person can see of it: its direction, the words of
 * its counterparty and category, whether its amount is fixed and its cadence. Money in is income
 * unless it is one's own money coming back (a transfer or a card payment received) or a credit
 * a card or shop gives back.
 */
export function recurringKind(input: {
  direction: 'in' | 'out';
  text: string;
  category: string | null;
  fixedAmount: boolean;
  cadence: Cadence;
}): RecurringKind {
  const text = input.text.toLowerCase();
  const category = (input.category ?? '').toLowerCase().trim();
  if (input.direction === 'in') {
    if (CREDIT_BACK.test(text)) return 'other';
    return OWN_MONEY_WORDS.test(text) || MOVED_WORDS.test(text) || /transfer/.test(category) ? 'transfer' : 'income';
  }
  const categoryKind = CATEGORY_KINDS.find(([, words]) => words.test(category))?.[0];
  const unsaid = UNSAID_CATEGORY.test(category);
  const namesAPurchase = !unsaid && categoryKind !== 'transfer';
  // With a category that says nothing (a new person's categoriser did not know the payee), how the
  // money moved is all the words say; a fixed price on a calendar is still a price paid for something.
  const pricePaid = unsaid && input.fixedAmount;
  if (OWN_MONEY_WORDS.test(text) || (MOVED_WORDS.test(text) && !namesAPurchase && !pricePaid)) return 'transfer';
  for (const [kind, words] of PURPOSE_WORDS) if (words.test(text)) return kind;
  if (HOUSEHOLD_STAFF.test(text) || HOUSEHOLD_STAFF.test(category)) return 'other';
  const fee = FEE_TEXT.test(text);
  if (!fee && SUBSCRIPTION_WORDS.test(text)) return 'subscription';
  // A fee is money gone, never money put aside, and so is a charge for a month of a service: a
  // broker's fee or market data plan filed under investments is not savings.
  const spent = fee || BILLED_FOR_A_MONTH.test(text);
  if (categoryKind && !(spent && categoryKind === 'savings')) return categoryKind;
  // A card's or a broker's fee on a schedule is the README's `other`, not a bill for a service.
  if (fee || FEE_CATEGORY.test(category)) return 'other';
  if (EVERYDAY_SPENDING.test(category)) return 'other';
  // Nothing names the payee or the purpose (a typed diary's empty note the categoriser could not
  // place): a fixed amount then is as likely savings, a loan or money sent home as a subscription.
  if (!text.trim() && unsaid) return 'other';
  // A fixed price on a calendar is what a subscription looks like; a varying one is a bill.
  if (input.fixedAmount) return input.cadence === 'weekly' || input.cadence === 'biweekly' ? 'other' : 'subscription';
  return 'bill';
}
