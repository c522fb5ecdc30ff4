import { parseSmsAlert } from './parse-sms';
import type { SmsContext, SmsParseResult } from './sms-types';

/** One hand-labelled alert, in the shape of the SMS corpus's JSON lines. */
export interface LabelledSms {
  id: string;
  text: string;
  isTransaction: boolean;
  direction?: 'debit' | 'credit';
  amount?: number;
  currency?: string;
  accountLast4?: string;
  merchant?: string;
  date?: string;
  balance?: number;
  balanceCurrency?: string;
}

/** A share of correct answers over the messages that carry the field. */
export interface FieldScore {
  correct: number;
  total: number;
  accuracy: number;
}

export interface SmsAccuracy {
  messages: number;
  isTransaction: FieldScore;
  amountDirectionCurrency: FieldScore;
  date: FieldScore;
  accountLast4: FieldScore;
  merchant: FieldScore;
  balance: FieldScore;
  /** Ids and what went wrong, for a person improving the parser. */
  misses: { id: string; field: string; expected: unknown; got: unknown }[];
}

/**
 * Scores the parser against labelled alerts, field by field. Each field is scored over the
 * messages whose label has it; a field of a transaction the parser rejected counts as wrong.
 */
export function measureSmsAccuracy(records: LabelledSms[], context: SmsContext = {}): SmsAccuracy {
  const tally = {
    isTransaction: [0, 0],
    amountDirectionCurrency: [0, 0],
    date: [0, 0],
    accountLast4: [0, 0],
    merchant: [0, 0],
    balance: [0, 0],
  };
  const misses: SmsAccuracy['misses'] = [];
  const score = (field: keyof typeof tally, id: string, right: boolean, expected: unknown, got: unknown) => {
    tally[field][1] += 1;
    if (right) tally[field][0] += 1;
    else misses.push({ id, field, expected, got });
  };

  for (const record of records) {
    const result: SmsParseResult = parseSmsAlert(record.text, context);
    score(
      'isTransaction',
      record.id,
      result.ok === record.isTransaction,
      record.isTransaction,
      result.ok ? true : result.reason,
    );
    if (!record.isTransaction) continue;
    const value = result.ok ? result.value : null;

    const expectedAmount = record.direction === 'debit' ? -(record.amount ?? 0) : record.amount;
    score(
      'amountDirectionCurrency',
      record.id,
      value?.amount === expectedAmount && value?.currency === record.currency,
      `${expectedAmount} ${record.currency}`,
      value ? `${value.amount} ${value.currency}` : null,
    );
    if (record.date) score('date', record.id, value?.date === record.date, record.date, value?.date);
    if (record.accountLast4)
      score(
        'accountLast4',
        record.id,
        value?.accountLast4 === record.accountLast4,
        record.accountLast4,
        value?.accountLast4,
      );
    if (record.merchant)
      score('merchant', record.id, sameName(value?.merchant, record.merchant), record.merchant, value?.merchant);
    if (record.balance !== undefined) {
      const currency = record.balanceCurrency ?? record.currency;
      score(
        'balance',
        record.id,
        value?.balance === record.balance && value?.balanceCurrency === currency,
        `${record.balance} ${currency}`,
        value ? `${value.balance} ${value.balanceCurrency}` : null,
      );
    }
  }

  const summarise = ([correct, total]: number[]): FieldScore => ({
    correct,
    total,
    accuracy: total === 0 ? 1 : Math.round((correct / total) * 10000) / 10000,
  });
  return {
    messages: records.length,
    isTransaction: summarise(tally.isTransaction),
    amountDirectionCurrency: summarise(tally.amountDirectionCurrency),
    date: summarise(tally.date),
    accountLast4: summarise(tally.accountLast4),
    merchant: summarise(tally.merchant),
    balance: summarise(tally.balance),
    misses,
  };
}

/** Merchants compare case-insensitively, with spaces collapsed and end punctuation dropped. */
function sameName(got: string | undefined, expected: string): boolean {
  const norm = (name: string) =>
    name
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/[\s.,;:-]+$/, '')
      .trim();
  return got !== undefined && norm(got) === norm(expected);
}
