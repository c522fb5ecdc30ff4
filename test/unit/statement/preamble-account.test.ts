import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountLast4FromPreamble } from '../../../lambdas/core/statement/csv/preamble-account';
import { detectCsvFormat } from '../../../lambdas/core/statement/open-csv-statement';

describe('the account a statement belongs to, from its preamble', () => {
  it.each([
    [['Kontoname;Girokonto', 'IBAN;DE89 3704 0044 0532 0130 00'], '3000'],
    [['Account Number: ****1234', 'Statement period: 01/01/2024 - 31/01/2024'], '1234'],
    [['Card No: 5XXXXXXXXXXX0131'], '0131'],
    [['Konto-Nr.: 0123456789'], '6789'],
  ])('finds the last four digits in %j', (lines, last4) => {
    expect(accountLast4FromPreamble(lines)).toBe(last4);
  });

  it('finds nothing in a preamble of dates and balances, or in an IBAN that fails its check', () => {
    expect(
      accountLast4FromPreamble([
        'Zeitraum;01.12.2018 - 28.12.2018',
        'Saldo;5.000,00;EUR',
        'IBAN;DE12 3456 7890 1234 5678 90',
      ]),
    ).toBeNull();
  });

  it('reads the masked account number in the preamble of a real ICICI export', () => {
    const format = detectCsvFormat(readFileSync(join(__dirname, '../../fixtures/bank-csv/in-icici-1.csv')));
    expect(format.accountLast4).toBe('0131');
  });
});
