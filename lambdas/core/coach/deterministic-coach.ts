import { shiftMonth } from '../summary/months';
import type { CoachAdvice, CoachDraft } from './advice';
import type { FigureFormat } from './format';
import type { DetectedIntent } from './intents';

/**
 * The coach with no language model: the common questions answered from the same tools a model
 * would call, in sentences whose every figure is a tool's figure (the verifier checks these too).
 * It reaches the tools only through `call`, so it is as pure as the rest of core.
 */
export type ToolCall = (name: string, input: Record<string, unknown>) => Promise<unknown>;

interface Comparison {
  other: number;
  difference: number;
  percent: number | null;
}
interface SummaryItem {
  currency: string;
  income: number;
  expenses: number;
  net: number;
  savingsRate: number | null;
  change: { expenses: Comparison };
  byCategory: {
    category: string;
    name: string;
    group: string | null;
    amount: number;
    share: number | null;
    count: number;
  }[];
}
interface BudgetItem {
  category: string;
  currency: string;
  limit: number;
  spent: number;
  remaining: number;
  projected: number;
  status: 'ok' | 'warning' | 'over';
  expectedCrossing: string | null;
}
interface Series {
  name: string;
  merchant: string;
  kind: string;
  cadence: string;
  currency: string;
  direction: 'in' | 'out';
  amount: number;
  nextExpected: string;
  nextAmount: number;
  yearlyTotal: number;
  status: string;
  priceChange: { from: number; to: number; date: string } | null;
}
interface Anomaly {
  date: string;
  /** The merchant as the person reads it ('' when the bank printed no name); never the internal key. */
  name: string;
  amount: number;
  currency: string;
  reason: string;
}
interface Habits {
  currency: string;
  opportunities: { kind: string; title: string; detail: string; monthlyAmount: number }[];
  subscriptions: { count: number; monthlyTotal: number; yearlyTotal: number };
  noSpendDays: { last30Days: number };
  weekdayVsWeekend: { weekendShareOfSpending: number };
}
interface Health {
  month: string;
  score: number | null;
  outOf: number;
  components: { name: string; score: number; reason: string; improve: string }[];
  missing: { name: string; reason: string }[];
}
interface ForecastPoint {
  month: string;
  expected: number;
  lower80: number;
  upper80: number;
  cumulativeExpected?: number;
}
interface Forecast {
  currency: string | null;
  model: string | null;
  reason: string | null;
  points: ForecastPoint[];
}
interface Goal {
  id: string;
  name: string;
  targetAmount: number;
  currency: string;
  currentSaved: number;
  targetDate: string | null;
}
interface Plan {
  currency: string;
  remaining: number;
  monthly: number;
  surplus: number;
  feasible: boolean;
  monthsNeeded: number | null;
  projectedDate: string | null;
  requiredMonthly: number | null;
}
interface Cashflow {
  items: {
    name: string;
    currency: string;
    balance: number;
    lowest: { date: string; amount: number };
    shortfallProbability: number;
  }[];
}

const NO_DATA = 'I cannot see enough of your history to answer that yet: import a statement or two and ask again.';

export async function deterministicDraft(
  detected: DetectedIntent,
  call: ToolCall,
  format: FigureFormat,
  today: string,
): Promise<CoachDraft> {
  const lastComplete = shiftMonth(today.slice(0, 7), -1);
  switch (detected.intent) {
    case 'spending':
      return spending(call, format, detected.month ?? lastComplete);
    case 'afford':
      return afford(call, format, detected, today);
    case 'cut':
      return cut(call, format, detected.amount, lastComplete);
    case 'health':
      return health(call, format);
    case 'goal':
      return goals(call, format);
    case 'subscriptions':
      return subscriptions(call, format);
    case 'budgets':
      return budgets(call, format);
    case 'forecast':
      return forecast(call, format);
    case 'unusual':
      return unusual(call, format);
    case 'cashflow':
      return cashflow(call, format);
    case 'habits':
      return habits(call, format);
    case 'overview':
      return overview(call, format, lastComplete);
  }
}

async function mainSummary(call: ToolCall, month: string): Promise<SummaryItem | null> {
  const result = (await call('summary', { from: month, to: month })) as { items: SummaryItem[] };
  return [...result.items].sort((a, b) => b.expenses - a.expenses)[0] ?? null;
}

async function spending(call: ToolCall, f: FigureFormat, month: string): Promise<CoachDraft> {
  const summary = await mainSummary(call, month);
  if (!summary || (summary.expenses === 0 && summary.income === 0))
    return { answer: `I see no income or spending in ${f.month(month)}.`, advice: [] };
  const top = summary.byCategory.filter((c) => c.amount > 0 && c.group !== 'income').slice(0, 3);
  const money = (minor: number) => f.money(minor, summary.currency);
  const parts = top.map((c) => `${c.name} ${money(c.amount)}${c.share !== null ? ` (${f.percent(c.share)})` : ''}`);
  let answer = `In ${f.month(month)} you spent ${money(summary.expenses)} and received ${money(summary.income)}.`;
  if (parts.length) answer += ` The biggest categories were ${parts.join(', ')}.`;
  const change = summary.change.expenses;
  if (change.percent !== null && Math.abs(change.percent) >= 0.01)
    answer += ` That is ${money(change.difference)} ${change.difference > 0 ? 'more' : 'less'} than the month before (${f.percent(change.percent)}).`;
  const advice: CoachAdvice[] = top.slice(0, 1).map((c) => ({
    title: `${c.name} was the biggest share`,
    body: `${c.name} took ${money(c.amount)} over ${c.count} transactions; it is the first place to look for a saving.`,
    evidence: [
      { label: `${c.name}, ${f.month(month)}`, value: money(c.amount), source: 'summary' },
      { label: 'Spending that month', value: money(summary.expenses), source: 'summary' },
    ],
  }));
  return { answer, advice };
}

async function afford(call: ToolCall, f: FigureFormat, detected: DetectedIntent, today: string): Promise<CoachDraft> {
  const savings = (await call('forecast_savings', { months: 12 })) as Forecast;
  if (!savings.currency || savings.points.length === 0) return { answer: savings.reason ?? NO_DATA, advice: [] };
  const currency = savings.currency;
  const money = (minor: number) => f.money(minor, currency);
  const month = detected.month ?? shiftMonth(today.slice(0, 7), 1);
  // savings made before the month starts are what can pay for it
  const before = savings.points.filter((p) => p.month < month);
  const byThen = before[before.length - 1];
  if (!detected.amount) {
    const answer = byThen
      ? `By the end of ${f.month(byThen.month)} your savings are forecast to add up to ${money(byThen.cumulativeExpected ?? 0)}. Tell me the price and I can compare.`
      : `${f.month(month)} is too close for a savings forecast. Tell me the price and I will check your cash flow.`;
    return { answer, advice: [] };
  }
  const price = Math.round(detected.amount * 100);
  const evidence = [] as CoachAdvice['evidence'];
  let answer: string;
  if (byThen && byThen.cumulativeExpected !== undefined) {
    const enough = byThen.cumulativeExpected >= price;
    answer = `By the end of ${f.month(byThen.month)} your savings are forecast to add up to ${money(byThen.cumulativeExpected)}, ${enough ? 'more' : 'less'} than the ${money(price)} you asked about${enough ? ', so it looks affordable if your spending stays as forecast' : ', so it would stretch you'}.`;
    evidence.push({
      label: `Forecast savings by ${f.month(byThen.month)}`,
      value: money(byThen.cumulativeExpected),
      source: 'forecast_savings',
    });
  } else {
    answer = `${f.month(month)} is too close for a savings forecast to say.`;
  }
  const target = `${month}-01`;
  if (target > today) {
    const plan = (await call('savings_plan', { amount: detected.amount, targetDate: target })) as {
      months: number;
      requiredMonthly: number;
    };
    answer += ` Putting aside ${money(plan.requiredMonthly)} a month for ${plan.months} months covers it.`;
    evidence.push({ label: 'Monthly amount to set aside', value: money(plan.requiredMonthly), source: 'savings_plan' });
  }
  return {
    answer,
    advice: [
      { title: 'Set the money aside as you go', body: 'A goal for it keeps the saving visible every month.', evidence },
    ],
  };
}

async function cut(call: ToolCall, f: FigureFormat, wanted: number | null, month: string): Promise<CoachDraft> {
  const habits = ((await call('habits', {})) as { habits: Habits | null }).habits;
  const summary = await mainSummary(call, month);
  if (!habits && !summary) return { answer: NO_DATA, advice: [] };
  const currency = habits?.currency ?? summary!.currency;
  const money = (minor: number) => f.money(minor, currency);
  const opportunities = [...(habits?.opportunities ?? [])]
    .sort((a, b) => b.monthlyAmount - a.monthlyAmount)
    .slice(0, 3);
  const wants = (summary?.byCategory ?? []).filter((c) => c.group === 'wants' && c.amount > 0).slice(0, 2);
  const advice: CoachAdvice[] = opportunities.map((o) => ({
    title: o.title,
    body: `${o.detail} Worth about ${money(o.monthlyAmount)} a month.`,
    evidence: [{ label: o.title, value: `${money(o.monthlyAmount)} a month`, source: 'habits' }],
  }));
  for (const c of wants) {
    if (advice.length >= 3) break;
    advice.push({
      title: `Trim ${c.name}`,
      body: `${c.name} cost ${money(c.amount)} in ${f.month(month)}.`,
      evidence: [{ label: `${c.name}, ${f.month(month)}`, value: money(c.amount), source: 'summary' }],
    });
  }
  if (advice.length === 0) return { answer: 'I found no clear place to cut in your recent spending.', advice };
  let answer = `The places your figures point to: ${advice.map((a) => a.title).join('; ')}.`;
  if (wanted)
    answer += ` Each is priced below, so you can see how close they come to the ${money(Math.round(wanted * 100))} a month you want.`;
  return { answer, advice };
}

async function health(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const now = (await call('health', {})) as Health;
  if (now.score === null)
    return { answer: `I cannot score your finances yet: ${now.missing.map((m) => m.reason).join(' ')}`, advice: [] };
  const history = (await call('health_history', { months: 3 })) as {
    items?: { month: string; score: number | null }[];
  };
  const earlier = (history.items ?? []).filter((h) => h.month < now.month && h.score !== null).slice(-1)[0];
  let answer = `Your financial health score is ${now.score} out of ${now.outOf}.`;
  if (earlier && earlier.score !== null && earlier.score !== now.score)
    answer += ` It was ${earlier.score} in ${f.month(earlier.month)}, so it went ${earlier.score > now.score ? 'down' : 'up'}.`;
  const weakest = [...now.components].sort((a, b) => a.score - b.score).slice(0, 2);
  if (weakest.length) answer += ` What holds it back most: ${weakest.map((c) => c.reason).join(' ')}`;
  return {
    answer,
    advice: weakest.map((c) => ({
      title: `Improve ${c.name}`,
      body: c.improve,
      evidence: [{ label: `${c.name} score`, value: `${c.score}`, source: 'health' }],
    })),
  };
}

async function goals(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const list = ((await call('goals', {})) as { items: Goal[] }).items;
  if (list.length === 0)
    return {
      answer: 'You have no savings goal yet. Add one on the Goals page and I can tell you when you will reach it.',
      advice: [],
    };
  const sentences: string[] = [];
  const advice: CoachAdvice[] = [];
  for (const goal of list.slice(0, 3)) {
    const plan = (await call('goal_plan', { goalId: goal.id })) as Plan;
    const money = (minor: number) => f.money(minor, plan.currency);
    if (plan.remaining <= 0) {
      sentences.push(`${goal.name}: reached.`);
      continue;
    }
    if (plan.monthsNeeded !== null && plan.projectedDate)
      sentences.push(
        `${goal.name}: ${money(plan.remaining)} to go; at ${money(plan.monthly)} a month that takes ${plan.monthsNeeded} months, reaching it around ${f.month(plan.projectedDate.slice(0, 7))}.`,
      );
    else
      sentences.push(
        `${goal.name}: ${money(plan.remaining)} to go, but your recent months leave no surplus to save it from.`,
      );
    if (plan.requiredMonthly !== null && goal.targetDate)
      advice.push({
        title: `${goal.name} by ${f.month(goal.targetDate.slice(0, 7))}`,
        body: `Your target date needs ${money(plan.requiredMonthly)} a month${plan.feasible ? ', which your surplus covers' : ', more than your surplus covers'}.`,
        evidence: [
          { label: 'Needed a month', value: money(plan.requiredMonthly), source: 'goal_plan' },
          { label: 'Monthly surplus', value: money(plan.surplus), source: 'goal_plan' },
        ],
      });
  }
  return { answer: sentences.join(' '), advice };
}

/** "1 active subscription", "2 active subscriptions". */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function subscriptions(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const recurring = (await call('recurring', {})) as {
    items: Series[];
    subscriptionsYearly: { currency: string; total: number; count: number }[];
  };
  const active = recurring.items.filter((s) => s.status === 'active' && s.direction === 'out');
  // Money out is negative in the API's answer: the dearest is the largest in size.
  const byCost = (a: Series, b: Series) => Math.abs(b.yearlyTotal) - Math.abs(a.yearlyTotal);
  const subs = active.filter((s) => s.kind === 'subscription').sort(byCost);
  // With no subscription to drop, the bills a cheaper plan or provider could cut; never a
  // transfer, savings, rent, a loan or the weekly shop, which no one "still uses" or not.
  const bills = subs.length ? [] : active.filter((s) => s.kind === 'bill' || s.kind === 'insurance').sort(byCost);
  const candidates = (subs.length ? subs : bills).slice(0, 3);
  if (candidates.length === 0)
    return { answer: 'I found no active subscriptions or regular bills in your history.', advice: [] };
  const yearly = recurring.subscriptionsYearly[0];
  const listed = candidates
    .map(
      (s) => `${s.name} ${f.money(s.amount, s.currency)} ${s.cadence} (${f.money(s.yearlyTotal, s.currency)} a year)`,
    )
    .join(', ');
  // The bills are not counted in words: the count is in no tool's answer, so the verifier would withhold it.
  const answer = yearly
    ? `You have ${counted(yearly.count, 'active subscription')} costing ${f.money(yearly.total, yearly.currency)} a year. The most expensive: ${listed}.`
    : `You have no active subscriptions. Your regular bills, dearest first: ${listed}.`;
  return {
    answer,
    advice: candidates.map((s) => ({
      title: subs.length ? `Do you still use ${s.name}?` : `Could ${s.name} cost less?`,
      body: !subs.length
        ? `It costs ${f.money(s.yearlyTotal, s.currency)} a year; a cheaper plan or provider keeps part of that. The next charge is due ${f.date(s.nextExpected)}.`
        : s.priceChange
          ? `Its price rose from ${f.money(s.priceChange.from, s.currency)} to ${f.money(s.priceChange.to, s.currency)}; dropping it keeps ${f.money(s.yearlyTotal, s.currency)} a year.`
          : `Dropping it keeps ${f.money(s.yearlyTotal, s.currency)} a year; the next charge is due ${f.date(s.nextExpected)}.`,
      evidence: [
        { label: `${s.name}, a year`, value: f.money(s.yearlyTotal, s.currency), source: 'recurring' },
        { label: 'Next charge', value: f.date(s.nextExpected), source: 'recurring' },
      ],
    })),
  };
}

async function budgets(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const status = (await call('budgets_status', {})) as { month: string; items: BudgetItem[] };
  if (status.items.length === 0)
    return { answer: 'You have no budgets set. Set one on the Budgets page and I will track it.', advice: [] };
  const flagged = status.items.filter((b) => b.status !== 'ok');
  const ok = status.items.length - flagged.length;
  let answer = `${ok} of your ${status.items.length} budgets are on track this month.`;
  for (const b of flagged.slice(0, 3))
    answer += ` ${b.category}: ${f.money(b.spent, b.currency)} spent of ${f.money(b.limit, b.currency)}, heading for ${f.money(b.projected, b.currency)}.`;
  return {
    answer,
    advice: flagged.slice(0, 3).map((b) => ({
      title: `${b.category} is ${b.status === 'over' ? 'over' : 'close to'} its limit`,
      body: b.expectedCrossing
        ? `At this pace it crosses the limit on ${f.date(b.expectedCrossing)}.`
        : `Slow down on ${b.category} for the rest of the month.`,
      evidence: [
        { label: 'Spent', value: f.money(b.spent, b.currency), source: 'budgets_status' },
        { label: 'Limit', value: f.money(b.limit, b.currency), source: 'budgets_status' },
      ],
    })),
  };
}

async function forecast(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const result = (await call('forecast_spending', { months: 3 })) as Forecast;
  const next = result.points[0];
  if (!next || !result.currency) return { answer: result.reason ?? NO_DATA, advice: [] };
  const money = (minor: number) => f.money(minor, result.currency!);
  return {
    answer: `In ${f.month(next.month)} you are forecast to spend about ${money(next.expected)}, most likely between ${money(next.lower80)} and ${money(next.upper80)}.`,
    advice: [],
  };
}

async function unusual(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const result = (await call('anomalies', { limit: 5 })) as { items: Anomaly[] };
  if (result.items.length === 0) return { answer: 'I found no unusual charges.', advice: [] };
  return {
    answer: `I found ${result.items.length} unusual charges recently. ${result.items
      .slice(0, 3)
      .map((a) => `${payee(a)} on ${f.date(a.date)}, ${f.money(a.amount, a.currency)}: ${a.reason}`)
      .join(' ')}`,
    advice: result.items.slice(0, 1).map((a) => ({
      title: a.name ? `Check the ${a.name} charge` : 'Check this charge',
      body: 'If you do not recognise it, ask your bank about it.',
      evidence: [{ label: f.date(a.date), value: f.money(a.amount, a.currency), source: 'anomalies' }],
    })),
  };
}

function payee(anomaly: Anomaly): string {
  return anomaly.name || 'A charge with no name';
}

async function cashflow(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const result = (await call('cashflow', { days: 60 })) as Cashflow;
  if (result.items.length === 0) return { answer: NO_DATA, advice: [] };
  const sentences = result.items.slice(0, 3).map((a) => {
    const low = `${f.money(a.lowest.amount, a.currency)}${a.lowest.amount < 0 ? ' overdrawn' : ''}`;
    return `${a.name}: ${f.money(a.balance, a.currency)} now, lowest ${low} around ${f.date(a.lowest.date)}, with a ${f.percent(a.shortfallProbability)} chance of going below zero.`;
  });
  return { answer: sentences.join(' '), advice: [] };
}

async function habits(call: ToolCall, f: FigureFormat): Promise<CoachDraft> {
  const h = ((await call('habits', {})) as { habits: Habits | null }).habits;
  if (!h) return { answer: NO_DATA, advice: [] };
  const answer = `Weekends take ${f.percent(h.weekdayVsWeekend.weekendShareOfSpending)} of your spending, and you had ${h.noSpendDays.last30Days} no-spend days in the last thirty days.`;
  return {
    answer,
    advice: [...h.opportunities]
      .sort((a, b) => b.monthlyAmount - a.monthlyAmount)
      .slice(0, 3)
      .map((o) => ({
        title: o.title,
        body: o.detail,
        evidence: [{ label: 'A month', value: f.money(o.monthlyAmount, h.currency), source: 'habits' }],
      })),
  };
}

/** No question: the three most useful things now, strongest first. */
async function overview(call: ToolCall, f: FigureFormat, lastComplete: string): Promise<CoachDraft> {
  const advice: CoachAdvice[] = [];
  const status = (await call('budgets_status', {})) as { items: BudgetItem[] };
  for (const b of status.items.filter((x) => x.status === 'over').slice(0, 1))
    advice.push({
      title: `${b.category} is over budget`,
      body: `${f.money(b.spent, b.currency)} spent of ${f.money(b.limit, b.currency)} this month.`,
      evidence: [{ label: 'Spent', value: f.money(b.spent, b.currency), source: 'budgets_status' }],
    });
  const anomalies = (await call('anomalies', { limit: 3 })) as { items: Anomaly[] };
  for (const a of anomalies.items.slice(0, 1))
    advice.push({
      title: a.name ? `An unusual charge from ${a.name}` : 'An unusual charge',
      body: a.reason,
      evidence: [{ label: f.date(a.date), value: f.money(a.amount, a.currency), source: 'anomalies' }],
    });
  const recurring = (await call('recurring', {})) as { items: Series[] };
  for (const s of recurring.items.filter((x) => x.priceChange && x.status === 'active').slice(0, 1))
    advice.push({
      title: `${s.name} costs more now`,
      body: `From ${f.money(s.priceChange!.from, s.currency)} to ${f.money(s.priceChange!.to, s.currency)}.`,
      evidence: [{ label: 'A year', value: f.money(s.yearlyTotal, s.currency), source: 'recurring' }],
    });
  const h = ((await call('habits', {})) as { habits: Habits | null }).habits;
  for (const o of [...(h?.opportunities ?? [])].sort((a, b) => b.monthlyAmount - a.monthlyAmount).slice(0, 2))
    advice.push({
      title: o.title,
      body: o.detail,
      evidence: [{ label: 'A month', value: f.money(o.monthlyAmount, h!.currency), source: 'habits' }],
    });
  const summary = await mainSummary(call, lastComplete);
  if (summary && summary.expenses !== 0)
    advice.push({
      title: `${f.month(lastComplete)} in one line`,
      body: `You spent ${f.money(summary.expenses, summary.currency)} and received ${f.money(summary.income, summary.currency)}.`,
      evidence: [{ label: 'Spending', value: f.money(summary.expenses, summary.currency), source: 'summary' }],
    });
  const top = advice.slice(0, 3);
  if (top.length === 0) return { answer: NO_DATA, advice: [] };
  return { answer: `Three things worth knowing now: ${top.map((a) => a.title).join('; ')}.`, advice: top };
}
