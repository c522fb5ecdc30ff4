import { isIsoCurrencyCode } from '../statement/csv/currency-names';

/** Local names and symbols that alerts print instead of the ISO code (upper-cased keys). */
const LOCAL_NAMES: Readonly<Record<string, string>> = {
  RS: 'INR',
  'RS.': 'INR',
  RE: 'INR',
  'RE.': 'INR',
  '₹': 'INR',
  'INR.': 'INR',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₦': 'NGN',
  '฿': 'THB',
  '₱': 'PHP',
  '₺': 'TRY',
  '₩': 'KRW',
  '৳': 'BDT',
  '₨': 'PKR',
  KSH: 'KES',
  TSH: 'TZS',
  USH: 'UGX',
  TK: 'BDT',
  'TK.': 'BDT',
  BIRR: 'ETB',
  MT: 'MZN',
  N: 'NGN',
  US$: 'USD',
  DHS: 'AED',
  RM: 'MYR',
  RP: 'IDR',
  'GH₵': 'GHS',
};

/** Currencies written with a bare '$': the account's own wins when it is one of them. */
const DOLLAR_CURRENCIES = new Set([
  'USD',
  'CAD',
  'AUD',
  'NZD',
  'HKD',
  'SGD',
  'MXN',
  'TWD',
  'JMD',
  'TTD',
  'BSD',
  'BBD',
  'FJD',
  'LRD',
  'NAD',
  'XCD',
]);

/**
 * The regex source of a currency token, longest first so "Rs." wins over "Rs". ISO codes are
 * checked afterwards (isIsoCurrencyCode), so any three capitals are let through here.
 */
export const CURRENCY_TOKEN = String.raw`(?:US\$|GH₵|Rs\.?|RS\.?|rs\.?|Re\.|INR\.?|Ksh|KSh|KSH|Tsh|TSh|TSH|Ush|USh|Tk\.?|Birr|Dhs|[A-Z]{3}|[$€£¥₹₦฿₱₺₩৳₨])`;

/** The ISO code for a currency token as printed, or null when the token names none. */
export function currencyFromToken(token: string, defaultCurrency?: string): string | null {
  if (token === '$') return defaultCurrency && DOLLAR_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'USD';
  const key = token.toUpperCase();
  const local = LOCAL_NAMES[key] ?? LOCAL_NAMES[token];
  if (local) return local;
  if (/^[A-Z]{3}$/.test(token) && isIsoCurrencyCode(token)) return token;
  return null;
}
