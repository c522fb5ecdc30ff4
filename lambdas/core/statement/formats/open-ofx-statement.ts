import { decimalToMinorUnits, isCurrencyCode } from '../../money';
import { institutionFromText } from '../institution';
import { NotAStatementError, type DetectedFormat, type OpenedStatement, type RowResult } from '../types';
import { findAll, parseOfxTree, valueOf, type OfxNode } from './ofx-tree';
import { combineDescription, decodeText, last4Of, readWholeFile } from './whole-file';
import type { StatementFormat } from '../statement-format';

/**
 * Opens an OFX or QFX download (1.x SGML or 2.x XML; bank and credit-card statements). Each
 * STMTTRN becomes a row: posted date, signed amount (OFX signs from the holder's side, as we
 * do), payee and memo, FITID as reference. Only the last four digits of the account id are
 * kept. The ledger balance is put on the latest row it covers, for the account's balance.
 */
export async function openOfxStatement(
  source: AsyncIterable<Uint8Array>,
  options: { defaultCurrency?: string } = {},
): Promise<OpenedStatement> {
  const bytes = await readWholeFile(source, 'OFX');
  const head = bytes.subarray(0, 1024).toString('latin1');
  const declared = /CHARSET:\s*(\S+)/i.exec(head)?.[1] ?? /encoding="([^"]+)"/i.exec(head)?.[1] ?? null;
  const { text, encoding } = decodeText(bytes, declared === 'NONE' ? null : declared);
  const start = text.search(/<OFX>/i);
  if (start < 0) throw new NotAStatementError('This file says it is OFX but has no <OFX> section.');
  const tree = parseOfxTree(text.slice(start));
  const statements = [...findAll(tree, 'STMTRS'), ...findAll(tree, 'CCSTMTRS')];
  if (statements.length === 0) {
    const message = valueOf(tree, 'MESSAGE');
    throw new NotAStatementError(
      `This OFX file holds no bank or card statement${message ? ` (the bank says: "${message}")` : ''}; investment and sign-on files cannot be imported.`,
    );
  }
  const first = statements[0];
  const currency = normaliseCurrency(valueOf(first, 'CURDEF')) ?? options.defaultCurrency ?? 'USD';
  const accountLast4 = last4Of(valueOf(first, 'ACCTID'));
  const notes = [
    `OFX ${/OFXHEADER="?200/.test(head) ? '2.x (XML)' : '1.x (SGML)'}: ${statements.length === 1 ? 'one statement' : `${statements.length} statements`}, ${first.name === 'CCSTMTRS' ? 'credit card' : 'bank account'}`,
  ];
  if (statements.length > 1)
    notes.push('The file holds several accounts; all their transactions go to the one account this upload targets.');
  const format: DetectedFormat = {
    kind: 'ofx',
    encoding,
    currency,
    accountLast4,
    institution: institutionFromText([valueOf(tree, 'SONRS', 'ORG') ?? '', valueOf(first, 'BANKID') ?? '']),
    notes,
  };
  return { format, rows: rowsOf(statements, currency) };
}

async function* rowsOf(statements: OfxNode[], fallbackCurrency: string): AsyncGenerator<RowResult> {
  let row = 0;
  for (const statement of statements) {
    const currency = normaliseCurrency(valueOf(statement, 'CURDEF')) ?? fallbackCurrency;
    const transactions = findAll(statement, 'STMTTRN');
    const ledger = findAll(statement, 'LEDGERBAL')[0];
    const results = transactions.map((transaction) => {
      row += 1;
      return readTransaction(transaction, row, currency);
    });
    attachLedgerBalance(results, ledger, currency);
    yield* results;
  }
}

function readTransaction(node: OfxNode, row: number, currency: string): RowResult {
  const posted = valueOf(node, 'DTPOSTED') ?? valueOf(node, 'DTUSER');
  const date = posted ? ofxDate(posted) : null;
  if (!date)
    return { kind: 'rejected', row, reason: `transaction ${row}: no readable DTPOSTED date (${posted ?? 'missing'})` };
  const amountText = valueOf(node, 'TRNAMT');
  const amount = amountText === null ? null : ofxAmount(amountText, currency);
  if (amount === null)
    return { kind: 'rejected', row, reason: `transaction ${row}: TRNAMT "${amountText ?? ''}" is not an amount` };
  const check = valueOf(node, 'CHECKNUM');
  const description =
    combineDescription(valueOf(node, 'NAME'), valueOf(node, 'PAYEE', 'NAME'), valueOf(node, 'MEMO')) ||
    (check && check !== '0' ? `CHECK ${check}` : (valueOf(node, 'TRNTYPE') ?? ''));
  return {
    kind: 'transaction',
    value: { row, date, amount, currency, description, reference: valueOf(node, 'FITID') },
  };
}

/** The statement's ledger balance belongs to the latest transaction on or before its date. */
function attachLedgerBalance(results: RowResult[], ledger: OfxNode | undefined, currency: string): void {
  if (!ledger) return;
  const balanceText = valueOf(ledger, 'BALAMT');
  const asOf = ofxDate(valueOf(ledger, 'DTASOF') ?? '');
  const balance = balanceText === null ? null : ofxAmount(balanceText, currency);
  if (balance === null) return;
  let latest: (RowResult & { kind: 'transaction' }) | null = null;
  for (const result of results) {
    if (result.kind !== 'transaction') continue;
    if (asOf && result.value.date > asOf) continue;
    if (!latest || result.value.date >= latest.value.date) latest = result;
  }
  if (latest) latest.value.balance = balance;
}

/** YYYYMMDD, with or without a time and a zone: the date as printed. */
function ofxDate(text: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(text.trim());
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? `${match[1]}-${match[2]}-${match[3]}`
    : null;
}

/** OFX amounts use a point, some European banks a comma; thousands separators are rare but seen. */
function ofxAmount(text: string, currency: string): number | null {
  let clean = text.trim().replace(/\s/g, '');
  if (/^[+-]?[\d.]*,\d+$/.test(clean)) clean = clean.replace(/\./g, '').replace(',', '.');
  else clean = clean.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(clean)) return null;
  return decimalToMinorUnits(clean.replace(/^\+/, ''), currency);
}

function normaliseCurrency(text: string | null): string | null {
  const code = (text ?? '').trim().toUpperCase();
  return isCurrencyCode(code) ? code : null;
}

/** OFX and QFX say what they are in their first bytes (`OFXHEADER`, `<OFX>`). */
export const ofxFormat: StatementFormat<'ofx'> = {
  kind: 'ofx',
  sniff: ({ text }) => /OFXHEADER\s*[:=]|<OFX>/i.test(text),
  open: (source, options) => openOfxStatement(source, { defaultCurrency: options.defaultCurrency }),
};
