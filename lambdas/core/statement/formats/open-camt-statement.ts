import { XMLParser } from 'fast-xml-parser';
import { decimalToMinorUnits, isCurrencyCode } from '../../money';
import { institutionFromText } from '../institution';
import { NotAStatementError, type DetectedFormat, type OpenedStatement, type RowResult } from '../types';
import { cleanText, combineDescription, decodeText, last4Of, readWholeFile } from './whole-file';
import type { StatementFormat } from '../statement-format';

type Xml = Record<string, unknown>;

/** Elements that may repeat: always read as arrays, so one entry and many look alike. */
const REPEATING = new Set([
  'Stmt',
  'Rpt',
  'Ntfctn',
  'Ntry',
  'NtryDtls',
  'TxDtls',
  'Bal',
  'Ustrd',
  'AddtlNtryInf',
  'AddtlTxInf',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Amounts, IBANs and references stay text: "0.60" and "00123" must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATING.has(name),
});

/**
 * Opens an ISO 20022 bank-to-customer statement: CAMT.053 (statement), and the same shape in
 * CAMT.052 (intraday report) and CAMT.054 (notification). Each booked entry (Ntry) becomes a
 * row: booking date, amount signed by CdtDbtInd, the counterparty's name with the remittance
 * text, and the bank's reference. Pending entries are skipped; the closing booked balance
 * (CLBD) is put on the latest entry, for the account's balance.
 */
export async function openCamtStatement(
  source: AsyncIterable<Uint8Array>,
  options: { defaultCurrency?: string } = {},
): Promise<OpenedStatement> {
  const bytes = await readWholeFile(source, 'CAMT');
  const declared = /encoding="([^"]+)"/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1] ?? null;
  const { text, encoding } = decodeText(bytes, declared);
  let document: Xml;
  try {
    document = parser.parse(text) as Xml;
  } catch (error) {
    throw new NotAStatementError(`This CAMT file is not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = (document.Document ?? {}) as Xml;
  const container = (root.BkToCstmrStmt ?? root.BkToCstmrAcctRpt ?? root.BkToCstmrDbtCdtNtfctn) as Xml | undefined;
  const statements = container ? [...list(container.Stmt), ...list(container.Rpt), ...list(container.Ntfctn)] : [];
  if (statements.length === 0)
    throw new NotAStatementError(
      'This XML file is not an ISO 20022 bank statement (no BkToCstmrStmt, report or notification in it).',
    );

  const account = (statements[0].Acct ?? {}) as Xml;
  const iban = textAt(account, 'Id', 'IBAN') ?? textAt(account, 'Id', 'Othr', 'Id');
  const currency =
    code(textAt(account, 'Ccy')) ?? code(attributeOfFirstAmount(statements[0])) ?? options.defaultCurrency ?? 'EUR';
  const bank = [
    textAt(account, 'Svcr', 'FinInstnId', 'Nm') ?? '',
    `BIC ${textAt(account, 'Svcr', 'FinInstnId', 'BIC') ?? textAt(account, 'Svcr', 'FinInstnId', 'BICFI') ?? ''}`,
    iban ?? '',
  ];
  const kind = root.BkToCstmrStmt
    ? 'CAMT.053 statement'
    : root.BkToCstmrAcctRpt
      ? 'CAMT.052 report'
      : 'CAMT.054 notification';
  const format: DetectedFormat = {
    kind: 'camt',
    encoding,
    currency,
    accountLast4: last4Of(iban),
    institution: institutionFromText(bank),
    notes: [`ISO 20022 ${kind}: ${statements.length === 1 ? 'one statement' : `${statements.length} statements`}`],
  };
  return { format, rows: rowsOf(statements, currency) };
}

async function* rowsOf(statements: Xml[], fallbackCurrency: string): AsyncGenerator<RowResult> {
  let row = 0;
  for (const statement of statements) {
    const results = list(statement.Ntry).map((entry) => {
      row += 1;
      return readEntry(entry, row, fallbackCurrency);
    });
    attachClosingBalance(results, statement);
    yield* results;
  }
}

function readEntry(entry: Xml, row: number, fallbackCurrency: string): RowResult {
  const status = textAt(entry, 'Sts', 'Cd') ?? textAt(entry, 'Sts');
  if (status && status !== 'BOOK')
    return {
      kind: 'skipped',
      row,
      reason: `entry ${row} is ${status === 'PDNG' ? 'pending' : status}, not booked yet`,
    };
  const amountNode = entry.Amt as Xml | string | undefined;
  const amountText = typeof amountNode === 'object' ? String(amountNode['#text'] ?? '') : String(amountNode ?? '');
  const currency = code(typeof amountNode === 'object' ? String(amountNode['@Ccy'] ?? '') : '') ?? fallbackCurrency;
  const direction = textAt(entry, 'CdtDbtInd');
  if (!/^\d+(\.\d+)?$/.test(amountText.trim()) || (direction !== 'CRDT' && direction !== 'DBIT')) {
    return {
      kind: 'rejected',
      row,
      reason: `entry ${row}: the amount "${amountText}" ${direction ?? 'without CdtDbtInd'} cannot be read`,
    };
  }
  const date = isoDay(
    textAt(entry, 'BookgDt', 'Dt') ??
      textAt(entry, 'BookgDt', 'DtTm') ??
      textAt(entry, 'ValDt', 'Dt') ??
      textAt(entry, 'ValDt', 'DtTm'),
  );
  if (!date) return { kind: 'rejected', row, reason: `entry ${row}: no booking or value date` };
  const units = decimalToMinorUnits(amountText.trim(), currency);
  const amount = direction === 'DBIT' ? -units : units;
  const details = list(entry.NtryDtls).flatMap((d) => list(d.TxDtls));
  // The other side: who was paid on a debit, who paid on a credit.
  const counterparty =
    details
      .map(
        (d) =>
          textAt(d, 'RltdPties', direction === 'DBIT' ? 'Cdtr' : 'Dbtr', 'Nm') ??
          textAt(d, 'RltdPties', direction === 'DBIT' ? 'Cdtr' : 'Dbtr', 'Pty', 'Nm'),
      )
      .find(Boolean) ?? null;
  const remittance = details.flatMap((d) => list((d.RmtInf as Xml | undefined)?.Ustrd).map(String)).join(' ');
  const additional = list(entry.AddtlNtryInf).map(String).join(' ');
  const description = combineDescription(counterparty, cleanText(remittance), additional);
  return {
    kind: 'transaction',
    value: {
      row,
      date,
      amount,
      currency,
      description,
      reference: textAt(entry, 'AcctSvcrRef') ?? textAt(entry, 'NtryRef'),
    },
  };
}

/** The closing booked balance belongs to the latest entry on or before its date. */
function attachClosingBalance(results: RowResult[], statement: Xml): void {
  const closing = list(statement.Bal).find((balance) => textAt(balance, 'Tp', 'CdOrPrtry', 'Cd') === 'CLBD');
  if (!closing) return;
  const amount = closing.Amt as Xml | undefined;
  const value = String(amount?.['#text'] ?? '');
  const currency = code(String(amount?.['@Ccy'] ?? ''));
  if (!currency || !/^\d+(\.\d+)?$/.test(value)) return;
  const asOf = isoDay(textAt(closing, 'Dt', 'Dt') ?? textAt(closing, 'Dt', 'DtTm'));
  const units = decimalToMinorUnits(value, currency) * (textAt(closing, 'CdtDbtInd') === 'DBIT' ? -1 : 1);
  let latest: (RowResult & { kind: 'transaction' }) | null = null;
  for (const result of results) {
    if (result.kind !== 'transaction' || result.value.currency !== currency) continue;
    if (asOf && result.value.date > asOf) continue;
    if (!latest || result.value.date >= latest.value.date) latest = result;
  }
  if (latest) latest.value.balance = units;
}

function list(value: unknown): Xml[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Xml[];
}

/** The text at a path of element names, or null. */
function textAt(node: unknown, ...path: string[]): string | null {
  let current: unknown = node;
  for (const name of path) {
    if (Array.isArray(current)) current = current[0];
    if (current === null || typeof current !== 'object') return null;
    current = (current as Xml)[name];
  }
  if (Array.isArray(current)) current = current[0];
  if (current !== null && typeof current === 'object') current = (current as Xml)['#text'];
  return typeof current === 'string' && current.trim() ? current.trim() : null;
}

function attributeOfFirstAmount(statement: Xml): string {
  const entry = list(statement.Ntry)[0];
  const amount = entry?.Amt as Xml | undefined;
  return String(amount?.['@Ccy'] ?? '');
}

function code(text: string | null): string | null {
  const value = (text ?? '').trim().toUpperCase();
  return isCurrencyCode(value) ? value : null;
}

function isoDay(text: string | null): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** ISO 20022 CAMT.052/053/054 names its namespace or its `BkToCstmr…` root early. */
export const camtFormat: StatementFormat<'camt'> = {
  kind: 'camt',
  sniff: ({ text }) =>
    /urn:iso:std:iso:20022:tech:xsd:camt\.05[234]|<(\w+:)?BkToCstmr(Stmt|AcctRpt|DbtCdtNtfctn)>/.test(text),
  open: (source, options) => openCamtStatement(source, { defaultCurrency: options.defaultCurrency }),
};
