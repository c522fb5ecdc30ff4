/**
 * `npm run eval:categorise -- FILE.csv [--llm fake] [--orders N] [--without PART,…]`: replays a labelled history
 * (`date,description,amount,category`, any label set) in date order through the real
 * categoriser as one new person who corrects every wrong answer the moment they see it.
 * With `--orders N`, N − 1 more replays shuffle the rows within each day and `acrossOrders`
 * gives the mean, lowest and highest accuracy over all N.
 * Progress goes to stderr; the result is one JSON line on stdout.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { loadMerchantKnowledge } from '../lambdas/app/merchant-knowledge-files';
import type { CategorisableTransaction } from '../lambdas/core/categorise/features';
import { PersonCategoriser } from '../lambdas/core/categorise/person-categoriser';
import { TIER2_PARTS, type Tier2Part } from '../lambdas/core/categorise/personal-model';
import { DEFAULT_CATEGORY_NAMES } from '../lambdas/core/categorise/taxonomy';
import { resolveUnsure, type Decision, type MerchantAnswerCache } from '../lambdas/core/categorise/tiered-categoriser';
import { CATEGORISE_BATCH_SIZE } from '../lambdas/core/messages';
import type { LanguageModel } from '../lambdas/ports/language-model';

interface LabelledRow extends CategorisableTransaction {
  line: number;
  label: string;
}

const CHECKPOINTS = [50, 100, 200];
/** Decisions timed at least, however short the history: a few hundred are over before the JIT is warm. */
const MIN_TIMED_DECISIONS = 20_000;

function readHistory(file: string): LabelledRow[] {
  const records: Record<string, string>[] = parse(readFileSync(file), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const rows: LabelledRow[] = [];
  records.forEach((record, index) => {
    const amount = Math.round(Number(record.amount) * 100);
    if (!/^\d{4}-\d{2}-\d{2}/.test(record.date ?? '') || !Number.isFinite(amount) || !record.category) {
      process.stderr.write(`row ${index + 2}: skipped (date, amount or category unreadable)\n`);
      return;
    }
    rows.push({
      line: index + 2,
      date: record.date.slice(0, 10),
      description: record.description ?? '',
      amount,
      label: record.category,
    });
  });
  // A stable sort: rows of one day keep the file's order.
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => a.row.date.localeCompare(b.row.date) || a.index - b.index)
    .map(({ row }) => row);
}

/** Counts calls and answers every merchant with a label it is allowed to use. */
function countingFakeLanguageModel(): LanguageModel & { calls: number } {
  return {
    modelId: 'fake',
    calls: 0,
    async converse(request) {
      this.calls += 1;
      const asked = JSON.parse(request.messages[0].text) as { merchant: string }[];
      const labels = [...request.system.matchAll(/"([^"]+)"(?=,|\.$)/g)].map((m) => m[1]);
      const label = labels.includes('Other') ? 'Other' : labels[labels.length - 1];
      return {
        text: JSON.stringify({ answers: asked.map((q) => ({ merchant: q.merchant, category: label })) }),
        modelId: 'fake',
      };
    },
  };
}

function memoryCache(): MerchantAnswerCache {
  const stored = new Map<string, string>();
  return {
    async get(merchants) {
      return new Map(merchants.flatMap((m) => (stored.has(m) ? [[m, stored.get(m)!] as const] : [])));
    },
    async put(answers) {
      for (const [m, label] of answers) stored.set(m, label);
    },
  };
}

/** Which tier and answerer decided: `rule`, `llm`, `model:merchant`, `knowledge:pattern`, `knowledge:word`, `knowledge:brand`, … */
function answererOf(decision: Decision): string {
  if (decision.categorySource !== 'model') return decision.categorySource;
  if (decision.decidedBy.startsWith('brands@')) return 'knowledge:brand';
  if (decision.decidedBy.startsWith('knowledge@'))
    return decision.decidedBy.includes(':word:') ? 'knowledge:word' : 'knowledge:pattern';
  return `model:${decision.decidedBy.split(':')[1]?.split(';')[0] ?? 'unknown'}`;
}

/**
 * The same history with the rows of each day in another order (a statement's order within a
 * day is often arbitrary): a deterministic shuffle per seed.
 */
function withinDayShuffle(rows: readonly LabelledRow[], seed: number): LabelledRow[] {
  let state = (seed * 2654435761) % 4294967296 || 1;
  const random = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const out: LabelledRow[] = [];
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end].date === rows[start].date) end += 1;
    const day = rows.slice(start, end);
    for (let i = day.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [day[i], day[j]] = [day[j], day[i]];
    }
    out.push(...day);
    start = end;
  }
  return out;
}

type ReplayResult = Record<string, unknown> & {
  prequentialAccuracy: number | null;
  newMerchantAccuracy: number | null;
  seenMerchantAccuracy: number | null;
  /** The person's categoriser as the replay left it: timed once, not printed. */
  categoriser: PersonCategoriser;
};

type Accuracies = Pick<ReplayResult, 'prequentialAccuracy' | 'seenMerchantAccuracy' | 'newMerchantAccuracy'>;

function accuraciesOf({ prequentialAccuracy, seenMerchantAccuracy, newMerchantAccuracy }: Accuracies): Accuracies {
  return { prequentialAccuracy, seenMerchantAccuracy, newMerchantAccuracy };
}

function spread(values: number[]): { mean: number; min: number; max: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return { mean: Math.round(mean * 100) / 100, min: Math.min(...values), max: Math.max(...values) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : null);
  const file = args.find(
    (arg, index) => !arg.startsWith('--') && !['--llm', '--orders', '--without'].includes(args[index - 1]),
  );
  const llmMode = valueOf('--llm');
  const orders = Number(valueOf('--orders') ?? 1);
  if (!file) throw new Error('usage: npm run eval:categorise -- FILE.csv [--llm fake] [--orders N]');
  if (llmMode && llmMode !== 'fake') throw new Error(`--llm ${llmMode}: only "fake" is supported offline`);
  if (!Number.isInteger(orders) || orders < 1)
    throw new Error(`--orders ${valueOf('--orders')}: a whole number of replays, 1 or more`);
  // `--without a,b` (or the flag repeated): tier 2 with those answerers or overrides switched off.
  const without = args.flatMap((arg, index) => (args[index - 1] === '--without' ? arg.split(',') : [])) as Tier2Part[];
  const unknown = without.filter((part) => !(TIER2_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0)
    throw new Error(`--without ${unknown.join(',')}: not a part of tier 2 (one of ${TIER2_PARTS.join(', ')})`);

  const rows = readHistory(file);
  const { categoriser, replayPerSecond, ...result } = await replay(rows, file, llmMode, without);
  const output: Record<string, unknown> = {
    ...result,
    without,
    txPerSecond: decisionsPerSecond(categoriser, rows),
    replayPerSecond,
  };
  if (orders > 1) {
    // One changed answer early on changes what is learned after it: other orders of the same
    // days show how much of a difference between two versions is that, not the change.
    // Only the accuracies are kept of each replay, not its person's model.
    const runs = [accuraciesOf(result)];
    for (let seed = 1; seed < orders; seed += 1) {
      process.stderr.write(`eval: order ${seed + 1}/${orders} (rows of each day shuffled)\n`);
      runs.push(accuraciesOf(await replay(withinDayShuffle(rows, seed), file, llmMode, without, true)));
    }
    const of = (field: keyof Accuracies) => spread(runs.map((run) => run[field] ?? 0));
    output.acrossOrders = {
      orders,
      prequentialAccuracy: of('prequentialAccuracy'),
      seenMerchantAccuracy: of('seenMerchantAccuracy'),
      newMerchantAccuracy: of('newMerchantAccuracy'),
    };
  }
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

/** Replays the rows in the order given as one new person; returns the evaluation's figures. */
async function replay(
  rows: readonly LabelledRow[],
  file: string,
  llmMode: string | null,
  without: readonly Tier2Part[],
  quiet = false,
): Promise<ReplayResult> {
  const categoriser = new PersonCategoriser(loadMerchantKnowledge(), undefined, { without });
  const languageModel = llmMode ? countingFakeLanguageModel() : null;
  const cache = memoryCache();
  const labels = new Set<string>(DEFAULT_CATEGORY_NAMES);
  const seenMerchants = new Set<string>();
  const tally = { right: 0, firstHalf: [0, 0], lastHalf: [0, 0], seen: [0, 0], fresh: [0, 0] };
  const afterCorrections = new Map(CHECKPOINTS.map((n) => [n, [0, 0]]));
  const bySource = new Map<string, [number, number]>();
  /** Right and total per tenth of the confidence shown: a calibrated 0.8 is right four times in five. */
  const byConfidence = Array.from({ length: 10 }, () => [0, 0]);
  let corrections = 0;
  let busyMs = 0;

  for (let start = 0; start < rows.length; start += CATEGORISE_BATCH_SIZE) {
    const batch = rows.slice(start, start + CATEGORISE_BATCH_SIZE);
    // Tier 3 sees a batch the way the categoriser Lambda does: before the person reviews it.
    const tier3 = new Map<string, Decision>();
    if (languageModel) {
      const decisions = batch.map((row) => categoriser.decide(row));
      await resolveUnsure(decisions, batch, { languageModel, cache, labels: [...labels] });
      decisions.forEach((decision) => {
        if (decision.categorySource === 'llm') tier3.set(decision.merchant, decision);
      });
    }
    const began = performance.now();
    for (const [offset, row] of batch.entries()) {
      const index = start + offset;
      let decision = categoriser.decide(row);
      if (decision.unsure && tier3.has(decision.merchant)) decision = tier3.get(decision.merchant)!;
      const right = decision.category === row.label;
      const merchant = decision.merchant;
      const half = index < rows.length / 2 ? tally.firstHalf : tally.lastHalf;
      const novelty = seenMerchants.has(merchant) ? tally.seen : tally.fresh;
      for (const bucket of [half, novelty]) {
        bucket[0] += right ? 1 : 0;
        bucket[1] += 1;
      }
      for (const [n, bucket] of afterCorrections)
        if (corrections >= n) {
          bucket[0] += right ? 1 : 0;
          bucket[1] += 1;
        }
      const tenth = byConfidence[Math.min(9, Math.floor(decision.confidence * 10))];
      tenth[0] += right ? 1 : 0;
      tenth[1] += 1;
      const source = answererOf(decision);
      const sourceTally = bySource.get(source) ?? [0, 0];
      sourceTally[0] += right ? 1 : 0;
      sourceTally[1] += 1;
      bySource.set(source, sourceTally);
      if (right) {
        tally.right += 1;
        categoriser.confirm({ ...row, merchant }, row.label);
      } else {
        corrections += 1;
        categoriser.correct({ ...row, merchant }, row.label, { correctionId: `c${index}`, ruleId: `r${index}` });
      }
      labels.add(row.label);
      seenMerchants.add(merchant);
    }
    busyMs += performance.now() - began;
    if (!quiet && (start / CATEGORISE_BATCH_SIZE) % 20 === 0)
      process.stderr.write(
        `eval: ${Math.min(rows.length, start + batch.length)}/${rows.length} rows, ${((100 * tally.right) / Math.max(1, start + batch.length)).toFixed(1)}% right so far\n`,
      );
  }

  const share = ([right, total]: number[]) => (total === 0 ? null : Math.round((1000 * right) / total) / 10);
  return {
    eval: 'categorise',
    file: file.split('/').pop(),
    llm: llmMode ?? 'none',
    rows: rows.length,
    prequentialAccuracy: share([tally.right, rows.length]),
    firstHalf: share(tally.firstHalf),
    lastHalf: share(tally.lastHalf),
    seenMerchantAccuracy: share(tally.seen),
    newMerchantAccuracy: share(tally.fresh),
    newMerchantShare: share([tally.fresh[1], rows.length]),
    accuracyAfterCorrections: Object.fromEntries([...afterCorrections].map(([n, bucket]) => [n, share(bucket)])),
    corrections,
    llmCalls: languageModel?.calls ?? 0,
    bySource: Object.fromEntries(
      [...bySource]
        .sort((a, b) => b[1][1] - a[1][1])
        .map(([source, bucket]) => [source, { rows: bucket[1], accuracy: share(bucket) }]),
    ),
    calibration: byConfidence.flatMap(([right, total], tenth) =>
      total === 0
        ? []
        : [{ confidence: `${tenth / 10}-${(tenth + 1) / 10}`, rows: total, accuracy: share([right, total]) }],
    ),
    replayPerSecond: Math.round(rows.length / (busyMs / 1000)),
    categoriser,
  };
}

/**
 * Tiers 1–2 as the categoriser Lambda runs them: deciding only, with the fully learned model.
 * A short history is decided several times over (after one pass to warm up), so that the
 * figure is the model's speed and not the JIT's first minutes.
 */
function decisionsPerSecond(categoriser: PersonCategoriser, rows: readonly LabelledRow[]): number {
  for (const row of rows) categoriser.decide(row);
  let decided = 0;
  const started = performance.now();
  while (decided < Math.max(rows.length, MIN_TIMED_DECISIONS)) {
    for (const row of rows) categoriser.decide(row);
    decided += rows.length;
  }
  return Math.round(decided / ((performance.now() - started) / 1000));
}

main().catch((error: unknown) => {
  process.stderr.write(`eval:categorise failed: ${(error as Error).message}\n`);
  process.exit(1);
});
