/**
 * Each account's projected daily balance: today's balance, plus the recurring payments on their
 * dates, plus the rest of the account's flow (everything not recurring) as a daily drift with
 * random-walk noise, both measured from the account's recent complete months. The interval is the
 * walk's spread; the shortfall probability (balance below zero before the next recurring income,
 * or within the horizon when none is known) is counted over simulated paths with a fixed seed, so
 * the same ledger always gets the same answer.
 */
import type { MonthlyRecurring } from './monthly-recurring';
import { mulberry32 } from '../seeded-random';

export interface CashflowAccount {
  accountId: string;
  currency: string;
  /** Today's balance, minor units. */
  balance: number;
  /** The account's flow other than the recurring payments, per complete month, oldest first. */
  otherMonthlyFlow: number[];
}

export interface CashflowPoint {
  date: string;
  expected: number;
  lower80: number;
  upper80: number;
}

export interface CashflowProjection {
  accountId: string;
  currency: string;
  points: CashflowPoint[];
  lowest: { date: string; amount: number };
  shortfallProbability: number;
  /** The first projected recurring income in the horizon, if any. */
  nextIncome: string | null;
  recurring: { payee: string; amount: number; dayOfMonth: number }[];
}

const Z80 = 1.2815515655446004;
const DAYS_PER_MONTH = 365.25 / 12;
const PATHS = 2000;

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysInMonth(isoDate: string): number {
  const [year, month] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The recurring payments falling on `date` (a day-31 bill falls on the last day of a shorter month). */
function dueOn(recurring: readonly MonthlyRecurring[], date: string, today: string): MonthlyRecurring[] {
  const day = Number(date.slice(8, 10));
  const last = daysInMonth(date);
  return recurring.filter((r) => {
    if (Math.min(r.dayOfMonth, last) !== day) return false;
    return !(r.seenThisMonth && date.slice(0, 7) === today.slice(0, 7));
  });
}

function standardNormal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function projectCashflow(
  account: CashflowAccount,
  recurring: readonly MonthlyRecurring[],
  today: string,
  days: number,
): CashflowProjection {
  const own = recurring.filter((r) => r.accountId === account.accountId);
  const recent = account.otherMonthlyFlow.slice(-3);
  const drift = recent.length > 0 ? recent.reduce((s, v) => s + v, 0) / recent.length / DAYS_PER_MONTH : 0;
  const window = account.otherMonthlyFlow.slice(-6);
  const mean = window.reduce((s, v) => s + v, 0) / Math.max(1, window.length);
  const monthlySd =
    window.length > 1
      ? Math.sqrt(window.reduce((s, v) => s + (v - mean) ** 2, 0) / (window.length - 1))
      : Math.abs(mean);
  const dailySd = monthlySd / Math.sqrt(DAYS_PER_MONTH);

  const dates: string[] = [];
  const scheduled: number[] = [];
  let nextIncome: string | null = null;
  for (let d = 1; d <= days; d += 1) {
    const date = addDays(today, d);
    const due = dueOn(own, date, today);
    dates.push(date);
    scheduled.push(due.reduce((s, r) => s + r.amount, 0));
    if (nextIncome === null && due.some((r) => r.amount > 0)) nextIncome = date;
  }

  const points: CashflowPoint[] = [];
  let expected = account.balance;
  let lowest = { date: today, amount: account.balance };
  dates.forEach((date, i) => {
    expected += scheduled[i] + drift;
    const spread = Z80 * dailySd * Math.sqrt(i + 1);
    const point = {
      date,
      expected: Math.round(expected),
      lower80: Math.round(expected - spread),
      upper80: Math.round(expected + spread),
    };
    points.push(point);
    if (point.expected < lowest.amount) lowest = { date, amount: point.expected };
  });

  // Below zero at any day up to the next income (inclusive of the day before it lands).
  const until = nextIncome === null ? days : dates.indexOf(nextIncome);
  let short = 0;
  if (account.balance < 0) short = PATHS;
  else {
    const random = mulberry32(0x5eed);
    for (let path = 0; path < PATHS; path += 1) {
      let balance = account.balance;
      for (let i = 0; i < until; i += 1) {
        balance += scheduled[i] + drift + dailySd * standardNormal(random);
        if (balance < 0) {
          short += 1;
          break;
        }
      }
    }
  }
  return {
    accountId: account.accountId,
    currency: account.currency,
    points,
    lowest,
    shortfallProbability: Number((short / PATHS).toFixed(3)),
    nextIncome,
    recurring: own.map((r) => ({ payee: r.payee, amount: r.amount, dayOfMonth: r.dayOfMonth })),
  };
}
