import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCsvStatement } from '../../../lambdas/core/statement/open-csv-statement';
import { HEADER_LANGUAGES, type HeaderRole } from '../../../lambdas/core/statement/csv/header-languages';
import { headerLanguage, roleFromHeader } from '../../../lambdas/core/statement/csv/header-vocabulary';
import type { PersonConventions } from '../../../lambdas/core/statement/statement-conventions';

async function read(csv: string, person: PersonConventions = { country: 'GB' }): Promise<[string, number][]> {
  const opened = await openCsvStatement(
    (async function* () {
      yield Buffer.from(csv);
    })(),
    { person },
  );
  const rows: [string, number][] = [];
  for await (const result of opened.rows)
    if (result.kind === 'transaction') rows.push([result.value.date, result.value.amount]);
  return rows;
}

describe('the three layout classes that were misread, in general', () => {
  describe('credit-card sign conventions', () => {
    it('reads unsigned charges as money out and "+" payments marked CR as money in', async () => {
      expect(
        await read(
          'Date,Description,Amount,CR\n02/01/2024,AMAZON MKTPLACE,45.00,\n05/01/2024,PAYMENT RECEIVED - THANK YOU,+500.00,CR\n' +
            '07/01/2024,SHELL OIL 1234,30.10,\n15/01/2024,REFUND AMAZON,+12.00,CR\n',
        ),
      ).toEqual([
        ['2024-01-02', -4500],
        ['2024-01-05', 50000],
        ['2024-01-07', -3010],
        ['2024-01-15', 1200],
      ]);
    });

    it('reads a card export that marks payments with "+" and prints charges bare', async () => {
      expect(
        await read(
          'Date,Description,Amount\n02/01/2024,AMAZON MKTPLACE,45.00\n05/01/2024,PAYMENT RECEIVED - THANK YOU,+500.00\n07/01/2024,SHELL,30.10\n',
        ),
      ).toEqual([
        ['2024-01-02', -4500],
        ['2024-01-05', 50000],
        ['2024-01-07', -3010],
      ]);
    });

    it('flips a card export whose payments are its only negative rows', async () => {
      expect(
        await read(
          'Transaction Date,Posted Date,Description,Amount\n2024-01-02,2024-01-03,AMAZON MKTPLACE,45.00\n' +
            '2024-01-05,2024-01-05,AUTOPAY PAYMENT - THANK YOU,-500.00\n2024-01-07,2024-01-08,SHELL OIL,30.10\n2024-01-09,2024-01-09,NETFLIX.COM,15.99\n',
        ),
      ).toEqual([
        ['2024-01-02', -4500],
        ['2024-01-05', 50000],
        ['2024-01-07', -3010],
        ['2024-01-09', -1599],
      ]);
    });

    it('reads DR and CR written after the amount', async () => {
      expect(
        await read('Date;Description;Amount\n02.01.2024;AMAZON;45,00 DR\n05.01.2024;PAYMENT RECEIVED;500,00 CR\n'),
      ).toEqual([
        ['2024-01-02', -4500],
        ['2024-01-05', 50000],
      ]);
    });

    it("leaves a bank account's signed amounts as they are, salary and all", async () => {
      expect(
        await read(
          'Date,Description,Amount\n02/01/2024,AMAZON MKTPLACE,-45.00\n05/01/2024,SALARY,2500.00\n07/01/2024,SHELL,-30.10\n',
        ),
      ).toEqual([
        ['2024-01-02', -4500],
        ['2024-01-05', 250000],
        ['2024-01-07', -3010],
      ]);
    });
  });

  describe('Central and Eastern European headers: the amount column, never the balance', () => {
    it.each([
      [
        'Czech (Fio: "Objem")',
        'ID pohybu;Datum;Objem;Měna;VS;Zpráva pro příjemce;Název protiúčtu\n1;14.07.2026;1 300,00;CZK;1;VS1;Novák Jan\n2;15.07.2026;-250,00;CZK;;vratka;\n',
        { country: 'CZ' },
        [
          ['2026-07-14', 130000],
          ['2026-07-15', -25000],
        ],
      ],
      [
        'Czech, a balance column after the amount',
        'Datum;Protiúčet;Částka;Měna;Zůstatek;Popis transakce\n02.01.2024;123/0100;-1 250,00;CZK;48 750,00;ALBERT\n05.01.2024;;30 000,00;CZK;78 750,00;Mzda\n',
        { country: 'CZ' },
        [
          ['2024-01-02', -125000],
          ['2024-01-05', 3000000],
        ],
      ],
      [
        'Polish (mBank: "#Kwota", "#Saldo po operacji")',
        '#Data operacji;#Opis operacji;#Rachunek;#Kategoria;#Kwota;#Saldo po operacji;\n' +
          '2026-09-18;"LIDL";"Moje konto";"Żywność";-118,72 PLN;1 881,28 PLN;\n2026-09-19;"PRZELEW";"Moje konto";"Wpływy";50,00 PLN;1 931,28 PLN;\n',
        { country: 'PL' },
        [
          ['2026-09-18', -11872],
          ['2026-09-19', 5000],
        ],
      ],
      [
        'Hungarian ("Összeg", "Egyenleg")',
        'Könyvelés dátuma;Típus;Összeg;Devizanem;Egyenleg;Közlemény\n2024.01.02;Kártya;-12 500;HUF;487 500;TESCO\n2024.01.05;Átutalás;300 000;HUF;787 500;Fizetés\n',
        { country: 'HU' },
        [
          ['2024-01-02', -1250000],
          ['2024-01-05', 30000000],
        ],
      ],
    ] as const)('%s', async (_name, csv, person, rows) => {
      expect(await read(csv, person)).toEqual(rows);
    });
  });

  describe('headerless files with debit and credit columns', () => {
    it('reads paid-out and paid-in columns, whichever holds money on a row', async () => {
      expect(
        await read(
          '02/01/2024,TESCO STORES 123,12.50,,987.50\n03/01/2024,SALARY ACME LTD,,1500.00,2487.50\n05/01/2024,RENT,800.00,,1687.50\n',
        ),
      ).toEqual([
        ['2024-01-02', -1250],
        ['2024-01-03', 150000],
        ['2024-01-05', -80000],
      ]);
    });

    it('reads a debit column as money out when no row of the sample has a credit, from the falling balance', async () => {
      expect(
        await read(
          '02/01/2024,TESCO STORES 123,12.50,,987.50\n03/01/2024,AMAZON,20.00,,967.50\n05/01/2024,RENT,800.00,,167.50\n',
        ),
      ).toEqual([
        ['2024-01-02', -1250],
        ['2024-01-03', -2000],
        ['2024-01-05', -80000],
      ]);
    });

    it('reads the same newest first, where a falling balance runs the other way', async () => {
      expect(
        await read(
          '05/01/2024,RENT,800.00,,167.50\n03/01/2024,AMAZON,20.00,,967.50\n02/01/2024,TESCO STORES 123,12.50,,987.50\n',
        ),
      ).toEqual([
        ['2024-01-05', -80000],
        ['2024-01-03', -2000],
        ['2024-01-02', -1250],
      ]);
    });

    it('reads a real DBS export it was not tuned on: debit column as money out, its currency from the bank in the preamble', async () => {
      const opened = await openCsvStatement(
        (async function* () {
          yield readFileSync(join(__dirname, '../../fixtures/layouts/sg-dbs-1.csv'));
        })(),
        {},
      );
      const rows: [string, number, string][] = [];
      for await (const result of opened.rows)
        if (result.kind === 'transaction') rows.push([result.value.date, result.value.amount, result.value.currency]);
      expect(rows.slice(0, 3)).toEqual([
        ['2020-05-06', -3465, 'SGD'],
        ['2020-05-06', -4332, 'SGD'],
        ['2020-05-05', -750, 'SGD'],
      ]);
      expect(rows).toHaveLength(9);
      expect(rows.reduce((sum, [, amount]) => sum + amount, 0)).toBe(-1688026); // the nine debits of the file, 16,880.26
      expect(opened.format).toMatchObject({
        currency: 'SGD',
        currencySource: 'bank',
        institution: 'DBS',
        country: 'SG',
      });
      expect(opened.format.guesses?.map((guess) => guess.field)).toEqual(['currency']);
    });

    it('reads a real Mint export: the debit/credit column signs the amounts though its header reads as text', async () => {
      const opened = await openCsvStatement(
        (async function* () {
          yield readFileSync(join(__dirname, '../../fixtures/layouts/us-mint-export.csv'));
        })(),
        { person: { country: 'US' } },
      );
      const rows: [string, number, string][] = [];
      for await (const result of opened.rows)
        if (result.kind === 'transaction')
          rows.push([result.value.date, result.value.amount, result.value.description ?? '']);
      expect(rows.slice(0, 2)).toEqual([
        ['2024-02-26', -14422, 'American Express'],
        ['2024-02-26', -444, '42 LAWRENCE'],
      ]);
      // A card payment received and a cash reward are the only money in: "credit" rows.
      expect(rows.filter(([, amount]) => amount > 0).map(([date, amount]) => [date, amount])).toEqual([
        ['2024-02-24', 14422],
        ['2024-02-22', 233],
        ['2024-02-20', 269745],
      ]);
      expect(rows).toHaveLength(29);
      // "debit" and "credit" are not part of any description.
      expect(rows.some(([, , description]) => /\b(debit|credit)\b/i.test(description))).toBe(false);
    });

    it("keeps an aggregator's raw bank text beside its cleaned name (Monarch's 'Original Statement')", async () => {
      const opened = await openCsvStatement(
        (async function* () {
          yield Buffer.from(
            'Date,Merchant,Category,Account,Original Statement,Notes,Amount,Tags\n' +
              "2024-01-05,Trader Joe's,Groceries,Chase Checking,TRADER JOE S #123 RALEIGH NC,,-54.20,\n" +
              '2024-01-06,Acme,Paychecks,Chase Checking,ACME CORP PAYROLL,,2500.00,\n',
          );
        })(),
        { person: { country: 'US' } },
      );
      const descriptions: string[] = [];
      for await (const result of opened.rows)
        if (result.kind === 'transaction') descriptions.push(result.value.description ?? '');
      expect(descriptions).toEqual(["Trader Joe's TRADER JOE S #123 RALEIGH NC", 'Acme ACME CORP PAYROLL']);
    });

    it('reads a deposit-only sample as money in when the balance rises with it', async () => {
      expect(
        await read(
          '02/01/2024,SALARY,1500.00,,1500.00\n03/02/2024,SALARY,1500.00,,3000.00\n03/03/2024,SALARY,1500.00,,4500.00\n',
        ),
      ).toEqual([
        ['2024-01-02', 150000],
        ['2024-02-03', 150000],
        ['2024-03-03', 150000],
      ]);
    });
  });
});

describe('the one table of header languages', () => {
  const roles: HeaderRole[] = ['date', 'description', 'amount', 'debit', 'credit', 'balance', 'currency'];
  const required = [
    'bg',
    'hr',
    'cs',
    'da',
    'nl',
    'en',
    'et',
    'fi',
    'fr',
    'de',
    'el',
    'hu',
    'ga',
    'it',
    'lv',
    'lt',
    'mt',
    'pl',
    'pt',
    'ro',
    'sk',
    'sl',
    'es',
    'sv',
    'is',
    'nb',
    'tr',
    'ru',
    'uk',
    'he',
    'ar',
    'hi',
    'id',
    'vi',
    'th',
    'ja',
    'ko',
    'zh',
  ];

  it('holds every EU/EEA language and the twelve others', () => {
    expect(HEADER_LANGUAGES.map((language) => language.code).sort()).toEqual([...required].sort());
  });

  it.each(HEADER_LANGUAGES.map((language) => [language.name, language] as const))(
    '%s names every role, and each word reads as its role',
    (_name, language) => {
      for (const role of roles) {
        expect(language.words[role].length).toBeGreaterThan(0);
        // The first word of each role is read as that role by the header vocabulary (value dates are dates too).
        expect([role, role === 'date' ? 'valueDate' : role]).toContain(roleFromHeader(language.words[role][0]));
      }
    },
  );

  it('tells the language of a header row, and says nothing of English or a tie', () => {
    expect(headerLanguage(['Buchungstag', 'Verwendungszweck', 'Betrag', 'Währung'])?.code).toBe('de');
    expect(headerLanguage(['Datum', 'Omschrijving', 'Bedrag'])?.code).toBe('nl');
    expect(headerLanguage(['Tarih', 'Açıklama', 'Tutar', 'Bakiye'])?.code).toBe('tr');
    expect(headerLanguage(['거래일자', '적요', '출금', '입금', '잔액'])?.code).toBe('ko');
    expect(headerLanguage(['Date', 'Description', 'Amount'])).toBeNull();
  });
});
