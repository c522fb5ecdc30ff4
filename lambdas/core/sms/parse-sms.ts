import { decimalToMinorUnits } from '../money';
import { findAccountLast4 } from './find-account-last4';
import { findBalance } from './find-balance';
import { findCounterparty } from './find-counterparty';
import { findMoney, NUMBER, plainDecimal, type MoneyMention } from './find-money';
import { findReference } from './find-reference';
import { findSmsDate } from './find-sms-date';
import { nonTransactionReason } from './non-transaction-reason';
import { normaliseSmsText } from './normalise-sms-text';
import { findDirection } from './sms-direction';
import type { SmsContext, SmsParseResult, SmsTransaction } from './sms-types';

export type { SmsContext, SmsParseResult, SmsTransaction } from './sms-types';

/**
 * Reads one bank or wallet SMS alert into a transaction, or says in words why it is not one.
 * OTPs, promotions, reminders, declines, mandate notices and balance enquiries are rejected
 * even when they name an amount, so that they are never imported.
 */
export function parseSmsAlert(text: string, context: SmsContext = {}): SmsParseResult {
  const plain = normaliseSmsText(text);
  if (plain === '') return { ok: false, reason: 'the message is empty' };
  // The longest multi-part SMS is about 1,600 characters; more is some other text.
  if (plain.length > MAX_LENGTH)
    return { ok: false, reason: `over ${MAX_LENGTH} characters: too long to be an SMS alert` };

  const notTransaction = nonTransactionReason(plain);
  if (notTransaction) return { ok: false, reason: notTransaction };

  const direction = findDirection(plain);
  if (!direction) {
    return {
      ok: false,
      reason: BALANCE_ONLY.test(plain)
        ? 'a balance notice, not a transaction'
        : 'no debit or credit wording: not a transaction alert',
    };
  }

  const money = findMoney(plain, context.defaultCurrency);
  const amount =
    money.find((m) => !isBesideAmountOfAnotherKind(plain, m)) ?? bareAmount(plain, context.defaultCurrency);
  if (!amount) {
    return {
      ok: false,
      reason:
        money.length > 0
          ? 'a balance, limit or fee notice, not a transaction'
          : 'no amount with a currency in the message',
    };
  }
  if (amount.units === 0) return { ok: false, reason: 'the amount is zero' };

  const date =
    findSmsDate(plain, { monthFirst: amount.dollarSign, receivedOn: context.receivedOn }) ?? context.receivedOn;
  if (!date) return { ok: false, reason: 'the message states no date and the day it was received is not known' };

  const merchant = findCounterparty(plain, direction, amount.end) ?? undefined;
  const value: SmsTransaction = {
    date,
    amount: direction === 'debit' ? -amount.units : amount.units,
    currency: amount.currency,
    description: merchant ?? summary(plain),
  };
  if (merchant) value.merchant = merchant;
  const last4 = findAccountLast4(plain, direction);
  if (last4) value.accountLast4 = last4;
  const balance = findBalance(
    plain,
    money.filter((m) => m !== amount),
    amount.currency,
  );
  if (balance) {
    value.balance = balance.units;
    value.balanceCurrency = balance.currency;
  }
  const reference = findReference(plain);
  if (reference) value.reference = reference;
  return { ok: true, value };
}

const MAX_LENGTH = 2000;

const BALANCE_ONLY = /\b(?:bal(?:ance)?|saldo|kontostand)\b/i;

/** An amount that is a balance, limit, fee or total, by the words just before or after it. */
function isBesideAmountOfAnotherKind(text: string, mention: MoneyMention): boolean {
  const before = text.slice(Math.max(0, mention.start - 30), mention.start);
  if (
    /(?:\bbal(?:ance)?|saldo|limit|lmt|\bfee|charges|(?:service|convenience|late|annual|processing|bank|sms) charge|\bvat|\bcost|levy|duty|\btotal(?: due)?|\bdue|avl|avbl|avail\w*(?: credit| limit)?|amt you can transact|upto|up to|max(?:imum)?(?: amount)?)\b[^a-z\d]{0,4}(?:is|of|:)?\s*$/i.test(
      before,
    )
  )
    return true;
  return /^\s*bal\b/i.test(text.slice(mention.end, mention.end + 6));
}

/**
 * "DR Amt:650.00", "credited with 15000.00": an amount with no currency at all, read only when
 * the account's currency is known.
 */
function bareAmount(text: string, defaultCurrency: string | undefined): MoneyMention | null {
  if (!defaultCurrency) return null;
  const match = new RegExp(
    String.raw`\b(?:amt|amount|debited|credited|paid|spent|withdrawn)\s*(?:with|by|for|of)?\s*[:.]?\s*(-)?(${NUMBER})`,
    'i',
  ).exec(text);
  if (!match) return null;
  try {
    const units = decimalToMinorUnits(plainDecimal(match[2]), defaultCurrency);
    const start = (match.index ?? 0) + match[0].length - match[2].length;
    return {
      currency: defaultCurrency,
      units,
      negative: Boolean(match[1]),
      dollarSign: false,
      start,
      end: start + match[2].length,
    };
  } catch {
    return null;
  }
}

/** With no named counterparty, the message itself on one line is what categorisation gets. */
function summary(text: string): string {
  return text.replace(/\s*\n\s*/g, ' / ').slice(0, 160);
}
