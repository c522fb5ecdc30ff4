import type { MinorUnits } from '../money';

/** One money movement read from a bank or wallet SMS alert. */
export interface SmsTransaction {
  /** Calendar date, YYYY-MM-DD: the one the message states, else the day it was received. */
  date: string;
  /** Signed minor units: negative = money out of the person's account, card or wallet. */
  amount: MinorUnits;
  currency: string;
  /** Merchant, payee, payer or UPI id text, for categorisation. Not yet redacted. */
  description: string;
  merchant?: string;
  /** Up to four trailing digits of the person's own masked account or card. */
  accountLast4?: string;
  /** Available balance after the transaction, as the message states it. */
  balance?: MinorUnits;
  balanceCurrency?: string;
  reference?: string;
}

export type SmsParseResult = { ok: true; value: SmsTransaction } | { ok: false; reason: string };

export interface SmsContext {
  /** The day the message arrived (YYYY-MM-DD): used when it states no date, or no year. */
  receivedOn?: string;
  /** The account's currency: used when the message prints amounts with no currency at all. */
  defaultCurrency?: string;
}

export type Direction = 'debit' | 'credit';
