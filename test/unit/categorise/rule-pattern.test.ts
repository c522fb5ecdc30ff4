import { compileRulePattern, MAX_RULE_PATTERN_LENGTH } from '../../../lambdas/core/categorise/rule-pattern';
import { RuleBook, type Rule } from '../../../lambdas/core/categorise/rules';

const rule = (pattern: string, category: string): Rule => ({
  id: category,
  priority: 100,
  matchKind: 'regex',
  pattern,
  amountMin: null,
  amountMax: null,
  sign: null,
  accountId: null,
  category,
  source: 'manual',
  createdFromCorrection: null,
});

describe('regular-expression rules run in linear time', () => {
  it('runs (a+)+$ over 10,000 long descriptions and answers each correctly', () => {
    // A backtracking engine needs about 2^n steps for n a's before "! shop": at n = 40 a single
    // description would take days, so finishing at all (inside jest's timeout) is the property.
    const book = new RuleBook([rule('(a+)+$', 'Hang'), rule('coffee', 'Coffee')]);
    let hung = 0;
    let coffee = 0;
    let none = 0;
    for (let i = 0; i < 10_000; i += 1) {
      const run = 'a'.repeat(40 + (i % 500));
      const description = i % 100 === 0 ? `${run}! coffee shop` : i % 250 === 1 ? `shop ${run}` : `${run}! shop`;
      const match = book.firstMatch({ description, merchant: '', amount: -100 });
      if (match?.category === 'Hang') hung += 1;
      else if (match?.category === 'Coffee') coffee += 1;
      else none += 1;
    }
    expect({ hung, coffee, none }).toEqual({ hung: 40, coffee: 100, none: 9_860 });
  });

  it('is case-insensitive, as the rules were before', () => {
    const compiled = compileRulePattern('^tesco\\s+stores');
    expect(compiled.ok && compiled.pattern.test('TESCO STORES 3217')).toBe(true);
  });

  it.each([
    ['(?=x)shop', 'lookahead'],
    ['shop(?!x)', 'negative lookahead'],
    ['(?<=x)shop', 'lookbehind'],
    ['(?<!x)shop', 'negative lookbehind'],
    ['(a)\\1', 'back-reference'],
    ['(?<n>a)\\k<n>', 'back-reference'],
    ['(?>a+)b', 'atomic group'],
    ['a++b', 'possessive quantifier'],
  ])('refuses %s naming the %s', (pattern, construct) => {
    const compiled = compileRulePattern(pattern);
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.reason).toContain(construct);
  });

  it('refuses what does not parse, and patterns over the length limit', () => {
    const broken = compileRulePattern('(unclosed');
    expect(!broken.ok && broken.reason).toMatch(/missing closing \)/);
    const long = compileRulePattern('a'.repeat(MAX_RULE_PATTERN_LENGTH + 1));
    expect(!long.ok && long.reason).toMatch(/longer than 200/);
  });

  it('a stored pattern RE2 cannot run matches nothing instead of throwing', () => {
    const book = new RuleBook([rule('(?=shop)shop', 'Lookahead'), rule('shop', 'Shop')]);
    expect(book.firstMatch({ description: 'corner shop', merchant: '', amount: -1 })?.category).toBe('Shop');
  });
});
