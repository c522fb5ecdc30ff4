import { compileRulePattern, NEVER_MATCHES, type RulePattern } from './rule-pattern';
import { LEARNED_RULE_AMOUNT_BAND } from './tuning';

/**
 * Tier 1: a person's rules. A rule written by the person says what it says; a rule learned
 * from a correction says "this merchant (at about this amount, when the merchant is
 * multi-purpose) is this category", and the latest correction of a merchant wins.
 */
export interface Rule {
  id: string;
  /** Lower runs first. */
  priority: number;
  matchKind: 'merchant' | 'contains' | 'regex';
  pattern: string;
  /** Inclusive bounds on the absolute amount, minor units. */
  amountMin: number | null;
  amountMax: number | null;
  sign: 1 | -1 | null;
  accountId: string | null;
  category: string;
  source: 'manual' | 'learned';
  createdFromCorrection: string | null;
}

export interface RuleSubject {
  description: string;
  merchant: string;
  amount: number;
  accountId?: string | null;
}

/** Rules a person writes run before the ones learned for them; among equals, the newest learned wins. */
export const MANUAL_RULE_PRIORITY = 100;
export const LEARNED_RULE_PRIORITY = 1000;

export function ruleMatches(rule: Rule, subject: RuleSubject, compiled?: RulePattern): boolean {
  const size = Math.abs(subject.amount);
  if (rule.sign !== null && Math.sign(subject.amount) !== rule.sign) return false;
  if (rule.amountMin !== null && size < rule.amountMin) return false;
  if (rule.amountMax !== null && size > rule.amountMax) return false;
  if (rule.accountId !== null && subject.accountId !== rule.accountId) return false;
  switch (rule.matchKind) {
    case 'merchant':
      return subject.merchant === rule.pattern;
    case 'contains':
      return subject.description.toLowerCase().includes(rule.pattern.toLowerCase());
    case 'regex':
      return (compiled ?? compileStored(rule.pattern)).test(subject.description);
  }
}

/**
 * Rules ready to run. Merchant rules (all learned rules among them) are found by key, so ten
 * thousand of them cost one map read; the others are few and run in order, regular
 * expressions compiled once.
 */
export class RuleBook {
  private readonly merchantRules = new Map<string, Rule[]>();
  private textRules: { rule: Rule; regex?: RulePattern }[] = [];
  /** Insertion order: among rules of equal priority the newest wins. */
  private readonly added = new Map<string, number>();
  private clock = 0;

  constructor(rules: readonly Rule[]) {
    for (const rule of rules) this.add(rule);
  }

  get rules(): Rule[] {
    return [...this.textRules.map(({ rule }) => rule), ...[...this.merchantRules.values()].flat()].sort((a, b) =>
      this.precedence(a, b),
    );
  }

  /** The merchant rules of one merchant key, in the order they run. */
  rulesFor(merchant: string): Rule[] {
    return [...(this.merchantRules.get(merchant) ?? [])];
  }

  add(rule: Rule): void {
    this.added.set(rule.id, this.clock++);
    if (rule.matchKind === 'merchant') {
      const list = this.merchantRules.get(rule.pattern) ?? [];
      list.push(rule);
      list.sort((a, b) => this.precedence(a, b));
      this.merchantRules.set(rule.pattern, list);
    } else {
      this.textRules.push({ rule, regex: rule.matchKind === 'regex' ? compileStored(rule.pattern) : undefined });
      this.textRules.sort((a, b) => this.precedence(a.rule, b.rule));
    }
  }

  remove(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    for (const [pattern, list] of this.merchantRules) {
      const kept = list.filter((rule) => !gone.has(rule.id));
      if (kept.length === 0) this.merchantRules.delete(pattern);
      else if (kept.length !== list.length) this.merchantRules.set(pattern, kept);
    }
    this.textRules = this.textRules.filter(({ rule }) => !gone.has(rule.id));
  }

  firstMatch(subject: RuleSubject): Rule | null {
    let best: Rule | null = null;
    for (const rule of this.merchantRules.get(subject.merchant) ?? []) {
      if (ruleMatches(rule, subject)) {
        best = rule;
        break;
      }
    }
    for (const { rule, regex } of this.textRules) {
      if (best && this.precedence(rule, best) > 0) break;
      if (ruleMatches(rule, subject, regex)) return rule;
    }
    return best;
  }

  /** Lower priority first; among equals, the one added last. */
  private precedence(a: Rule, b: Rule): number {
    return a.priority - b.priority || (this.added.get(b.id) ?? 0) - (this.added.get(a.id) ?? 0);
  }
}

function compileStored(pattern: string): RulePattern {
  const compiled = compileRulePattern(pattern);
  return compiled.ok ? compiled.pattern : NEVER_MATCHES;
}

export interface LearnedRuleChange {
  /** The rule to add; null when nothing is learned (no merchant, or "don't learn"). */
  add: Omit<Rule, 'id'> | null;
  /** Learned rules the new one replaces: the person changed their mind about that merchant. */
  replace: string[];
}

/**
 * What a correction teaches. A merchant the person has labelled one way gets a rule for all
 * its amounts; a multi-purpose one (other labels at other amounts) gets a rule for amounts
 * near this one, so Amazon at 12.99 can be Subscriptions while Amazon at 240 stays Shopping.
 */
export function learnFromCorrection(input: {
  subject: RuleSubject;
  category: string;
  correctionId: string;
  existing: readonly Rule[];
  /** Other labels this person gave the merchant before, at these amounts (absolute minor units). */
  otherLabels: readonly { label: string; size: number }[];
  dontLearn: boolean;
}): LearnedRuleChange {
  const { subject, category } = input;
  if (!subject.merchant || input.dontLearn) return { add: null, replace: [] };
  const sign: 1 | -1 = subject.amount < 0 ? -1 : 1;
  const size = Math.abs(subject.amount);
  const multiPurpose = input.otherLabels.some((other) => other.label !== category);
  const amountMin = multiPurpose ? Math.floor(size / LEARNED_RULE_AMOUNT_BAND) : null;
  const amountMax = multiPurpose ? Math.ceil(size * LEARNED_RULE_AMOUNT_BAND) : null;
  const replace = input.existing
    .filter(
      (rule) =>
        rule.source === 'learned' &&
        rule.matchKind === 'merchant' &&
        rule.pattern === subject.merchant &&
        rule.sign === sign,
    )
    .filter((rule) => within(rule, amountMin, amountMax))
    .map((rule) => rule.id);
  return {
    add: {
      priority: LEARNED_RULE_PRIORITY,
      matchKind: 'merchant',
      pattern: subject.merchant,
      amountMin,
      amountMax,
      sign,
      accountId: null,
      category,
      source: 'learned',
      createdFromCorrection: input.correctionId,
    },
    replace,
  };
}

/** A learned rule the new one covers entirely: a band rule never removes the merchant's general rule. */
function within(rule: Rule, min: number | null, max: number | null): boolean {
  return (
    (rule.amountMin ?? 0) >= (min ?? 0) &&
    (rule.amountMax ?? Number.MAX_SAFE_INTEGER) <= (max ?? Number.MAX_SAFE_INTEGER)
  );
}
