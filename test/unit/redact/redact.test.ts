import { containsCardOrIban, redact } from '../../../lambdas/core/redact/redact';
import { passesIbanCheck, passesLuhn } from '../../../lambdas/core/redact/luhn';

/** Appends the Luhn check digit that makes `body` a valid card number. */
function withLuhnDigit(body: string): string {
  const digit = [...Array(10).keys()].find((d) => passesLuhn(`${body}${d}`));
  return `${body}${digit}`;
}

/** A small deterministic generator, so a failing property case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('redact', () => {
  describe('card numbers', () => {
    it.each([
      ['a plain Visa', 'POS 4111111111111111 TESCO', 'POS ••1111 TESCO'],
      ['a spaced Visa', 'CARD 4111 1111 1111 1111 CAFE', 'CARD ••1111 CAFE'],
      ['a dashed Mastercard', 'Visa 5500-0055-5555-5559 refund', 'Visa ••5559 refund'],
      ['a 2-series Mastercard', 'PAYMENT 2221000000000009 ONLINE', 'PAYMENT ••0009 ONLINE'],
      ['a 15-digit Amex', 'AMEX 378282246310005 HOTEL', 'AMEX ••0005 HOTEL'],
      ['a spaced Amex', 'AMEX 3782 822463 10005 HOTEL', 'AMEX ••0005 HOTEL'],
      ['a Discover number', 'DISCOVER 6011111111111117 GAS', 'DISCOVER ••1117 GAS'],
      ['a 19-digit Maestro', 'MAESTRO 6759649826438453 012', 'MAESTRO ••8453 012'],
      ['a card after a store number', 'SHELL 0456 4111 1111 1111 1111', 'SHELL 0456 ••1111'],
      ['a card ending a sentence', 'Paid with card 4111111111111111.', 'Paid with card ••1111.'],
      ['a card before a comma', '4111111111111111, LONDON', '••1111, LONDON'],
      ['a network-shaped card even after "ref"', 'ref 4111111111111111', 'ref ••1111'],
      ['a card after "order"', 'Order 4111111111111111 shipped', 'Order ••1111 shipped'],
    ])('masks %s', (_, input, expected) => {
      expect(redact(input)).toBe(expected);
    });
  });

  describe('numbers the bank already masked', () => {
    it.each([
      [
        'stars between BIN and last four',
        'withdrawn using a Card 4232***0581 On 19.01.25',
        'withdrawn using a Card ••0581 On 19.01.25',
      ],
      ['four X groups', 'Card XXXX XXXX XXXX 1234 used', 'Card ••1234 used'],
      ['dashed X groups', 'card XXXX-XXXX-XXXX-1234', 'card ••1234'],
      ['star groups', 'Card **** **** **** 1234 charged', 'Card ••1234 charged'],
      ['a BIN and X groups', 'card 4232 XXXX XXXX 0581', 'card ••0581'],
      ['one leading digit', 'card no. 5XXXXXXXXXXX1234 used', 'card no. ••1234 used'],
      ['a six-digit BIN with stars', 'Card 123456******5678 debited', 'Card ••5678 debited'],
      ['lower-case x', 'a/c xx2743 credited', 'a/c ••2743 credited'],
      ['in brackets', 'NME(2519****2078) at', 'NME(••2078) at'],
      ['in quotes', "to your bank account '5387*****9011'.", "to your bank account '••9011'."],
      ['after hashes', 'Acct ###XXXX1234, debited', 'Acct ###••1234, debited'],
    ])('normalises %s', (_, input, expected) => {
      expect(redact(input)).toBe(expected);
    });

    it('keeps an amount that stands before a masked number', () => {
      expect(redact('Rs 500 XX1234 debited')).toBe('Rs 500 ••1234 debited');
    });
  });

  describe('IBANs', () => {
    it.each([
      ['a compact German IBAN', 'TRANSFER TO DE89370400440532013000', 'TRANSFER TO ••3000'],
      ['a spaced British IBAN', 'SEPA GB29 NWBK 6016 1331 9268 19 rent', 'SEPA ••6819 rent'],
      ['a Dutch IBAN after "IBAN:"', 'IBAN: NL91 ABNA 0417 1643 00', 'IBAN: ••4300'],
      ['a Dutch IBAN inside a narration', 'ABN AMRO NL91ABNA0417164300 rent', 'ABN AMRO ••4300 rent'],
      ['a French IBAN with letters', 'VIR FR14 2004 1010 0505 0001 3M02 606', 'VIR ••2606'],
      ['a Swiss IBAN', 'Zahlung CH93 0076 2011 6238 5295 7', 'Zahlung ••2957'],
    ])('masks %s', (_, input, expected) => {
      expect(redact(input)).toBe(expected);
    });

    it('leaves an IBAN-shaped code whose check digits are wrong', () => {
      expect(passesIbanCheck('DE00370400440532013000')).toBe(false);
      expect(redact('CODE DE00370400440532013000')).toBe('CODE DE00370400440532013000');
    });
  });

  describe('account numbers named as such', () => {
    it.each([
      ['"Ac" and a masked number', 'Ac XX1234 Debited with Rs.5000.00', 'Ac ••1234 Debited with Rs.5000.00'],
      ['"A/c No."', 'Transfer from A/c No. 00123456789 ok', 'Transfer from A/c No. ••6789 ok'],
      ['"account no"', 'account no 123456789012 credited', 'account no ••9012 credited'],
      ['"acc no."', 'acc no. 50100123456789 debited', 'acc no. ••6789 debited'],
      ['a grouped account number', 'Account Number: 1234 5678 9012', 'Account Number: ••9012'],
      ['"Konto"', 'Gutschrift Konto 1234567890', 'Gutschrift Konto ••7890'],
      ['"Kto"', 'Kto 0532013000 Gutschrift', 'Kto ••3000 Gutschrift'],
      ['"Konto-Nr."', 'Konto-Nr. 123456789', 'Konto-Nr. ••6789'],
      ['"Kontonummer"', 'Kontonummer 1234567890', 'Kontonummer ••7890'],
      ['"Rekening"', 'Rekening 417164300 overboeking', 'Rekening ••4300 overboeking'],
      ['"compte"', 'compte 12345678901', 'compte ••8901'],
      ['a fully masked account', 'A/c no. XXXXXXXX1234 credited', 'A/c no. ••1234 credited'],
    ])('masks %s', (_, input, expected) => {
      expect(redact(input)).toBe(expected);
    });
  });

  describe('contacts', () => {
    it.each([
      ['an e-mail in a PayPal narration', 'PAYPAL *jane.doe@example.com', 'PAYPAL *[email]'],
      ['an e-mail with a plus tag', 'Refund to john+shop@mail.co.uk done', 'Refund to [email] done'],
      ['a numeric UPI id', 'UPI/P2M/paid to 9876543210@paytm', 'UPI/P2M/paid to [upi]'],
      ['a named UPI id', 'to ramesh.k@okhdfcbank on 12-01', 'to [upi] on 12-01'],
      ['a UPI id on okaxis', 'VPA jane@okaxis', 'VPA [upi]'],
      ['a UPI id on ybl', 'from 9876543210@ybl', 'from [upi]'],
      ['a bank-masked UPI id', 'to XXXXXX4485@upi.', 'to ••4485@upi.'],
      ['an international phone number', 'CALL +44 20 7946 0958 FOR HELP', 'CALL [phone ••58] FOR HELP'],
      ['an Indian mobile with +91', 'Contact +91-9876543210', 'Contact [phone ••10]'],
      ['a US number with brackets', 'AUTOPAY +1 (415) 555-2671', 'AUTOPAY [phone ••71]'],
      ['a German number', 'tel. +49 30 1234567', 'tel. [phone ••67]'],
      ['a mobile after "call"', 'call 9876543210 for help', '[phone ••10] for help'],
      ['a spaced mobile after "Mob:"', 'Mob: 98765 43210', '[phone ••10]'],
    ])('masks %s', (_, input, expected) => {
      expect(redact(input)).toBe(expected);
    });
  });

  describe('what must stay', () => {
    it.each([
      ['a compact date', 'VALUTA 20230115 BUCHUNG'],
      ['a German date and time', 'KARTENZAHLUNG 15.01.2023 12:30'],
      ['an ISO date and time', 'POS on 2023-01-15 12:30:45'],
      ['an ISO timestamp', 'ONLINE 2023-01-15T12:30:45Z'],
      ['a slashed date', 'date 15/01/2023'],
      ['a compact timestamp', 'POS 20231224120000 GMT'],
      ['a time', 'ATM 12:30:45'],
      ['an amount with thousands', 'TRANSFER 1,234,567.89 EUR'],
      ['a decimal-comma amount', 'Betrag 1.234,56 EUR'],
      ['a lakh-grouped amount', 'INR 12,34,567.00 credited'],
      ['a long plain amount', 'USD 1234567.89'],
      ['a nine-digit balance', 'bal 100000000.00'],
      ['a 16-digit amount with decimals', 'amount 4111111111111111.00'],
      ['a UPI reference', 'UPI Ref 312345678901 credited'],
      ['a UPI reference with "No"', 'UPI Ref No 512345678901'],
      ['an IMPS reference', 'IMPS Ref no 712845931206'],
      ['a 16-digit reference that is no network card', 'Ref No:2209012000164277 on 01/09/2022'],
      ['a 16-digit reference that fails Luhn', 'REF 1234567812345678'],
      ['a NEFT narration', 'NEFT-N123456789012345-JOHN'],
      ['a UTR', 'UTR: SBIN123456789012'],
      ['a store number', 'WALMART #1234 SPRINGFIELD'],
      ['a terminal number', 'STORE 0567 TERMINAL 88213'],
      ['a short transaction number', 'TRX 88213'],
      ['a cheque number', 'CHQ 000123 PAID'],
      ['a long cheque number', 'Cheque 000123456 cleared'],
      ['a US postal code', 'AMAZON 98109 SEATTLE WA'],
      ['a New York postal code', 'DELI 10001 NEW YORK'],
      ['a card already cut to its last four', 'card ending 1234'],
      ['a short masked account', 'Acct XX051 debited for Rs 1.00'],
      ['a plain merchant', 'TESCO STORES 3297 LONDON'],
    ])('leaves %s alone', (_, input) => {
      expect(redact(input)).toBe(input);
    });
  });

  it('never leaves a Luhn-valid 16-digit number inside random merchant text', () => {
    const random = seededRandom(20240115);
    const merchants = [
      'TESCO',
      'SHELL 0456',
      'AMAZON MKTPLACE',
      'UBER *TRIP',
      'CAFE NERO',
      'POS',
      'WALMART #1234',
      'paid to',
    ];
    const tails = ['LONDON', '15.01.2023', 'GBP 12.50', '', 'ref 312345678901', '.'];
    for (let i = 0; i < 1000; i += 1) {
      const body = `${1 + Math.floor(random() * 9)}${String(Math.floor(random() * 1e14)).padStart(14, '0')}`;
      const card = withLuhnDigit(body);
      const layouts = [card, card.replace(/(\d{4})(?=\d)/g, '$1 '), card.replace(/(\d{4})(?=\d)/g, '$1-')];
      const shown = layouts[Math.floor(random() * layouts.length)];
      const text = `${merchants[Math.floor(random() * merchants.length)]} ${shown} ${tails[Math.floor(random() * tails.length)]}`;

      const output = redact(text);

      expect(output.replace(/\D/g, '')).not.toContain(card);
      expect(containsCardOrIban(output)).toBe(false);
    }
  });

  it('masks a network-shaped card even where a reference would stand', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 300; i += 1) {
      const card = withLuhnDigit(
        `${['4', '51', '55', '2221'][i % 4]}${String(Math.floor(random() * 1e15)).padStart(15, '0')}`.slice(0, 15),
      );
      const output = redact(`Txn ID ${card} ok`);
      expect(output).toBe(`Txn ID ••${card.slice(-4)} ok`);
      expect(containsCardOrIban(output)).toBe(false);
    }
  });

  it('keeps the last four digits of every masked card so a person recognises it', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 200; i += 1) {
      const card = withLuhnDigit(`4${String(Math.floor(random() * 1e14)).padStart(14, '0')}`);
      expect(redact(`CARD ${card} CAFE`)).toBe(`CARD ••${card.slice(-4)} CAFE`);
    }
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    const texts = [
      'POS 4111 1111 1111 1111 TESCO',
      'TO DE89370400440532013000',
      'A/c No. 00123456789',
      'call 9876543210',
      'to ramesh.k@okhdfcbank',
    ];
    for (const text of texts) expect(redact(redact(text))).toBe(redact(text));
  });

  it('tells whether a text still holds a card number or an IBAN', () => {
    expect(containsCardOrIban('POS 4111 1111 1111 1111')).toBe(true);
    expect(containsCardOrIban('TO DE89370400440532013000')).toBe(true);
    expect(containsCardOrIban('POS ••1111')).toBe(false);
    expect(containsCardOrIban('TRANSFER 1,234,567.89 EUR on 20231224120000')).toBe(false);
  });
});
