import { RE2JS } from 're2js';

/**
 * A person's regular-expression rule runs on RE2 (re2js, a pure-JS port): matching takes
 * time linear in the text whatever the pattern, so `(a+)+$` over a long description cannot
 * hold the categoriser (or the API) for seconds the way a backtracking engine does. What
 * RE2 cannot run in linear time (back-references, look-around) is refused when the rule is
 * written, naming the construct, rather than silently never matching.
 */
export const MAX_RULE_PATTERN_LENGTH = 200;

export interface RulePattern {
  test(text: string): boolean;
}

export type CompiledRulePattern = { ok: true; pattern: RulePattern } | { ok: false; reason: string };

/** Constructs people bring from JavaScript or PCRE that RE2 refuses, by the text that starts them. */
const UNSUPPORTED: { test: RegExp; name: string }[] = [
  { test: /\(\?=/, name: 'a lookahead `(?=…)`' },
  { test: /\(\?!/, name: 'a negative lookahead `(?!…)`' },
  { test: /\(\?<=/, name: 'a lookbehind `(?<=…)`' },
  { test: /\(\?<!/, name: 'a negative lookbehind `(?<!…)`' },
  { test: /\\[1-9]/, name: 'a back-reference `\\1`' },
  { test: /\\k</, name: 'a named back-reference `\\k<…>`' },
  { test: /\(\?>/, name: 'an atomic group `(?>…)`' },
  { test: /[*+?}][+]/, name: 'a possessive quantifier `*+`' },
];

export function compileRulePattern(source: string): CompiledRulePattern {
  if (source.length > MAX_RULE_PATTERN_LENGTH) {
    return { ok: false, reason: `the pattern is longer than ${MAX_RULE_PATTERN_LENGTH} characters` };
  }
  const unsupported = UNSUPPORTED.find(({ test }) => test.test(source));
  if (unsupported)
    return { ok: false, reason: `the pattern uses ${unsupported.name}, which a linear-time matcher cannot run` };
  try {
    const compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    return { ok: true, pattern: { test: (text) => compiled.test(text) } };
  } catch (error) {
    // RE2's own message names the offending text: "invalid or unsupported Perl syntax: `(?i`".
    const detail = (error as Error).message.replace(/^error parsing regexp:\s*/, '');
    return { ok: false, reason: `the pattern cannot run: ${detail}` };
  }
}

/** A stored pattern that no longer compiles (written before this check) matches nothing. */
export const NEVER_MATCHES: RulePattern = { test: () => false };
