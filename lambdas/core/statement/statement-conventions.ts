import { countryOfLocale, currencyOfCountry, dateOrderOfCountry } from '../locale/country-conventions';
import type { BankIdentity } from './bank-identity';
import type { HeaderLanguage } from './csv/header-languages';

/** Where a statement's currency or day/month order came from, strongest first. */
export type ConventionSource =
  'mapping' | 'file' | 'account' | 'bank' | 'language' | 'numberFormat' | 'person' | 'guess';

/** What a person said of themselves (GET/PATCH /me), or what their first statements taught. */
export interface PersonConventions {
  country?: string | null;
  currency?: string | null;
  locale?: string | null;
  /** True when nobody said it: it was learned from the person's first statements. */
  learned?: boolean;
}

/** What a statement says, or lets guess, about its currency and date order. */
export interface ConventionEvidence {
  /** A currency the person fixed in the column mapping. */
  mappingCurrency?: string | null;
  /** A currency the file names (a currency column, a symbol or code with the amounts, its descriptions), with why. */
  fileCurrency?: { code: string; why: string } | null;
  /** The currency of the account the person chose for this upload. */
  accountCurrency?: string | null;
  bank?: BankIdentity | null;
  language?: HeaderLanguage | null;
  /** Countries the way numbers are written points to (a `'` thousands mark: Switzerland, Liechtenstein). */
  numberFormatCountries?: string[];
  person?: PersonConventions | null;
  /** The statement's first date, for a country's currency before it joined the euro. */
  firstDate?: string | null;
}

export interface Decided<T> {
  value: T;
  source: ConventionSource;
  /** In words, for the upload's notes and warnings. */
  why: string;
}

/** The person's country: what they said, else their locale's region. */
function personCountry(person: PersonConventions | null | undefined): string | null {
  return person?.country ?? (person?.locale ? countryOfLocale(person.locale) : null);
}

/** Among candidate countries (a language's), the person's own when it is one of them, else the most usual. */
function pickCountry(
  candidates: readonly string[],
  person: PersonConventions | null | undefined,
): { country: string; isPersons: boolean } | null {
  if (candidates.length === 0) return null;
  const own = personCountry(person);
  return own && candidates.includes(own)
    ? { country: own, isPersons: true }
    : { country: candidates[0], isPersons: false };
}

/**
 * The statement's currency: what the mapping or the file says; else the chosen account's; else
 * the bank's country's; else the language's or the number format's country (the person's own when
 * it is one of them); else the person's; else a guess. The person's setting is the last fallback.
 */
export function decideCurrency(evidence: ConventionEvidence): Decided<string> {
  if (evidence.mappingCurrency)
    return { value: evidence.mappingCurrency, source: 'mapping', why: 'the column mapping gives it' };
  if (evidence.fileCurrency)
    return { value: evidence.fileCurrency.code, source: 'file', why: evidence.fileCurrency.why };
  if (evidence.accountCurrency)
    return { value: evidence.accountCurrency, source: 'account', why: 'the account chosen for this upload is in it' };
  const bankCountry = evidence.bank?.country ?? null;
  const bankCurrency = bankCountry ? currencyOfCountry(bankCountry, evidence.firstDate) : null;
  if (bankCurrency)
    return {
      value: bankCurrency,
      source: 'bank',
      why: `${evidence.bank?.evidence.at(-1) ?? `the bank is in ${bankCountry}`}`,
    };
  for (const [source, candidates, what] of [
    ['language', evidence.language?.countries ?? [], `the headers are in ${evidence.language?.name}`],
    ['numberFormat', evidence.numberFormatCountries ?? [], "the amounts are written the Swiss way (1'234.50)"],
  ] as const) {
    const pick = pickCountry(candidates, evidence.person);
    const currency = pick ? currencyOfCountry(pick.country, evidence.firstDate) : null;
    if (pick && currency) {
      return pick.isPersons
        ? { value: currency, source: 'person', why: `${what}, as in your country (${pick.country})` }
        : { value: currency, source, why: `${what}, as in ${pick.country}` };
    }
  }
  const country = personCountry(evidence.person);
  const own = evidence.person?.currency ?? (country ? currencyOfCountry(country, evidence.firstDate) : null);
  if (own)
    return {
      value: own,
      source: 'person',
      why: evidence.person?.learned ? 'your earlier statements were in it' : 'it is your currency',
    };
  return { value: 'USD', source: 'guess', why: 'nothing in the file, its bank or your settings says it' };
}

/**
 * The day/month order when every date of the file has both parts ≤ 12: the bank's country's;
 * else the language's (the person's country when it is one of them); else the person's; else
 * the currency's usual order; else day first, the order most of the world writes.
 */
export function decideDateOrderFallback(
  evidence: ConventionEvidence,
  currency: Decided<string>,
): Decided<'DMY' | 'MDY'> {
  const name = (order: 'DMY' | 'MDY') => (order === 'MDY' ? 'month first' : 'day first');
  const bankCountry = evidence.bank?.country ?? null;
  if (bankCountry) {
    const order = dateOrderOfCountry(bankCountry);
    return { value: order, source: 'bank', why: `${name(order)}, as banks in ${bankCountry} write` };
  }
  const pick = pickCountry(evidence.language?.countries ?? [], evidence.person);
  if (pick) {
    const order = dateOrderOfCountry(pick.country);
    return pick.isPersons
      ? { value: order, source: 'person', why: `${name(order)}, as in your country (${pick.country})` }
      : {
          value: order,
          source: 'language',
          why: `${name(order)}, as in ${pick.country} (the headers are in ${evidence.language?.name})`,
        };
  }
  const country = personCountry(evidence.person);
  if (country)
    return {
      value: dateOrderOfCountry(country),
      source: 'person',
      why: `${name(dateOrderOfCountry(country))}, as in your country (${country})`,
    };
  if (currency.source !== 'guess') {
    const order = MONTH_FIRST_CURRENCIES.has(currency.value) ? 'MDY' : 'DMY';
    return {
      value: order,
      source: currency.source,
      why: `${name(order)}, the usual order for ${currency.value} accounts`,
    };
  }
  return { value: 'DMY', source: 'guess', why: 'day first, the order most of the world writes' };
}

/** Currencies of countries that write month first. */
const MONTH_FIRST_CURRENCIES = new Set(['USD', 'CAD', 'PHP', 'BZD', 'PAB']);

/** Whether a decision is a guess the person should be told of and can correct. */
export function isGuess(decided: Decided<unknown>, person?: PersonConventions | null): boolean {
  if (decided.source === 'person') return person?.learned === true;
  return (
    decided.source === 'bank' ||
    decided.source === 'language' ||
    decided.source === 'numberFormat' ||
    decided.source === 'guess'
  );
}
