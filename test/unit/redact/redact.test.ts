import { containsCardOrIban, redact } from '../../../lambdas/core/redact/redact';
import { passesLuhn } from '../../../lambdas/core/redact/luhn';

describe('redact', () => {
  it.each([
    ['card, plain', 'POS 4111111111111111 TESCO', 'POS ••1111 TESCO'],
    ['card, spaced', 'CARD 4111 1111 1111 1111 CAFE', 'CARD ••1111 CAFE'],
    ['card, dashed', 'Visa 5500-0055-5555-5559 refund', 'Visa ••5559 refund'],
    ['Amex 15 digits', 'AMEX 378282246310005 HOTEL', 'AMEX ••0005 HOTEL'],
    ['bank-masked card', 'withdrawn using a Card 4232***0581 On 19.01.25', 'withdrawn using a Card ••0581 On 19.01.25'],
    ['xx-masked card', 'Card XXXX XXXX XXXX 1234 used', 'Card ••1234 used'],
    ['IBAN, compact', 'TRANSFER TO DE89370400440532013000', 'TRANSFER TO ••3000'],
    ['IBAN, spaced', 'SEPA GB29 NWBK 6016 1331 9268 19 rent', 'SEPA ••6819 rent'],
    ['account in context', 'Ac XX1234 Debited with Rs.5000.00', 'Ac ••1234 Debited with Rs.5000.00'],
    ['account number named', 'Transfer from A/c No. 00123456789 ok', 'Transfer from A/c No. ••6789 ok'],
    ['German Konto', 'Gutschrift Konto 1234567890', 'Gutschrift Konto ••7890'],
    ['e-mail', 'PAYPAL *jane.doe@example.com', 'PAYPAL *[email]'],
    ['UPI id', 'UPI/P2M/paid to 9876543210@paytm', 'UPI/P2M/paid to [upi]'],
    ['UPI id with name', 'to ramesh.k@okhdfcbank on 12-01', 'to [upi] on 12-01'],
    ['international phone', 'CALL +44 20 7946 0958 FOR HELP', 'CALL [phone ••58] FOR HELP'],
  ])('redacts a %s', (_, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['a compact date', 'VALUTA 20230115 BUCHUNG'],
    ['a German date', 'KARTENZAHLUNG 15.01.2023 12:30'],
    ['a timestamp', 'POS 20231224120000 GMT'],
    ['an amount with thousands', 'TRANSFER 1,234,567.89 EUR'],
    ['a decimal-comma amount', 'Betrag 1.234,56 EUR'],
    ['a UPI reference', 'UPI Ref 312345678901 credited'],
    ['a store number', 'WALMART #1234 SPRINGFIELD'],
    ['a terminal number', 'STORE 0567 TERMINAL 88213'],
    ['a cheque number', 'CHQ 000123 PAID'],
    ['a postal code', 'AMAZON 98109 SEATTLE WA'],
    ['a 16-digit reference that fails Luhn', 'REF 1234567812345678'],
  ])('leaves %s alone', (_, input) => {
    expect(redact(input)).toBe(input);
  });

  it('never leaves a Luhn-valid card number inside merchant text', () => {
    const merchants = ['TESCO', 'SHELL 0456', 'AMAZON MKTPLACE', 'UBER *TRIP', 'CAFE NERO'];
    let checked = 0;
    for (let seed = 1; checked < 300; seed += 1) {
      const base = String(4000_0000_0000_000 + seed * 7_919_113).slice(0, 15);
      const check = [...Array(10).keys()].find((d) => passesLuhn(base + d));
      const card = `${base}${check}`;
      const text = `${merchants[seed % merchants.length]} ${seed % 2 ? card : card.replace(/(\d{4})(?=\d)/g, '$1 ')} LONDON`;
      const output = redact(text);
      expect(output).not.toContain(card);
      expect(output).toContain(`••${card.slice(-4)}`);
      expect(containsCardOrIban(output)).toBe(false);
      checked += 1;
    }
  });

  it('tells whether a text still holds a card number or an IBAN', () => {
    expect(containsCardOrIban('POS 4111 1111 1111 1111')).toBe(true);
    expect(containsCardOrIban('TO DE89370400440532013000')).toBe(true);
    expect(containsCardOrIban('POS ••1111')).toBe(false);
  });
});
