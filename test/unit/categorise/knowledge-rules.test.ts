import { loadMerchantKnowledge, readPatternTable } from '../../../lambdas/app/merchant-knowledge-files';
import { merchantKey } from '../../../lambdas/core/categorise/merchant-key';

interface HandKeptRule {
  id: string;
  covers: string;
  category: string;
  kind?: string;
  words: string[];
}

// The table as loaded: the transfer rule carries core's transfer wording, so its words are checked here too.
const table = readPatternTable() as {
  version: string;
  rules: HandKeptRule[];
  kindWords: Record<string, [string, string]>;
};
const knowledge = loadMerchantKnowledge();

/**
 * The shortest text a rule's word stands for: optional parts and lookarounds left out, the
 * first branch of a group, the first character of a class, `\b` dropped, an escape taken as
 * its character. Enough for the words the table uses (the test fails on anything else).
 */
function literalOf(word: string): string {
  let out = '';
  let index = 0;
  const groupEnd = (from: number): number => {
    let depth = 0;
    for (let i = from; i < word.length; i += 1) {
      if (word[i] === '\\') {
        i += 1;
        continue;
      }
      if (word[i] === '(') depth += 1;
      if (word[i] === ')' && --depth === 0) return i;
    }
    throw new Error(`unbalanced group in ${word}`);
  };
  const firstBranch = (body: string): string => {
    let depth = 0;
    for (let i = 0; i < body.length; i += 1) {
      if (body[i] === '\\') {
        i += 1;
        continue;
      }
      if (body[i] === '(') depth += 1;
      if (body[i] === ')') depth -= 1;
      if (body[i] === '|' && depth === 0) return body.slice(0, i);
    }
    return body;
  };
  while (index < word.length) {
    let piece: string;
    let next: number;
    const char = word[index];
    if (char === '(') {
      const end = groupEnd(index);
      const inner = word.slice(index + 1, end);
      if (/^\?<?[=!]/.test(inner)) {
        index = end + 1;
        continue;
      }
      piece = literalOf(firstBranch(inner.replace(/^\?:/, '')));
      next = end + 1;
    } else if (char === '[') {
      const end = word.indexOf(']', index);
      piece = word[index + 1] === '^' ? 'x' : word[index + 1];
      next = end + 1;
    } else if (char === '\\') {
      const escaped = word[index + 1];
      piece = escaped === 'b' ? '' : escaped === 's' ? ' ' : escaped === 'd' ? '1' : escaped;
      next = index + 2;
    } else if (char === '.') {
      piece = 'x';
      next = index + 1;
    } else {
      piece = char;
      next = index + 1;
    }
    const quantifier = word[next];
    if (quantifier === '?' || quantifier === '*') {
      index = next + 1;
      continue;
    }
    if (quantifier === '+') next += 1;
    if (quantifier === '{') {
      const end = word.indexOf('}', next);
      piece = piece.repeat(Number(word.slice(next + 1, end).split(',')[0]));
      next = end + 1;
    }
    out += piece;
    index = next;
  }
  return out;
}

describe('the hand-kept knowledge rules', () => {
  it('each have a stable id and say which class of texts they cover', () => {
    expect(new Set(table.rules.map((rule) => rule.id)).size).toBe(table.rules.length);
    for (const rule of table.rules) expect(rule.covers.length).toBeGreaterThan(10);
  });

  it('name a rule by its id in a decision, so an inserted rule does not change what a stored decidedBy means', () => {
    expect(knowledge.lookup('Company Salary', merchantKey('Company Salary'))?.entry).toBe(
      `knowledge@${table.version}:pattern:salary`,
    );
  });

  const words = table.rules.flatMap((rule) => rule.words.map((word) => ({ rule, word, literal: literalOf(word) })));

  it('hold no word twice', () => {
    const seen = new Map<string, string>();
    const repeated = words.flatMap(({ rule, word, literal }) => {
      const key = literal.toLowerCase();
      const first = seen.get(key);
      seen.set(key, rule.id);
      return first ? [`${word} (${rule.id}) repeats ${first}`] : [];
    });
    expect(repeated).toEqual([]);
  });

  // First match wins: a word an earlier rule already answers (`ATM FEE` by the cash rule) can never speak.
  it.each(words.map(({ rule, word, literal }) => [literal, rule.id, word]))(
    'answer "%s" by its own rule, %s (word %s)',
    (literal, id) => {
      const answer = knowledge.lookup(literal, merchantKey(literal));
      expect(answer?.entry).toBe(`knowledge@${table.version}:pattern:${id}`);
    },
  );

  it('hold no word of a kind of place that another of the same meaning already finds (`laundromat` beside `laundr*`)', () => {
    const starts = Object.keys(table.kindWords).filter((word) => word.endsWith('*'));
    const covered = Object.entries(table.kindWords).flatMap(([word, meaning]) =>
      starts
        .filter(
          (start) =>
            start !== word && word.startsWith(start.slice(0, -1)) && table.kindWords[start].join() === meaning.join(),
        )
        .map((start) => `${word} by ${start}`),
    );
    expect(covered).toEqual([]);
  });
});
