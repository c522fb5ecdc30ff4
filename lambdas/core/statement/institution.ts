/**
 * Which bank a statement comes from, when it says so: a bank's name in the lines above the
 * header or in the file's name (`Chase1234_Activity.csv`, `Umsaetze_Sparkasse.csv`), or the
 * bank code inside an IBAN or a BIC printed there (`NL91 ABNA …`, `INGDDEFFXXX`). The import
 * names a new account after it; nothing else depends on it, so when in doubt it says nothing.
 */

/** Banks by name as they appear in exports and file names: [pattern over lower-cased words, name]. */
const NAMES: [RegExp, string][] = [
  [/\bchase\b|\bjpmorgan\b/, 'Chase'], [/\bbank of america\b|\bbofa\b/, 'Bank of America'], [/\bwells fargo\b/, 'Wells Fargo'],
  [/\bcitibank\b|\bciti\b/, 'Citibank'], [/\bcapital ?one\b/, 'Capital One'], [/\bschwab\b/, 'Charles Schwab'], [/\bsuntrust\b/, 'SunTrust'],
  [/\bamerican express\b|\bamex\b/, 'American Express'], [/\bdiscover\b/, 'Discover'], [/\bus bank\b|\busbank\b/, 'U.S. Bank'],
  [/\bally\b/, 'Ally Bank'], [/\bpnc\b/, 'PNC'], [/\btd bank\b|\btd canada\b|\bcanada trust\b/, 'TD'], [/\bbmo\b|\bbank of montreal\b/, 'BMO'],
  [/\brbc\b|\broyal bank of canada\b/, 'RBC'], [/\bscotiabank\b/, 'Scotiabank'], [/\bcibc\b/, 'CIBC'], [/\bpc financial\b/, 'PC Financial'],
  [/\bbarclays\b/, 'Barclays'], [/\blloyds\b/, 'Lloyds'], [/\bnatwest\b/, 'NatWest'], [/\bhalifax\b/, 'Halifax'], [/\bnationwide\b/, 'Nationwide'],
  [/\bsantander\b/, 'Santander'], [/\bmonzo\b/, 'Monzo'], [/\bstarling\b/, 'Starling'], [/\brevolut\b/, 'Revolut'], [/\bwise\b|\btransferwise\b/, 'Wise'],
  [/\bhsbc\b/, 'HSBC'], [/\bmetro bank\b/, 'Metro Bank'], [/\bfirst direct\b/, 'first direct'], [/\bn26\b/, 'N26'],
  [/\bsparkasse\b|\bstadtsparkasse\b|\bkreissparkasse\b/, 'Sparkasse'], [/\bvolksbank\b|\braiffeisenbank\b/, 'Volksbank Raiffeisenbank'],
  [/\bdeutsche bank\b/, 'Deutsche Bank'], [/\bcommerzbank\b/, 'Commerzbank'], [/\bcomdirect\b/, 'comdirect'], [/\bdkb\b/, 'DKB'],
  [/\bing[- ]?diba\b|\bing\b/, 'ING'], [/\bpostbank\b/, 'Postbank'], [/\bgls bank\b|\bgls\b/, 'GLS Bank'], [/\bhypovereinsbank\b/, 'HypoVereinsbank'],
  [/\beasybank\b/, 'easybank'], [/\boberbank\b/, 'Oberbank'], [/\berste\b/, 'Erste Bank'], [/\bubs\b/, 'UBS'], [/\bpostfinance\b/, 'PostFinance'],
  [/\bbnp paribas\b/, 'BNP Paribas'], [/\bsoci[eé]t[eé] g[eé]n[eé]rale\b/, 'Société Générale'], [/\bcr[eé]dit agricole\b/, 'Crédit Agricole'],
  [/\bla banque postale\b/, 'La Banque Postale'], [/\bboursorama\b/, 'Boursorama'], [/\bcaixabank\b|\bla caixa\b/, 'CaixaBank'], [/\bbbva\b/, 'BBVA'],
  [/\bsabadell\b/, 'Banco Sabadell'], [/\bintesa\b/, 'Intesa Sanpaolo'], [/\bunicredit\b/, 'UniCredit'], [/\bbancoposta\b|\bposte italiane\b/, 'BancoPosta'],
  [/\babn ?amro\b/, 'ABN AMRO'], [/\brabobank\b/, 'Rabobank'], [/\bknab\b/, 'Knab'], [/\basn bank\b/, 'ASN Bank'], [/\bbunq\b/, 'bunq'],
  [/\bnordea\b/, 'Nordea'], [/\bdanske\b/, 'Danske Bank'], [/\bswedbank\b/, 'Swedbank'], [/\bseb\b/, 'SEB'], [/\bhandelsbanken\b/, 'Handelsbanken'],
  [/\bhdfc\b/, 'HDFC Bank'], [/\bicici\b/, 'ICICI Bank'], [/\bsbi\b|\bstate bank of india\b/, 'State Bank of India'], [/\baxis bank\b/, 'Axis Bank'],
  [/\bkotak\b/, 'Kotak Mahindra Bank'], [/\bpaytm\b/, 'Paytm Payments Bank'], [/\bbanco do brasil\b/, 'Banco do Brasil'], [/\bita[uú] unibanco\b|\bitaú\b/, 'Itaú'],
  [/\bnubank\b/, 'Nubank'], [/\bbradesco\b/, 'Bradesco'], [/\bsberbank\b|\bсбербанк\b/, 'Sberbank'], [/\balfa[- ]?bank\b|\bальфа\b/, 'Alfa-Bank'],
  [/\bvtb\b|\bвтб\b/, 'VTB'], [/\bcommonwealth bank\b|\bcommbank\b/, 'Commonwealth Bank'], [/\bwestpac\b/, 'Westpac'], [/\banz\b/, 'ANZ'],
  [/\bnab\b|\bnational australia bank\b/, 'NAB'], [/\basb\b/, 'ASB'], [/\bkiwibank\b/, 'Kiwibank'], [/\bfnb\b|\bfirst national bank\b/, 'FNB'],
  [/\bcapitec\b/, 'Capitec'], [/\bstandard bank\b/, 'Standard Bank'], [/\babsa\b/, 'Absa'], [/\bnedbank\b/, 'Nedbank'],
  [/\bdbs\b/, 'DBS'], [/\bocbc\b/, 'OCBC'], [/\bbank of china\b/, 'Bank of China'], [/\bicbc\b/, 'ICBC'], [/\bbocom\b|\bbank of communications\b/, 'Bank of Communications'],
  [/\bagricultural bank of china\b/, 'Agricultural Bank of China'],
];

/** The first four letters of a BIC (and the bank code inside NL, GB and IE IBANs). */
const BIC_BANKS: Record<string, string> = {
  ABNA: 'ABN AMRO', INGB: 'ING', INGD: 'ING', RABO: 'Rabobank', KNAB: 'Knab', ASNB: 'ASN Bank', BUNQ: 'bunq', TRIO: 'Triodos Bank', SNSB: 'SNS',
  RBRB: 'RegioBank', DEUT: 'Deutsche Bank', COBA: 'Commerzbank', DRES: 'Commerzbank', GENO: 'Volksbank Raiffeisenbank', HYVE: 'HypoVereinsbank',
  PBNK: 'Postbank', BYLA: 'DKB', NTSB: 'N26', BARC: 'Barclays', LOYD: 'Lloyds', NWBK: 'NatWest', HBUK: 'HSBC', MIDL: 'HSBC',
  HLFX: 'Halifax', NAIA: 'Nationwide', ABBY: 'Santander', MONZ: 'Monzo', SRLG: 'Starling', REVO: 'Revolut', TRWI: 'Wise', BNPA: 'BNP Paribas',
  SOGE: 'Société Générale', AGRI: 'Crédit Agricole', PSST: 'La Banque Postale', CAIX: 'CaixaBank', BBVA: 'BBVA', BSAB: 'Banco Sabadell',
  BCIT: 'Intesa Sanpaolo', UNCR: 'UniCredit', BPPI: 'BancoPosta', UBSW: 'UBS', POFI: 'PostFinance', NDEA: 'Nordea', DABA: 'Danske Bank',
  HABA: 'Swedbank', ESSE: 'SEB', HAND: 'Handelsbanken', GIBA: 'Erste Bank', EASY: 'easybank', OBKL: 'Oberbank', BKAU: 'UniCredit Bank Austria',
  AIBK: 'AIB', BOFI: 'Bank of Ireland', CHAS: 'Chase', BOFA: 'Bank of America', CITI: 'Citibank', WFBI: 'Wells Fargo',
};

/** Countries whose IBAN carries the bank's BIC letters right after the check digits. */
const IBAN_WITH_BIC_LETTERS = new Set(['NL', 'GB', 'IE']);

export function institutionFromText(lines: readonly string[]): string | null {
  for (const line of lines) {
    const lower = line.toLowerCase().replace(/[_\-.]+/g, ' ');
    for (const [pattern, name] of NAMES) if (pattern.test(lower)) return name;
    const bic = /\b([A-Z]{4})[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/.exec(line.replace(/\s+/g, ' '));
    if (bic && /^(?=.*\b(bic|swift)\b)/i.test(line) && BIC_BANKS[bic[1]]) return BIC_BANKS[bic[1]];
    const iban = /\b([A-Z]{2})\d{2}\s?([A-Z]{4})/.exec(line);
    if (iban && IBAN_WITH_BIC_LETTERS.has(iban[1]) && BIC_BANKS[iban[2]]) return BIC_BANKS[iban[2]];
  }
  return null;
}

/** A bank's name in a file name: `Chase1234_Activity_20240101.CSV`, `ING-Umsaetze.csv`. */
export function institutionFromFilename(filename: string): string | null {
  const words = filename.replace(/\.[a-z0-9]{2,4}$/i, '').replace(/([a-z])([A-Z0-9])|([0-9])([A-Za-z])/g, '$1$3 $2$4');
  return institutionFromText([words]);
}
