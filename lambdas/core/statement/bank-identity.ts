import { institutionFromFilename, institutionFromText } from './institution';
import { isCountryCode } from '../locale/country-conventions';

/**
 * Which bank, in which country, a statement is from: what an account is matched on (two banks
 * that share a word of their name are not one bank) and the second fallback for a currency and
 * a date order, after what the file itself says. Read from the lines above the header, from the
 * cells that are the same on every row (a statement's own IBAN or sort code column) and from the
 * file's name. Account numbers never leave this file, only the bank's part of them.
 */
export interface BankIdentity {
  /** The bank's name, when known. */
  institution: string | null;
  /** ISO 3166 country of the bank, when something says it. */
  country: string | null;
  /** The bank's code, prefixed by its scheme: `IBAN:DE:50010517`, `BIC:INGDDE`, `SORT:30-93-74`, `IFSC:HDFC`, `ABA:021000021`. */
  bankCode: string | null;
  /** What said so, in words, for the upload's notes. */
  evidence: string[];
}

/** Length of the bank code at the start of an IBAN's BBAN, per country (where it is not 4). */
const IBAN_BANK_CODE_LENGTH: Record<string, number> = {
  DE: 8,
  AT: 5,
  FR: 5,
  MC: 5,
  IT: 6,
  SM: 6,
  BE: 3,
  CH: 5,
  LI: 5,
  LT: 5,
  EE: 2,
  PL: 8,
  SE: 3,
  FI: 3,
  LU: 3,
  HU: 3,
  GR: 3,
  CY: 3,
  HR: 7,
  SI: 5,
  SK: 4,
  CZ: 4,
  BG: 4,
  RO: 4,
  PT: 4,
  ES: 4,
  IE: 4,
  GB: 4,
  NL: 4,
  DK: 4,
  NO: 4,
  LV: 4,
  MT: 4,
  IS: 4,
  TR: 5,
};

/**
 * Banks whose name says their country (names shared by banks of several countries, ING, HSBC,
 * Santander, Citibank, Danske, Swedbank, are absent: the name alone does not tell).
 */
const COUNTRY_OF_BANK: Record<string, string> = {
  Chase: 'US',
  'Bank of America': 'US',
  'Wells Fargo': 'US',
  'Capital One': 'US',
  'Charles Schwab': 'US',
  SunTrust: 'US',
  Discover: 'US',
  'U.S. Bank': 'US',
  'Ally Bank': 'US',
  PNC: 'US',
  BMO: 'CA',
  RBC: 'CA',
  Scotiabank: 'CA',
  CIBC: 'CA',
  'PC Financial': 'CA',
  Barclays: 'GB',
  Lloyds: 'GB',
  NatWest: 'GB',
  Halifax: 'GB',
  Nationwide: 'GB',
  Monzo: 'GB',
  Starling: 'GB',
  'Metro Bank': 'GB',
  'first direct': 'GB',
  'Deutsche Bank': 'DE',
  Commerzbank: 'DE',
  comdirect: 'DE',
  DKB: 'DE',
  Postbank: 'DE',
  'GLS Bank': 'DE',
  HypoVereinsbank: 'DE',
  N26: 'DE',
  easybank: 'AT',
  Oberbank: 'AT',
  'UniCredit Bank Austria': 'AT',
  UBS: 'CH',
  PostFinance: 'CH',
  'BNP Paribas': 'FR',
  'Société Générale': 'FR',
  'Crédit Agricole': 'FR',
  'La Banque Postale': 'FR',
  Boursorama: 'FR',
  CaixaBank: 'ES',
  'Banco Sabadell': 'ES',
  'Intesa Sanpaolo': 'IT',
  BancoPosta: 'IT',
  'ABN AMRO': 'NL',
  Rabobank: 'NL',
  Knab: 'NL',
  'ASN Bank': 'NL',
  bunq: 'NL',
  'Triodos Bank': 'NL',
  SNS: 'NL',
  RegioBank: 'NL',
  Handelsbanken: 'SE',
  'HDFC Bank': 'IN',
  'ICICI Bank': 'IN',
  'State Bank of India': 'IN',
  'Axis Bank': 'IN',
  'Kotak Mahindra Bank': 'IN',
  'Paytm Payments Bank': 'IN',
  'Banco do Brasil': 'BR',
  Itaú: 'BR',
  Nubank: 'BR',
  Bradesco: 'BR',
  Sberbank: 'RU',
  'Alfa-Bank': 'RU',
  VTB: 'RU',
  'Commonwealth Bank': 'AU',
  Westpac: 'AU',
  NAB: 'AU',
  ASB: 'NZ',
  Kiwibank: 'NZ',
  FNB: 'ZA',
  Capitec: 'ZA',
  'Standard Bank': 'ZA',
  Absa: 'ZA',
  Nedbank: 'ZA',
  DBS: 'SG',
  OCBC: 'SG',
  ICBC: 'CN',
  'Bank of Communications': 'CN',
  'Agricultural Bank of China': 'CN',
  AIB: 'IE',
  'Bank of Ireland': 'IE',
};

/** The four letters of an Indian IFSC that name the bank. */
const IFSC_BANKS: Record<string, string> = {
  HDFC: 'HDFC Bank',
  ICIC: 'ICICI Bank',
  SBIN: 'State Bank of India',
  UTIB: 'Axis Bank',
  KKBK: 'Kotak Mahindra Bank',
  PYTM: 'Paytm Payments Bank',
  PUNB: 'Punjab National Bank',
  BARB: 'Bank of Baroda',
  CNRB: 'Canara Bank',
  YESB: 'Yes Bank',
  INDB: 'IndusInd Bank',
  IDIB: 'Indian Bank',
  UBIN: 'Union Bank of India',
};

const IBAN_SHAPE = /\b([A-Z]{2})(\d{2})\s?((?:[A-Z0-9]{4}\s?){2,7}[A-Z0-9]{0,4})\b/;
const BIC_SHAPE = /\b([A-Z]{4})([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/;
const SORT_CODE = /(?:^|[^\d-])'?(\d{2})[- ](\d{2})[- ](\d{2})(?![\d-])/;
const IFSC = /\b([A-Z]{4})0[A-Z0-9]{6}\b/;
const ROUTING = /\b(\d{9})\b/;

/**
 * Reads a statement's bank from labelled lines (`IBAN: …`, `BIC: …`, `Sort Code: …`) and from the
 * file name. A code that is not labelled counts only where it cannot be a counterparty's: lines
 * above the header and cells equal on every row are the statement's own.
 */
export function bankIdentity(lines: readonly string[], filename?: string | null): BankIdentity {
  const identity: BankIdentity = {
    institution: institutionFromText(lines),
    country: null,
    bankCode: null,
    evidence: [],
  };
  const say = (country: string, code: string | null, evidence: string) => {
    if (identity.country === null && isCountryCode(country)) identity.country = country;
    if (identity.bankCode === null && code) identity.bankCode = code;
    identity.evidence.push(evidence);
  };
  for (const line of lines) {
    const upper = line.toUpperCase();
    const iban = IBAN_SHAPE.exec(upper);
    if (iban && isCountryCode(iban[1]) && (/\bIBAN\b/.test(upper) || iban.index === upper.search(/\S/))) {
      const bban = iban[3].replace(/\s/g, '');
      const code = bban.slice(0, IBAN_BANK_CODE_LENGTH[iban[1]] ?? 4);
      say(
        iban[1],
        /^[X*•]+$/.test(code) ? null : `IBAN:${iban[1]}:${code}`,
        `the account's IBAN is ${iban[1] === 'GB' ? 'British' : `from ${iban[1]}`}`,
      );
      continue;
    }
    const bic = /\b(BIC|SWIFT)\b/.test(upper) ? BIC_SHAPE.exec(upper.replace(/\b(BIC|SWIFT)\b/g, ' ')) : null;
    if (bic && isCountryCode(bic[2])) {
      say(bic[2], `BIC:${bic[1]}${bic[2]}`, `the BIC ${bic[1]}${bic[2]}… is a bank in ${bic[2]}`);
      continue;
    }
    const sort = /\bSORT\s*CODE\b/.test(upper) ? SORT_CODE.exec(line) : null;
    if (sort) {
      say('GB', `SORT:${sort[1]}-${sort[2]}-${sort[3]}`, 'the account has a British sort code');
      continue;
    }
    const ifsc = /\bIFSC\b/.test(upper) || /^[A-Z]{4}0[A-Z0-9]{6}$/.test(upper.trim()) ? IFSC.exec(upper) : null;
    if (ifsc) {
      say('IN', `IFSC:${ifsc[1]}`, 'the account has an Indian IFSC');
      if (identity.institution === null && IFSC_BANKS[ifsc[1]]) identity.institution = IFSC_BANKS[ifsc[1]];
      continue;
    }
    const routing = /\b(ROUTING|ABA|RTN)\b/.test(upper) ? ROUTING.exec(line) : null;
    if (routing && passesAbaCheck(routing[1])) say('US', `ABA:${routing[1]}`, 'the account has a US routing number');
  }
  if (identity.institution === null && filename) {
    identity.institution = institutionFromFilename(filename);
    if (identity.institution) identity.evidence.push(`the file name names the bank: ${identity.institution}`);
  }
  const namedCountry = identity.institution ? (COUNTRY_OF_BANK[identity.institution] ?? null) : null;
  if (identity.country === null && namedCountry) {
    identity.country = namedCountry;
    identity.evidence.push(`${identity.institution} is a bank in ${namedCountry}`);
  }
  return identity;
}

/** The ABA routing number's weighted checksum (3, 7, 1), so any nine digits are not taken for one. */
export function passesAbaCheck(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  const d = [...digits].map(Number);
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0;
}
