import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MerchantKnowledge } from '../core/categorise/merchant-knowledge';

/** The knowledge as shipped in the layer: `/opt/nodejs/…` on Lambda, the repository's folder locally. */
export const LOCAL_KNOWLEDGE_DIR = join(__dirname, '../../layers/merchant-knowledge/nodejs');

const patternTable = z.object({
  version: z.string(),
  rules: z.array(z.object({ pattern: z.string(), category: z.string(), kind: z.string().optional() })).min(1),
  /** word (or `start*`) → [category, kind] */
  kindWords: z.record(z.string(), z.tuple([z.string(), z.string()])).optional(),
});

const brandTable = z.object({
  version: z.string(),
  entries: z.record(z.string(), z.union([z.tuple([z.string(), z.number(), z.number()]), z.tuple([z.string(), z.number(), z.number(), z.string()])])),
});

/** Reads the hand-kept patterns and, when the layer has it, the brand table built from public data (`npm run build:knowledge`). */
export function loadMerchantKnowledge(dir: string = LOCAL_KNOWLEDGE_DIR): MerchantKnowledge {
  const patterns = patternTable.parse(JSON.parse(readFileSync(join(dir, 'keyword-table.json'), 'utf8')));
  const brandsFile = join(dir, 'brands.json');
  const brands = existsSync(brandsFile) ? brandTable.parse(JSON.parse(readFileSync(brandsFile, 'utf8'))) : null;
  return new MerchantKnowledge({ version: patterns.version, patterns: patterns.rules, brands: brands?.entries, brandsVersion: brands?.version, kindWords: patterns.kindWords });
}
