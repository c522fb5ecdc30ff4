import { bankIdentity, passesAbaCheck } from '../../../lambdas/core/statement/bank-identity';
import { HEADER_LANGUAGES } from '../../../lambdas/core/statement/csv/header-languages';
import {
  decideCurrency,
  decideDateOrderFallback,
  isGuess,
} from '../../../lambdas/core/statement/statement-conventions';
import { countryOfLocale, currencyOfCountry } from '../../../lambdas/core/locale/country-conventions';

const german = HEADER_LANGUAGES.find((language) => language.code === 'de')!;

describe("a statement's bank, from what it shows of itself", () => {
  it.each([
    [['IBAN;DE12 3456 7890 1234 5678 90'], 'DE', 'IBAN:DE:34567890'],
    [['BIC (SWIFT-Code): INGDDEFFXXX'], 'DE', 'BIC:INGDDE'],
    [["Sort Code '30-93-74"], 'GB', 'SORT:30-93-74'],
    [['IFSC: HDFC0001234'], 'IN', 'IFSC:HDFC'],
    [['Routing number 021000021'], 'US', 'ABA:021000021'],
  ])('reads %j as a bank in %s', (lines, country, code) => {
    expect(bankIdentity(lines)).toMatchObject({ country, bankCode: code });
  });

  it('does not take any nine digits for a routing number, nor a shared bank name for a country', () => {
    expect(passesAbaCheck('123456789')).toBe(false);
    expect(bankIdentity(['Routing number 123456789']).country).toBeNull();
    expect(bankIdentity(['Bank;ING']).country).toBeNull();
    expect(bankIdentity([], 'HDFC_statement.txt')).toMatchObject({ institution: 'HDFC Bank', country: 'IN' });
  });
});

describe("deciding a statement's currency and date order, the person last", () => {
  it('takes the file over the account, the account over the bank, the bank over the language, all over the person', () => {
    const person = { country: 'IN' };
    const bank = bankIdentity(['IBAN;AT61 1904 3002 3457 3201']);
    expect(
      decideCurrency({
        fileCurrency: { code: 'USD', why: 'x' },
        accountCurrency: 'EUR',
        bank,
        language: german,
        person,
      }).value,
    ).toBe('USD');
    expect(decideCurrency({ accountCurrency: 'CHF', bank, language: german, person })).toMatchObject({
      value: 'CHF',
      source: 'account',
    });
    expect(decideCurrency({ bank, language: german, person })).toMatchObject({ value: 'EUR', source: 'bank' });
    expect(decideCurrency({ language: german, person })).toMatchObject({ value: 'EUR', source: 'language' });
    expect(decideCurrency({ language: german, person: { country: 'CH' } })).toMatchObject({
      value: 'CHF',
      source: 'person',
    });
    expect(decideCurrency({ person })).toMatchObject({ value: 'INR', source: 'person' });
    expect(decideCurrency({})).toMatchObject({ value: 'USD', source: 'guess' });
  });

  it('reads a Lithuanian statement from before 2015 in litas', () => {
    expect(currencyOfCountry('LT', '2012-12-31')).toBe('LTL');
    expect(decideCurrency({ person: { country: 'LT' }, firstDate: '2012-12-31' }).value).toBe('LTL');
    expect(currencyOfCountry('LT', '2016-12-31')).toBe('EUR');
  });

  it("falls back to the bank's, then the person's order, and says when that was a guess", () => {
    const guessCurrency = decideCurrency({});
    expect(decideDateOrderFallback({ person: { locale: 'en-US' } }, guessCurrency)).toMatchObject({
      value: 'MDY',
      source: 'person',
    });
    expect(countryOfLocale('en-IN')).toBe('IN');
    const fromBank = decideDateOrderFallback({ bank: bankIdentity(['IFSC: ICIC0000001']) }, guessCurrency);
    expect(fromBank).toMatchObject({ value: 'DMY', source: 'bank' });
    expect(isGuess(fromBank)).toBe(true);
    expect(isGuess({ value: 'DMY', source: 'person', why: '' }, { country: 'GB' })).toBe(false);
    expect(isGuess({ value: 'DMY', source: 'person', why: '' }, { country: 'GB', learned: true })).toBe(true);
  });
});
