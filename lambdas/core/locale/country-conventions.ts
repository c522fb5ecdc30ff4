/**
 * What a country's statements usually are in: its currency and whether it writes the month
 * before the day. Used only as a fallback, when a statement itself does not say (a file with no
 * currency, a file whose every date has both parts ≤ 12): from the bank's country, or the
 * person's own country.
 */

/** ISO 3166-1 alpha-2 → ISO 4217, for every country with a currency of its own or adopted. */
const CURRENCY_OF_COUNTRY: Record<string, string> = Object.fromEntries(
  (
    'AD:EUR AE:AED AF:AFN AG:XCD AI:XCD AL:ALL AM:AMD AO:AOA AR:ARS AS:USD AT:EUR AU:AUD AW:AWG AX:EUR AZ:AZN ' +
    'BA:BAM BB:BBD BD:BDT BE:EUR BF:XOF BG:BGN BH:BHD BI:BIF BJ:XOF BL:EUR BM:BMD BN:BND BO:BOB BQ:USD BR:BRL BS:BSD ' +
    'BT:BTN BW:BWP BY:BYN BZ:BZD CA:CAD CC:AUD CD:CDF CF:XAF CG:XAF CH:CHF CI:XOF CK:NZD CL:CLP CM:XAF CN:CNY CO:COP ' +
    'CR:CRC CU:CUP CV:CVE CW:ANG CX:AUD CY:EUR CZ:CZK DE:EUR DJ:DJF DK:DKK DM:XCD DO:DOP DZ:DZD EC:USD EE:EUR EG:EGP ' +
    'EH:MAD ER:ERN ES:EUR ET:ETB FI:EUR FJ:FJD FK:FKP FM:USD FO:DKK FR:EUR GA:XAF GB:GBP GD:XCD GE:GEL GF:EUR GG:GBP ' +
    'GH:GHS GI:GIP GL:DKK GM:GMD GN:GNF GP:EUR GQ:XAF GR:EUR GT:GTQ GU:USD GW:XOF GY:GYD HK:HKD HN:HNL HR:EUR HT:HTG ' +
    'HU:HUF ID:IDR IE:EUR IL:ILS IM:GBP IN:INR IQ:IQD IR:IRR IS:ISK IT:EUR JE:GBP JM:JMD JO:JOD JP:JPY KE:KES KG:KGS ' +
    'KH:KHR KI:AUD KM:KMF KN:XCD KP:KPW KR:KRW KW:KWD KY:KYD KZ:KZT LA:LAK LB:LBP LC:XCD LI:CHF LK:LKR LR:LRD LS:LSL ' +
    'LT:EUR LU:EUR LV:EUR LY:LYD MA:MAD MC:EUR MD:MDL ME:EUR MF:EUR MG:MGA MH:USD MK:MKD ML:XOF MM:MMK MN:MNT MO:MOP ' +
    'MP:USD MQ:EUR MR:MRU MS:XCD MT:EUR MU:MUR MV:MVR MW:MWK MX:MXN MY:MYR MZ:MZN NA:NAD NC:XPF NE:XOF NF:AUD NG:NGN ' +
    'NI:NIO NL:EUR NO:NOK NP:NPR NR:AUD NU:NZD NZ:NZD OM:OMR PA:PAB PE:PEN PF:XPF PG:PGK PH:PHP PK:PKR PL:PLN PM:EUR ' +
    'PN:NZD PR:USD PS:ILS PT:EUR PW:USD PY:PYG QA:QAR RE:EUR RO:RON RS:RSD RU:RUB RW:RWF SA:SAR SB:SBD SC:SCR SD:SDG ' +
    'SE:SEK SG:SGD SH:SHP SI:EUR SJ:NOK SK:EUR SL:SLE SM:EUR SN:XOF SO:SOS SR:SRD SS:SSP ST:STN SV:USD SX:ANG SY:SYP ' +
    'SZ:SZL TC:USD TD:XAF TG:XOF TH:THB TJ:TJS TK:NZD TL:USD TM:TMT TN:TND TO:TOP TR:TRY TT:TTD TV:AUD TW:TWD TZ:TZS ' +
    'UA:UAH UG:UGX US:USD UY:UYU UZ:UZS VA:EUR VC:XCD VE:VES VG:USD VI:USD VN:VND VU:VUV WF:XPF WS:WST XK:EUR YE:YER ' +
    'YT:EUR ZA:ZAR ZM:ZMW ZW:ZWL'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

/**
 * Countries that joined the euro since 2007, with the day and the currency before: a statement
 * dated before the day is in the old currency (a Lithuanian export from 2012 is in litas).
 */
const EURO_SINCE: Record<string, { since: string; before: string }> = {
  SI: { since: '2007-01-01', before: 'SIT' },
  CY: { since: '2008-01-01', before: 'CYP' },
  MT: { since: '2008-01-01', before: 'MTL' },
  SK: { since: '2009-01-01', before: 'SKK' },
  EE: { since: '2011-01-01', before: 'EEK' },
  LV: { since: '2014-01-01', before: 'LVL' },
  LT: { since: '2015-01-01', before: 'LTL' },
  HR: { since: '2023-01-01', before: 'HRK' },
};

/**
 * Countries that write the month before the day (3/1/2024 is 1 March). Canada writes both; its
 * banks' CSV exports are month first.
 */
const MONTH_FIRST_COUNTRIES = new Set([
  'US',
  'PH',
  'CA',
  'FM',
  'MH',
  'PW',
  'BZ',
  'PA',
  'AS',
  'GU',
  'MP',
  'PR',
  'VI',
  'UM',
]);

export function isCountryCode(code: string): boolean {
  return Object.hasOwn(CURRENCY_OF_COUNTRY, code);
}

/** The currency a country's accounts are in, on a given day when known (euro changeovers). */
export function currencyOfCountry(country: string, onDate?: string | null): string | null {
  const code = country.toUpperCase();
  const changeover = EURO_SINCE[code];
  if (changeover && onDate && onDate < changeover.since) return changeover.before;
  return CURRENCY_OF_COUNTRY[code] ?? null;
}

/** The countries whose currency this is (USD: the US, Ecuador, …): for telling whether a currency fits a country. */
export function countriesOfCurrency(currency: string): string[] {
  return Object.entries(CURRENCY_OF_COUNTRY)
    .filter(([, code]) => code === currency)
    .map(([country]) => country);
}

/** How a country writes a day/month date. */
export function dateOrderOfCountry(country: string): 'DMY' | 'MDY' {
  return MONTH_FIRST_COUNTRIES.has(country.toUpperCase()) ? 'MDY' : 'DMY';
}

/** The country of a BCP 47 locale ("en-IN" → IN, "pt_BR" → BR), or null when it names none. */
export function countryOfLocale(locale: string): string | null {
  const region = /^[a-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2})\b/.exec(locale.trim())?.[1]?.toUpperCase();
  return region && isCountryCode(region) ? region : null;
}
