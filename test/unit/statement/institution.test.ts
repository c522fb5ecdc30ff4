import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { institutionFromFilename, institutionFromText } from '../../../lambdas/core/statement/institution';
import { openStatement } from '../../../lambdas/core/statement/open-statement';

const fixture = (name: string) =>
  (async function* () {
    yield readFileSync(join(__dirname, '../../fixtures/bank-csv', name));
  })();

describe('the bank a statement comes from', () => {
  it.each([
    ['de-ing-1.csv', 'ING'],
    ['nl-knab-1.csv', 'Knab'],
  ])('is read from the lines above the header of %s', async (file, bank) => {
    const opened = await openStatement(fixture(file), { filename: 'statement.csv' });
    expect(opened.format.institution).toBe(bank);
  });

  it('says nothing when a statement does not name its bank', async () => {
    expect(
      (await openStatement(fixture('us-suntrust-1.csv'), { filename: 'statement.csv' })).format.institution,
    ).toBeNull();
  });

  it.each([
    ['Chase1234_Activity_20240101.CSV', 'Chase'],
    ['Umsaetze_KtoNr123_Sparkasse.csv', 'Sparkasse'],
    ['ING-Umsaetze.csv', 'ING'],
    ['transactions.csv', null],
    ['pending-export.csv', null],
    ['accounting.csv', null],
  ])('is read from the file name %s', (filename, bank) => {
    expect(institutionFromFilename(filename)).toBe(bank);
  });

  it('is read from the bank code of an IBAN or a BIC, not from any capitalised word', () => {
    expect(institutionFromText(['Rekening: NL91 ABNA 0417 1643 00'])).toBe('ABN AMRO');
    expect(institutionFromText(['IBAN GB33BUKB20201555555555', 'BIC: NWBKGB2L'])).toBe('NatWest');
    expect(institutionFromText(['STATEMENT PERIOD 01/01/2024 TO 31/01/2024', 'OPENING BALANCE 100.00'])).toBeNull();
  });
});
