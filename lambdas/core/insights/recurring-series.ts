import type { Cadence } from './cadence';
import type { RecurringKind } from './recurring-kind';

/** A transaction as the detector reads it: compact columns, no more. */
export interface RecurringInput {
  id: string;
  date: string;
  /** Signed minor units, negative = money out. */
  amount: number;
  currency: string;
  description: string;
  merchant?: string | null;
  category?: string | null;
}

export interface PriceChange {
  from: number;
  to: number;
  date: string;
}

export interface DetectedSeries {
  /** Who is paid or pays (the counterparty key; '' when the bank printed no name). */
  merchant: string;
  name: string;
  currency: string;
  direction: 'in' | 'out';
  cadence: Cadence;
  /**
   * Set when the cadence is counted from the last charge, not kept on a day of the calendar (a
   * prepaid plan renewed every 28-33 days): its next date is the last charge plus its usual interval.
   */
  fromLastCharge?: true;
  /**
   * Set when the series was found from fewer charges than a series usually needs because its bank
   * text names its cadence: the words that name it ("1 month", "365 days", "annual").
   */
  cadenceNamed?: string;
  kind: RecurringKind;
  /** Typical signed amount (the latest price for a fixed amount, the median of the last three otherwise). */
  amount: number;
  amountRange: { min: number; max: number };
  fixedAmount: boolean;
  occurrences: number;
  transactionIds: string[];
  firstDate: string;
  lastDate: string;
  nextExpected: string;
  nextAmount: number;
  priceChange: PriceChange | null;
  status: 'active' | 'stopped';
  /** What a year of it costs (or brings) at its current amount. */
  yearlyTotal: number;
}

export interface DetectOptions {
  /** The day the history is read on; a series overdue by half a cadence past its tolerance then is stopped. */
  asOf: string;
}
