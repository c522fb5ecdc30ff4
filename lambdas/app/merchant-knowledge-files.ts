import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MerchantKnowledge } from '../core/categorise/merchant-knowledge';
import { TRANSFER_RULE_ID, TRANSFER_WORDS } from '../core/ledger/transfer-wording';

/** The knowledge as shipped in the layer: `/opt/nodejs/…` on Lambda, the repository's folder locally. */
export const LOCAL_KNOWLEDGE_DIR = join(__dirname, '../../layers/merchant-knowledge/nodejs');

const patternTable = z.object({
  version: z.string(),
  rules: z
    .array(
      z.object({
        /** Stable: a stored decision names it, so it keeps its meaning when a rule is added or moved. */
        id: z.string().regex(/^[a-z][a-z0-9-]*$/),
        /** The class of texts the rule covers (a processor's prefix, a tax authority, a kind of shop), for the people who keep it. */
        covers: z.string().min(1),
        category: z.string(),
        kind: z.string().optional(),
        /** Alternatives, each a case-insensitive regular expression matched only where it starts a word. */
        words: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1)
    .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, 'rule ids must be unique'),
  /** word (or `start*`) → [category, kind] */
  kindWords: z.record(z.string(), z.tuple([z.string(), z.string()])).optional(),
});

const brandTable = z.object({
  version: z.string(),
  entries: z.record(
    z.string(),
    z.union([z.tuple([z.string(), z.number(), z.number()]), z.tuple([z.string(), z.number(), z.number(), z.string()])]),
  ),
});

/** Reads the hand-kept patterns and, when the layer has it, the brand table built from public data (`npm run build:knowledge`). */
export function loadMerchantKnowledge(dir: string = LOCAL_KNOWLEDGE_DIR): MerchantKnowledge {
  const patterns = readPatternTable(dir);
  const brandsFile = join(dir, 'brands.json');
  const brands = existsSync(brandsFile) ? brandTable.parse(JSON.parse(readFileSync(brandsFile, 'utf8'))) : null;
  const rules = patterns.rules.map(({ id, category, kind, words }) => ({
    id,
    category,
    kind,
    pattern: wordStartPattern(words),
  }));
  return new MerchantKnowledge({
    version: patterns.version,
    patterns: rules,
    brands: brands?.entries,
    brandsVersion: brands?.version,
    kindWords: patterns.kindWords,
  });
}

/**
 * The hand-kept table as the categoriser uses it: the transfer rule's words are the file's plus
 * the transfer wording core owns (TRANSFER_WORDS), so pairing and categorising read one list.
 */
export function readPatternTable(dir: string = LOCAL_KNOWLEDGE_DIR): z.infer<typeof patternTable> {
  const table = patternTable.parse(JSON.parse(readFileSync(join(dir, 'keyword-table.json'), 'utf8')));
  if (!table.rules.some((rule) => rule.id === TRANSFER_RULE_ID)) {
    throw new Error(`keyword-table.json has no rule ${TRANSFER_RULE_ID} to carry the transfer wording`);
  }
  return {
    ...table,
    rules: table.rules.map((rule) =>
      rule.id === TRANSFER_RULE_ID ? { ...rule, words: [...TRANSFER_WORDS, ...rule.words] } : rule,
    ),
  };
}

/** One regular expression for a rule's words: any of them, where it starts a word (no letter or digit before it). */
export function wordStartPattern(words: readonly string[]): string {
  return `(?<![a-z0-9])(?:${words.join('|')})`;
}
