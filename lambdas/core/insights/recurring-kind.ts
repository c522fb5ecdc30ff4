import type { Cadence } from './cadence';

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

/** Words of the counterparty or of the category that say what a payment is; checked in this order. */
const KIND_WORDS: [RecurringKind, RegExp][] = [
  [
    'transfer',
    /\b(card payment|autopay|auto pay|automatic payment|payment thank|thank you|transfer|xfer|trnsfr|credit crd|epayment|to own|own account|sweep)\b/,
  ],
  [
    'savings',
    /\b(mutual fund|sip|reinvest\w*|invest\w*|recurring deposit|savings|provident|ppf|pension|isa|brokerage|vanguard|fidelity|schwab|etf)\b/,
  ],
  [
    'rent',
    /\b(rent|rental|realty|landlord|letting|lettings|apartment|apartments|property management|housing|mortgage)\b/,
  ],
  ['loan', /\b(loan|emi|instal+ment|finance|lending|credit int|debit int|margin interest|capfin)\b/],
  [
    'insurance',
    /\b(insurance|insur\w*|assurance|premium|geico|usaa|allstate|progressive|aviva|discovery|life cover)\b/,
  ],
  [
    'bill',
    new RegExp(
      '\\b(electric\\w*|energy|power|gas|water|sewer|utilit\\w*|council|tax|phone|mobile|wireless|telecom|broadband|internet|cable|comcast|' +
        'verizon|at&t|att|t-mobile|vodafone|giffgaff|bt|fi|sky|virgin|telkom|vodacom|mtn|jio|airtel|dth|tata play|newspaper|fee|fees|bills?)\\b',
    ),
  ],
  [
    'subscription',
    new RegExp(
      '\\b(subscription|membership|netflix|spotify|audible|kindle|prime|disney|hulu|hbo|youtube|apple|icloud|google|microsoft|' +
        'adobe|dropbox|github|heroku|patreon|twitch|gym|club|music|storage|domains?|chatgpt|openai|midjourney|kagi|software|streaming|ott|app store)\\b',
    ),
  ],
];

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

/**
 * The kind of a recurring series from what the person can see of it: its direction, the words of
 * its counterparty and category, whether its amount is fixed and its cadence. Money in is income
 * unless it is one's own money coming back (a transfer or a card payment received).
 */
export function recurringKind(input: {
  direction: 'in' | 'out';
  text: string;
  category: string | null;
  fixedAmount: boolean;
  cadence: Cadence;
}): RecurringKind {
  const text = input.text.toLowerCase();
  const category = (input.category ?? '').toLowerCase();
  if (input.direction === 'in') {
    return /\b(card payment|payment thank|thank you|autopay|automatic payment|transfer|xfer)\b/.test(text) ||
      /transfer/.test(category)
      ? 'transfer'
      : 'income';
  }
  for (const [kind, words] of KIND_WORDS) if (words.test(text)) return kind;
  for (const [kind, words] of CATEGORY_KINDS) if (words.test(category)) return kind;
  // A fixed price on a calendar is what a subscription looks like; a varying one is a bill.
  if (input.fixedAmount) return input.cadence === 'weekly' || input.cadence === 'biweekly' ? 'other' : 'subscription';
  return 'bill';
}
