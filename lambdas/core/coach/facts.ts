import { currencyExponent } from '../money';
import { extractClaims, type NumberClaim } from './numbers';

/**
 * What the tool results of one turn (and the person's own question) let an answer say: every
 * figure they hold, read every way an answer may state it (minor units as an amount, a share as
 * a percentage, an array's length as a count), every date and month, and the figures a goal's
 * arithmetic can produce. Nothing here is computed for the person: it is what an answer may be
 * checked against.
 */
export interface FactSet {
  /** Sorted values a number or a percentage may equal. */
  values: number[];
  /** Amounts (major units, positive) that sums and differences may combine. */
  amounts: number[];
  /** Amounts a goal needs, and monthly amounts it may be saved at: their quotient is a months-to-goal. */
  goalAmounts: number[];
  monthlyAmounts: number[];
  dates: Set<string>;
  months: Set<string>;
}

export interface ToolOutcome {
  name: string;
  input: unknown;
  output: unknown;
}

const MAX_AMOUNTS = 400;
const GOAL_KEYS = /target|remaining|needed|need|saved|goal|cost|price/i;
const MONTHLY_KEYS = /monthly|surplus|perMonth|required|net|average|expenses|income/i;
/**
 * Keys whose strings the tools themselves write from figures they computed (a reason, a nudge, an
 * opportunity's title "coffee: 12 purchases in 90 days", a label), never the person's text. Such a
 * sentence may still quote a name (a merchant, a category): the figures inside a quoted name are
 * left out (see `namesIn`).
 */
const TOOL_SENTENCES = new Set(['reason', 'improve', 'detail', 'message', 'title', 'label']);
const SHARE_KEYS = /share|rate|ratio|probability|weight|variability/i;

/** Reads every figure of the tool outcomes and of the question. */
export function factsOf(
  outcomes: readonly ToolOutcome[],
  question: string,
  today: string,
  locale?: string | null,
): FactSet {
  const values: number[] = [];
  const amounts: number[] = [];
  const goalAmounts: number[] = [];
  const monthlyAmounts: number[] = [];
  const dates = new Set<string>([today]);
  const months = new Set<string>([today.slice(0, 7)]);

  const addAmount = (value: number, key: string, fromGoal: boolean) => {
    const major = Math.abs(value);
    values.push(major);
    amounts.push(major);
    if (fromGoal || GOAL_KEYS.test(key)) goalAmounts.push(major);
    if (MONTHLY_KEYS.test(key)) monthlyAmounts.push(major);
  };

  const walk = (node: unknown, key: string, currency: string | null, fromGoal: boolean) => {
    if (node === null || node === undefined) return;
    if (typeof node === 'number' && Number.isFinite(node)) {
      values.push(Math.abs(node));
      if (Number.isInteger(node)) {
        const exponent = currency ? currencyExponent(currency) : 2;
        addAmount(node / 10 ** exponent, key, fromGoal);
      }
      if (!Number.isInteger(node) || SHARE_KEYS.test(key)) values.push(Math.abs(node * 100));
      return;
    }
    if (typeof node === 'string') {
      if (/^\d{4}-\d{2}-\d{2}/.test(node)) {
        dates.add(node.slice(0, 10));
        months.add(node.slice(0, 7));
      } else if (/^\d{4}-\d{2}$/.test(node)) months.add(node);
      else if (node.length < 400 && TOOL_SENTENCES.has(key)) {
        // figures written inside the tools' own sentences (a reason, a nudge) are figures of the tool;
        // a name (merchant, category, description) is the person's data, and a figure in it proves nothing
        for (const claim of extractClaims(node)) {
          if (quotesAName(node, claim, names)) continue;
          if (claim.kind === 'number' || claim.kind === 'percent') values.push(claim.value as number);
          if (claim.kind === 'date') dates.add(String(claim.value));
          if (claim.kind === 'month') months.add(String(claim.value));
        }
      }
      return;
    }
    if (Array.isArray(node)) {
      values.push(node.length);
      for (const item of node) walk(item, key, currency, fromGoal);
      return;
    }
    if (typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const own =
        typeof record.currency === 'string' && /^[A-Z]{3}$/.test(record.currency) ? record.currency : currency;
      for (const [childKey, child] of Object.entries(record)) walk(child, childKey, own, fromGoal);
    }
  };

  const names = namesIn(outcomes);
  for (const outcome of outcomes) {
    const fromGoal = /goal/.test(outcome.name);
    walk(outcome.input, 'input', null, false);
    walk(outcome.output, '', null, fromGoal);
  }
  for (const claim of extractClaims(question, locale)) {
    if (claim.kind === 'number' || claim.kind === 'percent') {
      values.push(claim.value as number);
      amounts.push(claim.value as number);
      goalAmounts.push(claim.value as number);
      monthlyAmounts.push(claim.value as number);
    }
    if (claim.kind === 'date') dates.add(String(claim.value));
    if (claim.kind === 'month') months.add(String(claim.value));
  }
  const unique = (list: number[]) => [...new Set(list.map((v) => Math.round(v * 1e6) / 1e6))];
  return {
    values: unique(values).sort((a, b) => a - b),
    amounts: unique(amounts)
      .filter((v) => v >= 1)
      .sort((a, b) => b - a)
      .slice(0, MAX_AMOUNTS),
    goalAmounts: unique(goalAmounts).filter((v) => v >= 1),
    monthlyAmounts: unique(monthlyAmounts).filter((v) => v >= 1),
    dates,
    months,
  };
}

/**
 * The person's own text among the tool outcomes that holds a digit: every string that is not a
 * tool's sentence, a date or a month (merchant keys and display names, category names, goal names,
 * account names), lower-cased. A figure of a tool's sentence that falls inside one of them is part
 * of the name, not a figure of the tool.
 */
function namesIn(outcomes: readonly ToolOutcome[]): string[] {
  const names = new Set<string>();
  const walk = (node: unknown, key: string) => {
    if (typeof node === 'string') {
      if (!TOOL_SENTENCES.has(key) && /\d/.test(node) && !/^\d{4}-\d{2}(?:-\d{2})?/.test(node))
        names.add(node.toLowerCase());
    } else if (Array.isArray(node)) for (const item of node) walk(item, key);
    else if (node && typeof node === 'object')
      for (const [childKey, child] of Object.entries(node as Record<string, unknown>)) walk(child, childKey);
  };
  for (const outcome of outcomes) walk(outcome.output, '');
  return [...names];
}

/** Whether the claim's characters overlap a name written in the sentence (case aside). */
function quotesAName(sentence: string, claim: NumberClaim, names: readonly string[]): boolean {
  const lower = sentence.toLowerCase();
  for (const name of names) {
    for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1))
      if (claim.start < at + name.length && claim.end > at) return true;
  }
  return false;
}
