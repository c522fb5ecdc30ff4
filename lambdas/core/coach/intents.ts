import { shiftMonth } from '../summary/months';
import { extractClaims, monthNumber } from './numbers';

/** The common questions the deterministic coach answers from the tools (issue 21's list, and a few more). */
export const COACH_INTENTS = [
  'overview',
  'spending',
  'afford',
  'cut',
  'health',
  'goal',
  'subscriptions',
  'budgets',
  'forecast',
  'unusual',
  'cashflow',
  'habits',
] as const;
export type CoachIntent = (typeof COACH_INTENTS)[number];

export interface DetectedIntent {
  intent: CoachIntent;
  /** The month the question is about (YYYY-MM), when it names one. */
  month: string | null;
  /** An amount the question names (major units): the price of a holiday, a monthly saving wanted. */
  amount: number | null;
}

/** Ordered: the first rule that matches wins ("can I afford" before "save", "goal" before "save"). */
const RULES: [CoachIntent, RegExp][] = [
  ['spending', /\bhow much did i (?:spend|pay)\b|\bwhere did (?:my|the) money go\b/],
  ['afford', /\bafford\b|\bcan i (?:buy|pay for|spend)\b|\benough (?:money|for)\b/],
  ['goal', /\bgoals?\b|\breach\b.*\b(?:target|saving)|\bsaving (?:up )?for\b/],
  ['health', /\bhealth\b|\bscore\b|\bhow am i doing\b|\bfinancial(?:ly)? (?:fit|healthy)\b/],
  ['subscriptions', /\bsubscriptions?\b|\brecurring\b|\bdirect debits?\b|\bbills?\b|\bstanding orders?\b/],
  ['cut', /\bcut\b|\bsave\b|\bsaving\b|\breduce\b|\bspend less\b|\bcheaper\b|\btrim\b/],
  ['unusual', /\bunusual\b|\bstrange\b|\bsuspicious\b|\banomal|\bcharged twice\b|\bduplicate\b|\bfraud/],
  ['budgets', /\bbudgets?\b|\bover (?:my )?limit\b|\bon track\b/],
  ['cashflow', /\bbalance\b|\brun out\b|\boverdra|\bcash ?flow\b|\bpayday\b|\bshort(?:fall)?\b/],
  ['forecast', /\bforecast\b|\bpredict|\bnext (?:month|year)\b|\bwill i spend\b|\bexpect(?:ed)? to spend\b/],
  ['habits', /\bhabits?\b|\bweekends?\b|\bcoffee\b|\bno[- ]spend\b|\bsmall purchases\b|\bfees?\b/],
  [
    'spending',
    /\bwhere\b.*\b(?:money|spend|spent)\b|\bspen[dt]\b|\bspending\b|\bexpenses\b|\bwhat did i\b|\bincome\b|\bearn/,
  ],
];

/** What the question asks, the month and amount it names; no question is the overview (three useful things now). */
export function detectIntent(
  question: string | null | undefined,
  today: string,
  locale?: string | null,
): DetectedIntent {
  const text = (question ?? '').toLowerCase();
  if (!text.trim()) return { intent: 'overview', month: null, amount: null };
  const intent = RULES.find(([, pattern]) => pattern.test(text))?.[0] ?? 'overview';
  return { intent, month: monthNamed(text, today), amount: amountNamed(question ?? '', locale) };
}

const MONTH_WORD =
  /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:\s+(\d{4}))?/;

/** "last month", "this month", "next month", "in August" (the next August, or this one), "March 2024". */
export function monthNamed(text: string, today: string): string | null {
  const current = today.slice(0, 7);
  if (/\blast month\b|\bprevious month\b/.test(text)) return shiftMonth(current, -1);
  if (/\bthis month\b/.test(text)) return current;
  if (/\bnext month\b/.test(text)) return shiftMonth(current, 1);
  const iso = /\b(\d{4})-(\d{2})\b/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}`;
  const named = MONTH_WORD.exec(text);
  if (!named || (named[1] === 'may' && !/\bin may\b|\bmay \d{4}\b/.test(text))) return null;
  const month = monthNumber(named[1]);
  if (named[2]) return `${named[2]}-${String(month).padStart(2, '0')}`;
  const year = Number(today.slice(0, 4));
  const thisYears = `${year}-${String(month).padStart(2, '0')}`;
  // a month in the past of a question about the future ("afford … in August") is next year's
  const pastTense = /\b(did|was|were|spent|went|last)\b/.test(text);
  if (thisYears < current && !pastTense) return `${year + 1}-${String(month).padStart(2, '0')}`;
  if (thisYears > current && pastTense) return `${year - 1}-${String(month).padStart(2, '0')}`;
  return thisYears;
}

function amountNamed(question: string, locale?: string | null): number | null {
  const numbers = extractClaims(question, locale).filter((claim) => claim.kind === 'number');
  const amounts = numbers.map((claim) => claim.value as number).filter((value) => value >= 1);
  return amounts.length ? Math.max(...amounts) : null;
}
