/**
 * `npm run eval:coach -- FILE.csv`: 40 questions to the coach about one person built from a
 * labelled history (`date,description,amount,category`; its dates moved forward by whole months
 * so that its last month is the last complete one), each with the facts a right answer must
 * contain, computed from the same tools the coach calls. Uses the model at COACH_MODEL_URL when
 * set (COACH_MODEL_NAME, COACH_MODEL_API_KEY), else the deterministic coach. Prints one JSON line:
 * `overall` and `answers`, each with `answered`, `factsRight`, `verifiedNumbers`,
 * `withheldNumbers`, `toolCalls`, `tokens` (counted by the model, else estimated from the
 * assembled prompt and tool results) and `ms`. Progress on stderr.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startEmbeddedDatabase } from '../lambdas/adapters/local/embedded-database';
import { OpenAiCompatibleCoachModel } from '../lambdas/adapters/local/openai-compatible-coach-model';
import { loadMigrations } from '../lambdas/adapters/postgres/load-migrations';
import { runMigrations } from '../lambdas/adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../lambdas/adapters/postgres/postgres-database';
import { withUser } from '../lambdas/adapters/postgres/user-scope';
import type { ApiContext } from '../lambdas/app/api/api-context';
import { answerQuestion } from '../lambdas/app/coach/answer-question';
import { runCoachTool } from '../lambdas/app/coach/coach-tools';
import { detectInsights } from '../lambdas/app/detect-insights';
import { refitForecasts } from '../lambdas/app/refit-forecasts';
import { merchantKey } from '../lambdas/core/categorise/merchant-key';
import { MONTH_NAMES, monthInWords } from '../lambdas/core/coach/format';
import { extractClaims } from '../lambdas/core/coach/numbers';
import { currencyExponent } from '../lambdas/core/money';
import { DEFAULT_PERSON_LIMITS } from '../lambdas/core/person-limits';
import { shiftMonth } from '../lambdas/core/summary/months';
import { readHistoryCsv } from './read-history-csv';

const log = (line: string) => process.stderr.write(`${line}\n`);
const file = process.argv[2];
if (!file) {
  log('usage: npm run eval:coach -- FILE.csv [--currency INR] [--locale en-IN]');
  process.exit(2);
}
const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const CURRENCY = flag(
  'currency',
  basename(file).startsWith('in-') ? 'INR' : basename(file).startsWith('za-') ? 'ZAR' : 'USD',
);
const LOCALE = flag('locale', CURRENCY === 'INR' ? 'en-IN' : CURRENCY === 'ZAR' ? 'en-ZA' : 'en-US');
const monthName = monthInWords;

/** A fact a right answer states: an amount (minor units), a count, or a name. */
type Fact = { kind: 'amount'; minor: number } | { kind: 'count'; value: number } | { kind: 'text'; value: string };
interface Question {
  question: string | undefined;
  facts: Fact[];
}

/** Moves a date by whole months, the day kept (clamped to the month's length). */
function moveDate(date: string, months: number): string {
  const month = shiftMonth(date.slice(0, 7), months);
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${String(Math.min(Number(date.slice(8, 10)), last)).padStart(2, '0')}`;
}

function stated(answer: string, fact: Fact): boolean {
  if (fact.kind === 'text') return answer.toLowerCase().includes(fact.value.toLowerCase());
  const target = fact.kind === 'amount' ? Math.abs(fact.minor) / 10 ** currencyExponent(CURRENCY) : fact.value;
  return extractClaims(answer, LOCALE).some(
    (claim) =>
      claim.kind === 'number' && Math.abs((claim.value as number) - target) <= Math.max(claim.halfUnit, 0.005) + 1e-9,
  );
}

async function main(): Promise<void> {
  const history = readHistoryCsv(file, CURRENCY);
  const today = new Date().toISOString().slice(0, 10);
  const lastComplete = shiftMonth(today.slice(0, 7), -1);
  const lastOfHistory = history.reduce((latest, row) => (row.date > latest ? row.date : latest), '0000-00-00');
  const shift =
    (Number(lastComplete.slice(0, 4)) - Number(lastOfHistory.slice(0, 4))) * 12 +
    Number(lastComplete.slice(5, 7)) -
    Number(lastOfHistory.slice(5, 7));
  const work = mkdtempSync(join(tmpdir(), 'smart-spend-eval-coach-'));
  log(
    `eval:coach: ${history.length} rows of ${basename(file)} moved ${shift} months forward; embedded PostgreSQL in ${work}`,
  );
  const database = await startEmbeddedDatabase({ dataDir: join(work, 'pg') });
  const { db } = createPostgresDatabase({ url: database.url, max: 4 });
  try {
    const owner = createPostgresDatabase({ url: database.ownerUrl, max: 1 });
    await runMigrations(owner.db, loadMigrations()).finally(() => owner.db.destroy());
    const userId = randomUUID();
    await withUser(db, userId, async (trx) => {
      await trx
        .insertInto('users')
        .values({ id: userId, email: null, country: 'IN', currency: CURRENCY, locale: LOCALE })
        .execute();
      const account = await trx
        .insertInto('accounts')
        .values({
          user_id: userId,
          name: 'Household',
          kind: 'current',
          currency: CURRENCY,
          institution: null,
          last4: null,
          opening_date: moveDate(history[0].date, shift),
          stated_balance: null,
          stated_balance_date: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let start = 0; start < history.length; start += 1000)
        await trx
          .insertInto('transactions')
          .values(
            history.slice(start, start + 1000).map((row) => ({
              user_id: userId,
              account_id: account.id,
              date: moveDate(row.date, shift),
              amount: row.amount,
              currency: CURRENCY,
              description: row.description,
              merchant: merchantKey(row.description) || null,
              category: row.category,
              fingerprint: `eval:${row.id}`,
            })),
          )
          .execute();
    });
    log('eval:coach: detecting recurring series, unusual charges and habits, fitting forecasts');
    await withUser(db, userId, async (trx) => {
      await detectInsights(trx, userId, today);
      await refitForecasts(trx, userId, new Date(`${today}T12:00:00Z`));
    });

    const context: ApiContext = {
      db,
      blobs: undefined as never,
      categoriseQueue: undefined as never,
      forecastQueue: undefined as never,
      languageModel: null,
      coachModel: process.env.COACH_MODEL_URL
        ? new OpenAiCompatibleCoachModel(
            process.env.COACH_MODEL_URL,
            process.env.COACH_MODEL_NAME ?? 'local',
            process.env.COACH_MODEL_API_KEY,
          )
        : null,
      coachModelSelfHosted: true,
      logger: new Logger({ serviceName: 'eval-coach', logLevel: 'ERROR' }),
      limits: { maxUploadBytes: 1, maxUploadRows: 1, uploadUrlExpirySeconds: 60 },
      personLimits: { ...DEFAULT_PERSON_LIMITS, coachAnswersPerDay: 1_000 },
    };
    const person = { userId, currency: CURRENCY };
    const tool = async (name: string, input: Record<string, unknown> = {}) => {
      const run = await runCoachTool(context, person, name, input);
      return run.ok ? (run.output as any) : null; // eslint-disable-line @typescript-eslint/no-explicit-any
    };

    // The person's goal and a budget, set as a person would from their own figures.
    const lastSummary = (await tool('summary', { from: lastComplete, to: lastComplete })).items[0];
    const topCategories = lastSummary.byCategory.filter((c: { amount: number }) => c.amount > 0).slice(0, 3);
    // Three months of spending: last month's, or the recent average where refunds and unlabelled
    // money in outweighed last month's spending (the Mint export files salaries "Uncategorized").
    const monthlySpending = Math.max(
      lastSummary.expenses,
      lastSummary.averages.months3?.expenses ?? 0,
      lastSummary.averages.months12?.expenses ?? 0,
      1,
    );
    await withUser(db, userId, async (trx) => {
      await trx
        .insertInto('goals')
        .values({
          user_id: userId,
          name: 'Emergency fund',
          target_amount: 3 * monthlySpending,
          currency: CURRENCY,
          current_saved: 0,
          account_id: null,
          target_date: `${shiftMonth(today.slice(0, 7), 12)}-01`,
        })
        .execute();
      await trx
        .insertInto('budgets')
        .values({
          user_id: userId,
          category: topCategories[0].category,
          monthly_limit: Math.round(topCategories[0].amount / 2),
          currency: CURRENCY,
          rollover: false,
        })
        .execute();
    });

    const questions: Question[] = [];
    for (let back = 1; back <= 6; back += 1) {
      const month = shiftMonth(today.slice(0, 7), -back);
      const item = (await tool('summary', { from: month, to: month })).items[0];
      const top = item?.byCategory.find((c: { amount: number }) => c.amount > 0);
      questions.push({
        question: `Where did my money go in ${monthName(month)}?`,
        facts: item
          ? [{ kind: 'amount', minor: item.expenses }, ...(top ? [{ kind: 'text' as const, value: top.name }] : [])]
          : [],
      });
    }
    questions.push({
      question: 'Where did my money go last month?',
      facts: [
        { kind: 'amount', minor: lastSummary.expenses },
        { kind: 'text', value: topCategories[0].name },
      ],
    });
    questions.push({
      question: 'What did I spend in total last month?',
      facts: [{ kind: 'amount', minor: lastSummary.expenses }],
    });
    questions.push({
      question: 'How much income did I have last month?',
      facts: [{ kind: 'amount', minor: lastSummary.income }],
    });
    questions.push({
      question: 'Where does most of my money go?',
      facts: [{ kind: 'text', value: topCategories[0].name }],
    });
    for (const category of topCategories)
      questions.push({
        question: `How much did I spend on ${category.name} last month?`,
        facts: [{ kind: 'amount', minor: category.amount }],
      });
    const savings = await tool('forecast_savings', { months: 12 });
    for (const [price, ahead] of [
      [5_000, 2],
      [20_000, 4],
      [60_000, 6],
      [150_000, 9],
    ]) {
      const month = shiftMonth(today.slice(0, 7), ahead);
      const before = (savings?.points ?? []).filter((p: { month: string }) => p.month < month).at(-1);
      const plan = await tool('savings_plan', { amount: price, targetDate: `${month}-01` });
      questions.push({
        question: `Can I afford a ${price.toLocaleString('en-IN')} trip in ${MONTH_NAMES[Number(month.slice(5, 7)) - 1]}?`,
        facts: [
          ...(before ? [{ kind: 'amount' as const, minor: before.cumulativeExpected }] : []),
          ...(plan ? [{ kind: 'amount' as const, minor: plan.requiredMonthly }] : []),
        ],
      });
    }
    const habits = (await tool('habits')).habits;
    const opportunity = [...(habits?.opportunities ?? [])].sort((a, b) => b.monthlyAmount - a.monthlyAmount)[0];
    for (const wanted of [500, 2_000, 5_000])
      questions.push({
        question: `What can I cut to save ${wanted.toLocaleString('en-IN')} a month?`,
        facts: opportunity ? [{ kind: 'amount', minor: opportunity.monthlyAmount }] : [],
      });
    const health = await tool('health');
    for (const question of [
      'Why is my health score down?',
      'What is my financial health score?',
      'How am I doing financially, what is my score?',
    ])
      questions.push({
        question,
        facts: health?.score !== null && health ? [{ kind: 'count', value: health.score }] : [],
      });
    const goals = (await tool('goals')).items;
    const plan = goals[0] ? await tool('goal_plan', { goalId: goals[0].id }) : null;
    for (const question of ['When will I reach my goal?', 'When will I reach my emergency fund goal?'])
      questions.push({
        question,
        facts: plan
          ? [
              { kind: 'amount', minor: plan.remaining },
              ...(plan.monthsNeeded !== null ? [{ kind: 'count' as const, value: plan.monthsNeeded }] : []),
            ]
          : [],
      });
    const recurring = await tool('recurring');
    log(
      `eval:coach: ${recurring?.items.length ?? 0} recurring series (${(recurring?.items ?? []).map((s: { status: string; direction: string; kind: string }) => `${s.kind}/${s.direction}/${s.status}`).join(', ')})`,
    );
    const active = (recurring?.items ?? []).filter(
      (s: { status: string; direction: string }) => s.status === 'active' && s.direction === 'out',
    );
    const subs = active.filter((s: { kind: string }) => s.kind === 'subscription');
    // With no subscription, the coach offers bills and insurance (never a transfer, savings or the shop).
    const bills = active.filter((s: { kind: string }) => s.kind === 'bill' || s.kind === 'insurance');
    const biggest = [...(subs.length ? subs : bills)].sort(
      (a, b) => Math.abs(b.yearlyTotal) - Math.abs(a.yearlyTotal),
    )[0];
    for (const question of [
      'Which subscriptions could I drop?',
      'What recurring bills do I have?',
      'Which direct debits do I pay?',
    ])
      questions.push({
        question,
        facts: biggest ? [{ kind: 'amount', minor: biggest.yearlyTotal }] : [{ kind: 'text', value: 'no active' }],
      });
    const status = await tool('budgets_status');
    const flagged = (status?.items ?? []).find((b: { status: string }) => b.status !== 'ok');
    for (const question of ['Am I on track with my budgets?', 'Which budget am I over?'])
      questions.push({
        question,
        facts: flagged
          ? [{ kind: 'amount', minor: flagged.spent }]
          : [{ kind: 'count', value: status?.items.length ?? 0 }],
      });
    const forecast = await tool('forecast_spending', { months: 3 });
    for (const question of ['What will I spend next month?', 'What is my spending forecast?'])
      questions.push({
        question,
        facts: forecast?.points?.[0] ? [{ kind: 'amount', minor: forecast.points[0].expected }] : [],
      });
    const anomalies = (await tool('anomalies', { limit: 5 }))?.items ?? [];
    for (const question of ['Any unusual charges lately?', 'Was I charged twice for anything?'])
      questions.push({
        question,
        facts: anomalies[0]
          ? [{ kind: 'amount', minor: anomalies[0].amount }]
          : [{ kind: 'text', value: 'no unusual' }],
      });
    const cashflow = (await tool('cashflow', { days: 60 }))?.items ?? [];
    for (const question of ['Will my balance run out before payday?', 'What will my lowest balance be?'])
      questions.push({ question, facts: cashflow[0] ? [{ kind: 'amount', minor: cashflow[0].lowest.amount }] : [] });
    for (const question of ['What are my spending habits?', 'Do I spend more at weekends?'])
      questions.push({ question, facts: habits ? [{ kind: 'count', value: habits.noSpendDays.last30Days }] : [] });
    questions.push({ question: undefined, facts: [] });
    questions.push({ question: 'What should I know about my money right now?', facts: [] });

    const answers: {
      question: string;
      answered: boolean;
      factsRight: number;
      verifiedNumbers: number;
      withheldNumbers: number;
      toolCalls: number;
      tokens: number;
      inputTokens: number;
      outputTokens: number;
      ms: number;
    }[] = [];
    for (const [index, q] of questions.entries()) {
      const started = performance.now();
      const { answer, turn } = await answerQuestion(context, userId, { question: q.question });
      const ms = performance.now() - started;
      const text = [
        answer.answer,
        ...answer.advice.flatMap((a) => [a.title, a.body, ...a.evidence.map((e) => `${e.label} ${e.value}`)]),
      ].join(' ');
      const right = q.facts.filter((fact) => stated(text, fact)).length;
      const tokens = turn
        ? answer.usage.inputTokens + answer.usage.outputTokens || turn.estimatedInputTokens + turn.estimatedOutputTokens
        : 0;
      const row = {
        question: q.question ?? '(none)',
        answered: answer.answer.length > 0 && !/^I cannot|^I could not/.test(answer.answer),
        factsRight: q.facts.length ? right / q.facts.length : answer.advice.length > 0 ? 1 : 0,
        verifiedNumbers: answer.verifiedNumbers,
        withheldNumbers: answer.withheldNumbers,
        toolCalls: answer.toolCalls,
        tokens,
        inputTokens: turn ? answer.usage.inputTokens || turn.estimatedInputTokens : 0,
        outputTokens: turn ? answer.usage.outputTokens || turn.estimatedOutputTokens : 0,
        ms: Math.round(ms),
      };
      answers.push(row);
      log(
        `${index + 1}/${questions.length} ${row.question} → facts ${right}/${q.facts.length}, verified ${row.verifiedNumbers}, withheld ${row.withheldNumbers}: ${answer.answer.slice(0, 160)}`,
      );
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const sum = (key: 'verifiedNumbers' | 'withheldNumbers' | 'toolCalls' | 'tokens') =>
      answers.reduce((s, a) => s + a[key], 0);
    const overall = {
      file: basename(file),
      model: context.coachModel?.modelId ?? 'deterministic',
      questions: answers.length,
      answered: answers.filter((a) => a.answered).length / answers.length,
      factsRight: Number((answers.reduce((s, a) => s + a.factsRight, 0) / answers.length).toFixed(3)),
      verifiedNumbers: sum('verifiedNumbers'),
      withheldNumbers: sum('withheldNumbers'),
      toolCalls: sum('toolCalls'),
      tokens: sum('tokens'),
      tokensEstimated: !context.coachModel,
      medianInputTokens: median(answers.map((a) => a.inputTokens)),
      medianOutputTokens: median(answers.map((a) => a.outputTokens)),
      medianMs: median(answers.map((a) => a.ms)),
    };
    process.stdout.write(`${JSON.stringify({ overall, answers })}\n`);
  } finally {
    await db.destroy();
    await database.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  log(`eval:coach failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
