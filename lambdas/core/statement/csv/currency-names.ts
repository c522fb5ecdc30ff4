/** ISO 4217 codes (current and a few historic ones still found in old exports, e.g. LTL). */
const ISO_CODES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF ' +
    'GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP ' +
    'LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB ' +
    'PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL ' +
    'THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL ' +
    'LTL LVL EEK HRK BYR'
  ).split(' '),
);

/** Old or local names for a currency, as banks print them in cells. */
const ALIASES: Record<string, string> = {
  RUR: 'RUB',
  РУБ: 'RUB',
  'РУБ.': 'RUB',
  'Р.': 'RUB',
  '₽': 'RUB',
  'RUB.': 'RUB',
  人民币: 'CNY',
  人民币元: 'CNY',
  RMB: 'CNY',
  元: 'CNY',
  港币: 'HKD',
  港元: 'HKD',
  美元: 'USD',
  欧元: 'EUR',
  日元: 'JPY',
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  RS: 'INR',
  'RS.': 'INR',
  '₩': 'KRW',
  '₺': 'TRY',
  '₴': 'UAH',
  '₦': 'NGN',
  '฿': 'THB',
  '₫': 'VND',
  '₱': 'PHP',
  ZŁ: 'PLN',
  KČ: 'CZK',
  FT: 'HUF',
  LEI: 'RON',
  LT: 'LTL',
  'FR.': 'CHF',
  'SFR.': 'CHF',
  US$: 'USD',
  U$S: 'USD',
  C$: 'CAD',
  CA$: 'CAD',
  CAD$: 'CAD',
  A$: 'AUD',
  AU$: 'AUD',
  NZ$: 'NZD',
  HK$: 'HKD',
  S$: 'SGD',
  R$: 'BRL',
  MX$: 'MXN',
  R: 'ZAR',
};

/** Symbols shared by several currencies: the account's own currency wins when it is one of them. */
const SHARED_SYMBOLS: Record<string, { candidates: string[]; otherwise: string }> = {
  $: { candidates: ['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'MXN', 'ARS', 'CLP', 'COP', 'TWD'], otherwise: 'USD' },
  '¥': { candidates: ['JPY', 'CNY'], otherwise: 'JPY' },
  '￥': { candidates: ['JPY', 'CNY'], otherwise: 'CNY' },
  KR: { candidates: ['SEK', 'NOK', 'DKK', 'ISK'], otherwise: 'SEK' },
  'KR.': { candidates: ['SEK', 'NOK', 'DKK', 'ISK'], otherwise: 'DKK' },
};

/** The ISO code a currency cell or token names, or null when it names none. */
export function currencyFromText(text: string, accountCurrency?: string | null): string | null {
  if (text.length === 3 && ISO_CODES.has(text)) return text;
  const key = text.trim().toUpperCase();
  if (key === '') return null;
  if (ISO_CODES.has(key)) return key;
  const alias = ALIASES[key];
  if (alias) return alias;
  const shared = SHARED_SYMBOLS[key];
  if (shared)
    return accountCurrency && shared.candidates.includes(accountCurrency) ? accountCurrency : shared.otherwise;
  return null;
}

/** Whether a cell holds exactly an ISO 4217 code (used to recognise a currency column by content). */
export function isIsoCurrencyCode(text: string): boolean {
  return ISO_CODES.has(text.trim().toUpperCase()) || text.trim().toUpperCase() === 'RUR';
}
