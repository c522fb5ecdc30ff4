import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStatement, sniffKind } from '../../../lambdas/core/statement/open-statement';
import { STATEMENT_KINDS, type StatementKind } from '../../../lambdas/core/statement/statement-formats';
import type { RowResult } from '../../../lambdas/core/statement/types';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/statements', name));
const streamOf = (bytes: Buffer | string) =>
  (async function* () {
    yield typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  })();

async function open(bytes: Buffer | string, filename: string) {
  const opened = await openStatement(streamOf(bytes), { filename });
  const rows: RowResult[] = [];
  for await (const row of opened.rows) rows.push(row);
  return { format: opened.format, rows };
}

const transactions = (rows: RowResult[]) =>
  rows.flatMap((r) =>
    r.kind === 'transaction' ? [[r.value.date, r.value.amount, r.value.currency, r.value.description]] : [],
  );

describe('OFX, QIF and CAMT statements (public test files of open-source importers, see test/fixtures/statements/README.md)', () => {
  it('reads an OFX 1.x (SGML) bank statement: dates, signed amounts, payee and memo, the account’s last four digits and its ledger balance', async () => {
    const { format, rows } = await open(fixture('ofxparse-checking.ofx'), 'checking.ofx');
    expect(format).toMatchObject({ kind: 'ofx', currency: 'USD', accountLast4: '6877', encoding: 'windows-1252' });
    expect(transactions(rows)).toEqual([
      [
        '2011-03-31',
        1,
        'USD',
        'DIVIDEND EARNED FOR PERIOD OF 03/01/2011 THROUGH 03/31/2011 ANNUAL PERCENTAGE YIELD EARNED IS 0.05%',
      ],
      ['2011-04-05', -3451, 'USD', 'AUTOMATIC WITHDRAWAL, ELECTRIC BILL WEB(S )'],
      ['2011-04-07', -2500, 'USD', 'RETURNED CHECK FEE, CHECK # 319 FOR $45.33 ON 04/07/11'],
    ]);
    expect(rows[2]).toMatchObject({ value: { reference: '0000488', balance: 10099 } });
  });

  it('reads OFX 2.x (XML, with CDATA) and a credit-card download whose XML header sits over unclosed SGML leaves', async () => {
    const bank = await open(fixture('ofxparse-suncorp.ofx'), 'suncorp.ofx');
    expect(bank.format).toMatchObject({ kind: 'ofx', currency: 'AUD', accountLast4: '6789' });
    expect(transactions(bank.rows)).toEqual([
      ['2013-12-15', -1685, 'AUD', 'EFTPOS WDL HANDYWAY ALDI STORE GEELONG WEST VICAU'],
    ]);
    const card = await open(fixture('ofxparse-anzcc.ofx'), 'anz.qfx');
    expect(card.format).toMatchObject({ kind: 'ofx', currency: 'AUD', accountLast4: '1234' });
    expect(card.format.notes?.[0]).toMatch(/credit card/);
    expect(transactions(card.rows)).toEqual([['2017-05-08', -550, 'AUD', 'SOME MEMO']]);
  });

  it('rejects one unreadable OFX transaction by number and keeps the others', async () => {
    const broken = fixture('ofxparse-bank_medium.ofx').toString('latin1').replace('<TRNAMT>-316.67', '<TRNAMT>n/a');
    const { rows } = await open(broken, 'broken.ofx');
    expect(rows.map((r) => r.kind)).toEqual(['transaction', 'rejected', 'transaction']);
    expect(rows[1]).toMatchObject({ row: 2, reason: 'transaction 2: TRNAMT "n/a" is not an amount' });
  });

  it('reads QIF: apostrophe dates, splits summed in the total, the opening balance skipped, lists of categories ignored', async () => {
    const { format, rows } = await open(fixture('quiffen-test.qif'), 'test.qif');
    expect(format).toMatchObject({ kind: 'qif', dateOrder: 'MDY' });
    expect(rows[0]).toMatchObject({ kind: 'skipped', reason: 'the opening balance of the account, not a transaction' });
    expect(transactions(rows)).toEqual([
      ['2020-02-14', 6750, 'USD', 'T-Mobile'],
      ['2020-02-14', 3200, 'USD', 'US Post Office money back for damaged parcel'],
      ['2020-02-12', -1000, 'USD', 'Target two transactions, equal'],
      ['2020-02-11', -2500, 'USD', 'Walmart non split transaction'],
      ['2020-02-10', -10000, 'USD', 'Amazon.com test order 1'],
    ]);
    const simple = await open(fixture('actual-data-payee-memo.qif'), 'data.qif');
    expect(transactions(simple.rows).map(([, amount, , description]) => [amount, description])).toEqual([
      [-1000, 'Payee Name Note Text'],
      [-2000, 'Payee Name Only'],
      [-3000, 'Note Only Text'],
      [-4000, ''],
    ]);
  });

  it('decides a QIF file’s day/month order over the whole file and reads decimal commas', async () => {
    const qif = '!Type:Bank\nD03.02.2024\nPBAECKEREI\nT-3,50\n^\nD23.02.2024\nPMIETE\nT-1.250,00\n^\n';
    const { format, rows } = await open(qif, 'konto.qif');
    expect(format).toMatchObject({ dateOrder: 'DMY', decimalMark: ',' });
    expect(transactions(rows).map(([date, amount]) => [date, amount])).toEqual([
      ['2024-02-03', -350],
      ['2024-02-23', -125000],
    ]);
  });

  it('reads CAMT.053: booked entries signed by CdtDbtInd, the counterparty with the remittance text, each statement’s closing balance', async () => {
    const { format, rows } = await open(fixture('genkgo-camt053.v2.multi.statement.xml'), 'statement.xml');
    expect(format).toMatchObject({ kind: 'camt', currency: 'EUR', accountLast4: '6890' });
    expect(transactions(rows)).toEqual([
      ['2014-12-31', 885, 'EUR', 'Transaction Description 1'],
      ['2014-12-31', -700, 'EUR', 'Company Name 2 Transaction Description 2'],
    ]);
    expect(rows.map((r) => (r.kind === 'transaction' ? r.value.balance : null))).toEqual([2700, 2000]);
  });

  it('skips a pending CAMT entry with its reason', async () => {
    const pending = fixture('genkgo-camt053.v4.xml').toString('utf8').replace('<Sts>BOOK</Sts>', '<Sts>PDNG</Sts>');
    const { rows } = await open(pending, 'pending.xml');
    expect(rows).toEqual([{ kind: 'skipped', row: 1, reason: 'entry 1 is pending, not booked yet' }]);
  });

  it('tells the formats apart by their first bytes, whatever the file is called', () => {
    const head = (name: string) => new Uint8Array(fixture(name).subarray(0, 4096));
    expect(sniffKind(head('ofxparse-checking.ofx'), 'download.txt')).toBe('ofx');
    expect(sniffKind(head('ofxparse-suncorp.ofx'), 'statement.xml')).toBe('ofx');
    expect(sniffKind(head('quiffen-test.qif'), 'export.txt')).toBe('qif');
    expect(sniffKind(head('genkgo-camt053.v4.xml'), 'statement.xml')).toBe('camt');
    expect(
      sniffKind(Buffer.from('Date,Description,Amount\n2024-01-01,SHOP,-1.00\n2024-01-02,SHOP,-2.00\n'), 'export.qif'),
    ).toBe('csv');
  });

  it('opens each registered format through the registry, and the upload API offers exactly the registered kinds', async () => {
    const samples: Record<StatementKind, [Buffer | string, string]> = {
      ofx: [fixture('ofxparse-checking.ofx'), 'a.ofx'],
      qif: [fixture('quiffen-test.qif'), 'a.qif'],
      camt: [fixture('genkgo-camt053.v4.xml'), 'a.xml'],
      sms: ['Rs.250.00 debited from A/c XX1234 on 01-03-24 to VPA shop@upi. Avl bal Rs.1000.00', 'alerts.txt'],
      csv: ['Date,Description,Amount\n2024-01-01,SHOP,-1.00\n2024-01-02,SHOP,-2.00\n', 'a.csv'],
    };
    for (const kind of STATEMENT_KINDS) {
      const [bytes, filename] = samples[kind];
      const { format, rows } = await open(bytes, filename);
      expect([kind, format.kind, transactions(rows).length > 0]).toEqual([kind, kind, true]);
    }
    const { apiRoutes } = await import('../../../lambdas/app/api/routes');
    const createUpload = apiRoutes.find((route) => route.method === 'POST' && route.path === '/uploads');
    const body = createUpload?.body as unknown as { shape: { kind: { unwrap(): { options: string[] } } } };
    expect([...body.shape.kind.unwrap().options].sort()).toEqual([...STATEMENT_KINDS].sort());
  });

  it('refuses an XML file that is not a bank statement, with a reason', async () => {
    await expect(
      open(
        '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><Other/></Document>',
        'x.xml',
      ),
    ).rejects.toThrow('This XML file is not an ISO 20022 bank statement');
    await expect(
      open(
        'OFXHEADER:100\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<MESSAGE>Bad password</STATUS></SONRS></SIGNONMSGSRSV1></OFX>',
        'x.ofx',
      ),
    ).rejects.toThrow('This OFX file holds no bank or card statement (the bank says: "Bad password")');
  });
});
