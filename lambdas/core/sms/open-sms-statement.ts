import { NotAStatementError, type DetectedFormat, type OpenedStatement, type RowResult } from '../statement/types';
import { findMoney } from './find-money';
import { normaliseSmsText } from './normalise-sms-text';
import { parseSmsAlert } from './parse-sms';
import type { SmsContext } from './sms-types';
import { splitSmsFile, type SmsFileMessage } from './split-sms-file';
import { looksDelimited } from '../statement/open-csv-statement';
import type { StatementFormat } from '../statement/statement-format';

/** Files of alerts are small (a year of a busy account is ~1 MB); more is not an SMS export. */
const MAX_BYTES = 20 * 1024 * 1024;
/** How many messages detection looks at to describe the file. */
const SAMPLE = 200;

/**
 * Opens an upload of SMS alerts (.txt: one a line or blank-line separated; or JSON lines of
 * `{ text }`). Every message becomes a row: a transaction, or 'skipped' with the reason it
 * is not one (OTP, reminder, decline…). A file in which nothing looks like a bank alert is
 * refused with NotAStatementError.
 */
export async function openSmsStatement(
  source: AsyncIterable<Uint8Array>,
  context: SmsContext = {},
): Promise<OpenedStatement> {
  const content = await readText(source);
  const messages = splitSmsFile(content);
  const sample = messages.slice(0, SAMPLE);
  const parsed = sample.map((message) => parseSmsAlert(message.text, contextFor(message, context)));
  const transactions = parsed.flatMap((result) => (result.ok ? [result.value] : []));
  if (transactions.length === 0 && !sample.some((message) => looksLikeBankAlert(message.text))) {
    throw new NotAStatementError(
      'This file holds no bank or wallet SMS alerts: no message names an amount, an account or a debit or credit.',
    );
  }

  const format: DetectedFormat = {
    kind: 'sms',
    encoding: 'utf-8',
    currency: context.defaultCurrency ?? mostCommon(transactions.map((t) => t.currency)),
    accountLast4: mostCommon(transactions.flatMap((t) => (t.accountLast4 ? [t.accountLast4] : []))),
    notes: [
      `${messages.length} messages read; ${transactions.length} of the first ${sample.length} are transactions.`,
      'Messages that are not transactions (OTPs, reminders, declined payments, offers) are skipped, never imported.',
    ],
  };
  return { format, rows: rows(messages, context) };
}

async function* rows(messages: SmsFileMessage[], context: SmsContext): AsyncGenerator<RowResult> {
  for (const message of messages) {
    const result = parseSmsAlert(message.text, contextFor(message, context));
    if (!result.ok) {
      yield { kind: 'skipped', row: message.line, reason: result.reason };
      continue;
    }
    const { date, amount, currency, description, balance, balanceCurrency, reference } = result.value;
    yield {
      kind: 'transaction',
      value: {
        row: message.line,
        date,
        amount,
        currency,
        description,
        // A balance in another currency (a USD spend on an AED account) is no running balance of this row.
        balance: balance !== undefined && balanceCurrency === currency ? balance : null,
        reference: reference ?? null,
      },
    };
  }
}

function contextFor(message: SmsFileMessage, context: SmsContext): SmsContext {
  return { ...context, receivedOn: message.receivedOn ?? context.receivedOn };
}

function looksLikeBankAlert(text: string): boolean {
  const plain = normaliseSmsText(text);
  return (
    findMoney(plain).length > 0 &&
    /\b(?:a\/c|acct?|account|card|bank|upi|wallet|bal(?:ance)?|debited|credited|txn|transaction)\b/i.test(plain)
  );
}

async function readText(source: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > MAX_BYTES)
      throw new NotAStatementError('This file is too large to be an export of SMS alerts (over 20 MB).');
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  return new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

const ALERT_WORDS = /\b(debited|credited|spent|withdrawn|purchase|paid|received|a\/c|acct|txn|card ending)\b/i;

/**
 * A text file of bank alerts: JSON lines of `{ "text" }`, or lines that read like alerts (half
 * of them, or any in a .txt/.sms/.jsonl file) and do not split into columns like a CSV.
 */
export const smsFormat: StatementFormat<'sms'> = {
  kind: 'sms',
  sniff: ({ lines, filename }) => {
    if (lines.length > 0 && lines.every((line) => line.startsWith('{') && line.includes('"text"'))) return true;
    if (looksDelimited(lines)) return false;
    const alertLines = lines.filter((line) => ALERT_WORDS.test(line)).length;
    return alertLines > 0 && (/\.(txt|sms|jsonl)$/i.test(filename) || alertLines >= Math.ceil(lines.length / 2));
  },
  open: (source, options) => openSmsStatement(source, { defaultCurrency: options.defaultCurrency }),
};
