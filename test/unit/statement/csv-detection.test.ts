import { detectCsvFormat, headerSignature, openCsvStatement } from '../../../lambdas/core/statement/open-csv-statement';
import { NotAStatementError, type RowResult, type StatementRow } from '../../../lambdas/core/statement/types';

async function* bytesOf(content: string | Uint8Array, chunk = 13): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  for (let offset = 0; offset < bytes.length; offset += chunk) yield bytes.subarray(offset, offset + chunk);
}

async function read(content: string | Uint8Array, options: Parameters<typeof openCsvStatement>[1] = {}) {
  const opened = await openCsvStatement(bytesOf(content), options);
  const results: RowResult[] = [];
  for await (const result of opened.rows) results.push(result);
  const transactions: StatementRow[] = results.flatMap((r) => (r.kind === 'transaction' ? [r.value] : []));
  return {
    format: opened.format,
    results,
    transactions,
    brief: transactions.map((t) => [t.date, t.amount, t.currency]),
  };
}

/** Windows-1252 / -1251 bytes for a string whose characters are all in the code page's upper half table given. */
function singleByte(text: string, table: Record<string, number>): Uint8Array {
  return Uint8Array.from([...text].map((c) => table[c] ?? c.charCodeAt(0)));
}

describe('a plain CSV statement', () => {
  it('reads date, description and a signed amount, with the account currency', async () => {
    const { brief, transactions } = await read(
      'date,description,amount\n2024-01-02,COFFEE HOUSE,-3.20\n2024-01-03,SALARY,2500\n',
      { defaultCurrency: 'EUR' },
    );
    expect(brief).toEqual([
      ['2024-01-02', -320, 'EUR'],
      ['2024-01-03', 250000, 'EUR'],
    ]);
    expect(transactions[0]).toMatchObject({ row: 2, description: 'COFFEE HOUSE' });
  });

  it('falls back to USD when neither the file nor the account names a currency', async () => {
    expect((await read('Date,Description,Amount\n2024-01-02,X,-1.00\n')).brief).toEqual([['2024-01-02', -100, 'USD']]);
  });

  it('rejects one bad amount naming the row and the cell, and keeps every other row', async () => {
    const { results, transactions } = await read(
      'Date,Description,Amount\n2024-01-02,A,-1.00\n2024-01-03,B,"12,3x"\n2024-01-04,C,-2.00\n',
    );
    expect(transactions).toHaveLength(2);
    expect(results).toContainEqual({ kind: 'rejected', row: 3, reason: 'row 3: amount "12,3x" is not a number' });
  });

  it('rejects an impossible date naming the row', async () => {
    const { results } = await read('Date,Description,Amount\n2024-01-02,A,-1.00\n2024-02-31,B,-1.00\n');
    expect(results).toContainEqual({ kind: 'rejected', row: 3, reason: 'row 3: date "2024-02-31" is not a date' });
  });
});

describe('dates', () => {
  it('decides day-first over the whole file from one day above 12, even late in the file', async () => {
    const lines = ['Date,Description,Amount'];
    for (let i = 0; i < 3000; i++) lines.push(`03/04/2024,SHOP ${i},-1.00`);
    lines.push('25/04/2024,LAST,-1.00');
    const { transactions, format } = await read(`${lines.join('\n')}\n`, { defaultCurrency: 'USD' });
    expect(transactions[0].date).toBe('2024-04-03');
    expect(transactions.at(-1)?.date).toBe('2024-04-25');
    expect(format.dateOrder).toBe('DMY');
  });

  it('takes month-first from a balance line that is not itself a transaction', async () => {
    const csv =
      'Data,Histórico,Valor\n10/31/2012,Saldo Anterior,100.00\n11/01/2012,Compra,-1.00\n11/05/2012,Compra,-2.00\n';
    const { brief, results } = await read(csv, { defaultCurrency: 'BRL' });
    expect(brief).toEqual([
      ['2012-11-01', -100, 'BRL'],
      ['2012-11-05', -200, 'BRL'],
    ]);
    expect(results[0]).toMatchObject({ kind: 'skipped', row: 2 });
  });

  it('falls back to the currency convention when no date decides, and says so', async () => {
    const csv = 'Date,Description,Amount\n05/01/2023,A,-1.00\n05/03/2023,B,-1.00\n';
    const usd = await read(csv, { defaultCurrency: 'USD' });
    expect(usd.brief.map((r) => r[0])).toEqual(['2023-05-01', '2023-05-03']);
    const inr = await read(csv, { defaultCurrency: 'INR' });
    expect(inr.brief.map((r) => r[0])).toEqual(['2023-01-05', '2023-03-05']);
    expect(inr.format.notes?.join(' ')).toMatch(/day first/);
  });

  it.each([
    ['20240105', '2024-01-05'],
    ['2024/01/05', '2024-01-05'],
    ['2012:03:01', '2012-03-01'],
    ['05.01.2024', '2024-01-05'],
    ['05.01.24', '2024-01-05'],
    ['05-01-2024', '2024-01-05'],
    ['07 Nov 2013', '2013-11-07'],
    ['7. März 2024', '2024-03-07'],
    ['12 févr. 2024', '2024-02-12'],
    ['3 mei 2024', '2024-05-03'],
    ['20091224120000[0:GMT]', '2009-12-24'],
    ['2019-07-06 00:00:00', '2019-07-06'],
    ['2013-07-03-08.21.36.47192', '2013-07-03'],
    ['2023年4月22日', '2023-04-22'],
  ])('reads the date %s as %s', async (cell, iso) => {
    const { brief } = await read(`Datum;Text;Betrag\n${cell};Miete;-1,00\n15.01.2024;X;-1,00\n`, {
      defaultCurrency: 'EUR',
    });
    expect(brief[0][0]).toBe(iso);
  });
});

describe('amounts', () => {
  it.each([
    ['-1.234,56', -123456, ';'],
    ['1.234,56-', -123456, ';'],
    ['-,01', -1, ';'],
    ['(12.00)', -1200, ','],
    ['"$1,036.47"', 103647, ','],
    ['£500.00', 50000, ','],
    ["11'373.94", 1137394, ','],
    ['"1 234,50 €"', 123450, ';'],
    ['+1,23', 123, ';'],
    ['-.46', -46, ','],
    ['12.50 CR', 1250, ','],
    ['12.50 DR', -1250, ','],
  ])('reads %s as %i minor units', async (cell, units, delimiter) => {
    const other = delimiter === ';' ? '-1,00' : '-1.00';
    const csv = `Date${delimiter}Description${delimiter}Amount\n2024-01-02${delimiter}A${delimiter}${cell}\n2024-01-03${delimiter}B${delimiter}${other}\n`;
    const { brief, results } = await read(csv, { defaultCurrency: 'EUR' });
    expect(results.filter((r) => r.kind === 'rejected')).toEqual([]);
    expect(brief[0][1]).toBe(units);
  });

  it('decides the decimal comma over the whole sample, so "2500" and "1,25" are both read right', async () => {
    const { brief, format } = await read('Datum;Omschrijving;Bedrag\n01-02-2024;A;2500\n02-02-2024;B;1,25\n', {
      defaultCurrency: 'EUR',
    });
    expect(format.decimalMark).toBe(',');
    expect(brief.map((r) => r[1])).toEqual([250000, 125]);
  });

  it('combines debit and credit columns', async () => {
    const csv =
      'Transaction Date,Description,Debit Amount,Credit Amount,Balance\n15/01/2024,SHOP,8.99,,2040.59\n14/01/2024,PAY,,2000,2049.58\n';
    expect((await read(csv, { defaultCurrency: 'GBP' })).brief).toEqual([
      ['2024-01-15', -899, 'GBP'],
      ['2024-01-14', 200000, 'GBP'],
    ]);
  });

  it('signs unsigned amounts from an Af/Bij column', async () => {
    const csv =
      '"Datum","Naam / Omschrijving","Af Bij","Bedrag (EUR)"\n"20200213","Kosten","Af","1,25"\n"20200214","Rente","Bij","0,50"\n';
    expect((await read(csv, { defaultCurrency: 'EUR' })).brief).toEqual([
      ['2020-02-13', -125, 'EUR'],
      ['2020-02-14', 50, 'EUR'],
    ]);
  });

  it('flips the sign of a card export whose DEBIT rows are positive', async () => {
    const csv =
      '2013/01/17,DEBIT,"VODAFONE",30.00\n2013/01/19,CREDIT,"PAYMENT RECEIVED",-500.00\n2013/01/20,DEBIT,"PARKING",4.60\n';
    expect((await read(csv, { defaultCurrency: 'NZD' })).brief).toEqual([
      ['2013-01-17', -3000, 'NZD'],
      ['2013-01-19', 50000, 'NZD'],
      ['2013-01-20', -460, 'NZD'],
    ]);
  });

  it('flips the sign when the mapping says the card prints purchases positive', async () => {
    const csv = 'Date,Description,Amount\n2024-01-02,SHOP,12.00\n2024-01-03,PAYMENT,-50.00\n';
    const mapping = {
      columns: [
        { index: 0, role: 'date' as const },
        { index: 1, role: 'description' as const },
        { index: 2, role: 'amount' as const },
      ],
      invertSign: true,
    };
    expect((await read(csv, { mapping, defaultCurrency: 'USD' })).brief).toEqual([
      ['2024-01-02', -1200, 'USD'],
      ['2024-01-03', 5000, 'USD'],
    ]);
  });

  it('never takes the running balance for the amount, even without a header', async () => {
    // Balance column first and larger: it must be recognised because balance + amount = next balance.
    const csv =
      '17-06-2022,ACME,130.44,223.77\n17-06-2022,SHOP,354.21,-200.00\n25-06-2022,FEE,154.21,-2.20\n27-06-2022,DIVIDEND,152.01,503.15\n';
    const { brief, format } = await read(csv, { defaultCurrency: 'EUR' });
    expect(brief.map((r) => r[1])).toEqual([22377, -20000, -220, 50315]);
    expect(format.columns).toContainEqual(expect.objectContaining({ index: 2, role: 'balance' }));
  });

  it('uses the currency column of each row, mapping old codes (RUR) and names (人民币)', async () => {
    const csv =
      'Date,Description,Amount,Currency\n2024-01-02,A,-1.00,RUR\n2024-01-03,B,-1.00,人民币\n2024-01-04,C,-1.00,\n';
    expect((await read(csv, { defaultCurrency: 'EUR' })).brief).toEqual([
      ['2024-01-02', -100, 'RUB'],
      ['2024-01-03', -100, 'CNY'],
      ['2024-01-04', -100, 'EUR'],
    ]);
  });
});

describe('layout', () => {
  it.each([
    [';', 'Datum;Text;Betrag\n02.01.2024;Miete, Januar;-1,00\n03.01.2024;Strom;-2,00\n'],
    ['\t', 'Date\tDescription\tAmount\n2024-01-02\tA, B\t-1.00\n2024-01-03\tC\t-2.00\n'],
    ['|', 'Date|Description|Amount\n2024-01-02|A, B|-1.00\n2024-01-03|C|-2.00\n'],
    [',', 'Date,Description,Amount\n2024-01-02,"A; B, C",-1.00\n2024-01-03,C,-2.00\n'],
  ])('detects the delimiter %j', async (delimiter, csv) => {
    const { format, transactions } = await read(csv, { defaultCurrency: 'EUR' });
    expect(format.delimiter).toBe(delimiter);
    expect(transactions).toHaveLength(2);
  });

  it('keeps quoted delimiters and line breaks inside one field, and numbers records as a person counts them', async () => {
    const { transactions } = await read(
      'Date,Description,Amount\r\n2024-01-02,"multi\r\nline, memo",-1.00\r\n2024-01-03,B,-2.00\r\n',
    );
    expect(transactions.map((t) => [t.row, t.description])).toEqual([
      [2, 'multi line, memo'],
      [3, 'B'],
    ]);
  });

  it('survives unescaped quotes inside a quoted field', async () => {
    const { transactions } = await read(
      '"Data","Gavejas","Suma","D/K"\n"2012-01-26","UAB "Naktida"","12.20","D"\n"2012-01-27","X","1.00","K"\n',
      { defaultCurrency: 'LTL' },
    );
    expect(transactions.map((t) => [t.description, t.amount])).toEqual([
      ['UAB "Naktida"', -1220],
      ['X', 100],
    ]);
  });

  it('skips a preamble before the header and a totals trailer after the rows', async () => {
    const csv =
      'Account statement\nIBAN;DE12 3456\nSaldo;150,00;EUR\n\nBuchung;Verwendungszweck;Betrag\n28.12.2018;Blumen;-5,50\n27.12.2018;Lohn;100,00\n\nSumme;;94,50\n';
    const { brief, format, results } = await read(csv, { defaultCurrency: 'EUR' });
    expect(format.headerRow).toBe(5);
    expect(brief).toEqual([
      ['2018-12-28', -550, 'EUR'],
      ['2018-12-27', 10000, 'EUR'],
    ]);
    expect(results.filter((r) => r.kind === 'rejected')).toEqual([]);
  });

  it('reads a file without a header by the content of its columns', async () => {
    const csv =
      '11/01/2014,0, Deposit,0,500.00,500.00\n11/02/2014,101,Check,100.00,0,400.00\n11/17/2014,0, Deposit,0,700.00,1100.00\n';
    const { brief, format } = await read(csv, { defaultCurrency: 'USD' });
    expect(format.headerRow).toBeNull();
    expect(brief).toEqual([
      ['2014-11-01', 50000, 'USD'],
      ['2014-11-02', -10000, 'USD'],
      ['2014-11-17', 70000, 'USD'],
    ]);
  });

  it('skips pending, zero-amount, blank and balance lines, each with its reason', async () => {
    const csv =
      'Date;Description;Amount;Status\n2024-01-02;SHOP;-1,00;Umsatz vorgemerkt\n2024-01-03;ABSCHLUSS;0,00;gebucht\n\n2024-01-31;Closing balance;99,00;gebucht\n2024-01-04;RENT;-500,00;gebucht\n';
    const { results, brief } = await read(csv, { defaultCurrency: 'EUR' });
    expect(brief).toEqual([['2024-01-04', -50000, 'EUR']]);
    expect(results.filter((r) => r.kind === 'skipped').map((r) => (r.kind === 'skipped' ? r.reason : ''))).toEqual([
      expect.stringMatching(/^pending/),
      'zero amount (no money moved)',
      'blank line',
      expect.stringMatching(/^balance or totals line/),
    ]);
  });

  it('lets an explicit mapping override the header row and the columns', async () => {
    const csv = 'garbage,header,here\nX,02/01/2024,"1.234,00"\nY,03/01/2024,"-5,00"\n';
    const mapping = {
      headerRow: 1,
      delimiter: ',',
      dateOrder: 'MDY' as const,
      decimalMark: ',' as const,
      currency: 'CHF',
      columns: [
        { index: 1, role: 'date' as const },
        { index: 0, role: 'payee' as const },
        { index: 2, role: 'amount' as const },
      ],
    };
    expect((await read(csv, { mapping })).brief).toEqual([
      ['2024-02-01', 123400, 'CHF'],
      ['2024-03-01', -500, 'CHF'],
    ]);
  });
});

describe('encodings', () => {
  const csv = 'Datum;Empfänger;Betrag\n02.01.2024;Müller Bäckerei;-1,00\n';
  it('reads Windows-1252', async () => {
    const bytes = singleByte(csv, { ä: 0xe4, ü: 0xfc });
    const { transactions, format } = await read(bytes, { defaultCurrency: 'EUR' });
    expect(format.encoding).toBe('windows-1252');
    expect(transactions[0].description).toBe('Müller Bäckerei');
  });

  it('reads UTF-8 with a byte-order mark', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]);
    const { transactions, format } = await read(bytes, { defaultCurrency: 'EUR' });
    expect(format.encoding).toBe('utf-8-bom');
    expect(transactions).toHaveLength(1);
  });

  it.each([['utf-16le'], ['utf-16be']])('reads %s with and without a byte-order mark', async (encoding) => {
    const units = [...csv].map((c) => c.charCodeAt(0));
    const encode = (withBom: boolean) => {
      const all = withBom ? [0xfeff, ...units] : units;
      return Uint8Array.from(all.flatMap((u) => (encoding === 'utf-16le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff])));
    };
    for (const withBom of [true, false]) {
      const { transactions } = await read(encode(withBom), { defaultCurrency: 'EUR' });
      expect(transactions.map((t) => t.description)).toEqual(['Müller Bäckerei']);
    }
  });

  it('reads Windows-1251 Cyrillic', async () => {
    const cyrillic = 'Дата;Описание;Сумма\n31.05.17;Зарплата;33123,56\n';
    const table: Record<string, number> = {};
    for (let code = 0x410; code <= 0x44f; code++) table[String.fromCharCode(code)] = 0xc0 + (code - 0x410);
    const { transactions, format } = await read(singleByte(cyrillic, table), { defaultCurrency: 'RUB' });
    expect(format.encoding).toBe('windows-1251');
    expect(transactions[0]).toMatchObject({ description: 'Зарплата', amount: 3312356 });
  });
});

describe('files that are not statements', () => {
  it.each([
    ['an empty file', new Uint8Array(), /empty/],
    ['a PNG image', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG image/],
    ['a zip archive', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), /ZIP archive/],
    ['a PDF', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF/],
    ['only blank lines', new TextEncoder().encode('\n\n  \n'), /no text/],
    ['a CSV with no dates', new TextEncoder().encode('name,age\nann,31\nbob,42\n'), /date/],
    [
      'a CSV with dates but no amounts',
      new TextEncoder().encode('Date,Event\n2024-01-01,New year\n2024-02-01,Groundhog\n'),
      /amount/,
    ],
  ])('refuses %s with a reason a person understands', async (_what, bytes, reason) => {
    await expect(openCsvStatement(bytesOf(bytes))).rejects.toThrow(NotAStatementError);
    await expect(openCsvStatement(bytesOf(bytes))).rejects.toThrow(reason);
  });
});

describe('detectCsvFormat and headerSignature', () => {
  it('describes the format for a preview', () => {
    const format = detectCsvFormat(
      new TextEncoder().encode(
        'Buchungstag;Verwendungszweck;Betrag;Saldo;Währung\n02.01.2024;Miete;-500,00;1.000,00;EUR\n',
      ),
    );
    expect(format).toMatchObject({
      kind: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      headerRow: 1,
      decimalMark: ',',
      currency: 'EUR',
    });
    expect(format.columns?.map((c) => c.role)).toEqual(['date', 'description', 'amount', 'balance', 'currency']);
  });

  it('gives the same signature to files with the same header and another to a different header', () => {
    const sign = (text: string) => headerSignature(detectCsvFormat(new TextEncoder().encode(text)));
    const a = sign('Date,Description,Amount\n2024-01-02,A,-1.00\n');
    expect(a).toMatch(/^csv-h1-[0-9a-f]{16}$/);
    expect(sign('Date,Description,Amount\n2025-03-04,Other,9.99\n')).toBe(a);
    expect(sign('Date,Payee,Amount\n2024-01-02,A,-1.00\n')).not.toBe(a);
    expect(sign('2024-01-02,A,-1.00\n2024-01-03,B,-1.00\n')).toBeNull();
  });
});
