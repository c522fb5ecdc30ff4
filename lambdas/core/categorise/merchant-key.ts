/**
 * From a (redacted) bank description to a stable merchant key: the words that name who was
 * paid, without the card-scheme prefix, the payment processor's wrapper, the store number,
 * the city, the state or the card-transaction date. Two descriptions of the same merchant
 * meet on one key; a person's correction is remembered against it.
 */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&apos;': "'",
  '&#39;': "'",
  '&quot;': '"',
  '\\u0027': "'",
  '\\u0026': '&',
};

/** Words a bank puts before the merchant: how the card was used, not who was paid. */
const LEADING_NOISE = [
  'pos purchase',
  'pos debit',
  'pos',
  'card purchase',
  'debit card purchase',
  'purchase authorized on',
  'purchase',
  'online purchase',
  'online payment',
  'fuel purchase',
  'overseas purchase',
  'contactless',
  'visa debit',
  'visa',
  'mastercard',
  'maestro',
  'checkcard',
  'check card',
  'debit card',
  'recurring',
  'recurring payment',
  'card',
  'payment to',
  'direct debit',
  'dd',
  'so',
  'bill payment',
  'tfr',
  'ach debit',
  'ach credit',
  'ach',
  'preauthorized debit',
  'pre-authorized debit',
  'electronic',
  'e-commerce',
  'ecom',
  "int'l",
  'intl',
  'gglpay',
  'google pay',
  'adrdpy',
  'sp',
  'apple pay',
  'applepay',
  'samsung pay',
  'magtape debit',
  'debit order',
  'upi',
  'kartenzahlung',
  'lastschrift',
  'paiement cb',
  'cb',
  // South African banks' transaction types (EFT, NAEDO and DebiCheck debit orders, Magtape, real-time clearing, app payments).
  'eft',
  'naedo',
  'internal debit order',
  'debicheck payment',
  'debicheck',
  'magtape credit',
  'magtape',
  'rtc express pmt to',
  'pmt to',
  'fnb app payment to',
  'fnb app rtc pmt to',
  'fnb app',
  'internet pmt to',
  'banking app payment',
  'banking app',
  'digital payment',
  // British banks' type codes (Lloyds, Barclays, HSBC UK: debit card, Faster Payment in/out, Bank Giro Credit, cashpoint) and wordings.
  'deb',
  'fpi',
  'fpo',
  'bgc',
  'cpt',
  'card payment to',
  'card payment',
  'direct debit payment to',
  'faster payment',
  'bill payment to',
  'contactless payment',
  // Danish, Spanish, French, Dutch and Italian card and transfer wordings.
  'dankort-nota',
  'dankort',
  'kob',
  'pago en',
  'compra en',
  'compra tarjeta',
  'compra',
  'recibo',
  'devolucion tarjeta',
  'prlv sepa',
  'prlv',
  'achat cb',
  'carte',
  'vir sepa',
  'vir',
  'betaling aan',
  'betaalautomaat',
  'bea',
  'pagamento pos',
  'pagamento',
];

/**
 * Words that end a name where a bank prints the payee first and the kind of payment after it
 * (`Karl Karlsen Gutschrift …`, `EBUCHT GMBH Lastschrift …`, `PAYPAL TRANSFER PPD ID: …`,
 * `YAHUI CATERING CO.,LTD. QR …`); before any name they are skipped.
 */
const ENDS_NAME = new Set([
  'sepa',
  'lastschrift',
  'basislastschrift',
  'folgelastschrift',
  'erstlastschrift',
  'gutschrift',
  'uberweisung',
  'ueberweisung',
  'dauerauftrag',
  'kartenzahlung',
  'einzugsermachtigung',
  'ppd',
  'ccd',
  'qr',
  'applepay',
  'pirkinys',
]);

/** A foreign amount printed in the text (`DKK 995,00`, `EUROS 78.80`, `VISAXR 1.16168`): neither name nor reference. */
const FOREIGN_AMOUNT =
  /\b(?:usd|eur|euros?|gbp|dollars?|pounds?|dkk|sek|nok|chf|cad|aud|nzd|zar|inr|jpy|hkd|cny|pln|czk|huf|visaxr)\s*\d[\d.,]*%?|\d[\d.,]*\s*(?:usd|eur|gbp|dkk|sek|nok|chf|ltl)\b/g;

/** Payment processors that wrap the real merchant: `SQ *BLUE BOTTLE` is Blue Bottle. */
const WRAPPERS = new Set([
  'sq',
  'tst',
  'paypal',
  'google',
  'klarna',
  'cko',
  'pp',
  'sumup',
  'sp',
  'zettle',
  'izettle',
  'iz',
  'yoco',
  'zapper',
  'zapper1',
  'snapscan',
  'hpy',
  'asi',
  'dri',
  'fs',
  'pos',
  'clover',
  'toast',
  'pwp',
  'ppl',
  'eb',
  'wpy',
  'lsp',
  'bt',
  'cke',
  'ckl',
  'paddle.net',
  'paddle',
  'stripe',
  'pmt',
  'ali',
  'mollie',
  'sagepay',
  'payfast',
  'ikh',
  'payu',
  'razorpay',
  'ccbill',
  'fastspring',
  'dlo',
  'dlocal',
  'sp pos',
]);

/** Names that a processor or a marketplace prints in several ways. */
const ALIASES: [RegExp, string][] = [
  [/^(amzn|amazon)\b.*$/, 'amazon'],
  [/^wal ?-?mart\b.*|^walmart\b.*/, 'walmart'],
  // A meal and a ride are not one merchant to the person who pays for both.
  [/^uber\s*\*?\s*eats\b.*$/, 'uber eats'],
  [/^uber\s*\*?\s*trip\b.*$|^uber\b.*$/, 'uber'],
  [/^lyft\b.*$/, 'lyft'],
  [/^(apple\.com|apple com|itunes)\b.*$/, 'apple'],
  [/^netflix\b.*$/, 'netflix'],
  [/^spotify\b.*$/, 'spotify'],
];

const US_STATES = new Set(
  (
    'al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc ' +
    'ab bc mb nb nl ns on pe qc sk'
  ).split(' '),
);
const COUNTRIES = new Set(
  'us usa gb uk gbr de deu fr fra nl nld ie irl es esp it ita in ind za zaf au aus ca can nz sg hk ch lu be se dk no fi at pt'.split(
    ' ',
  ),
);
const MONTHS = new Set('jan feb mar apr may jun jul aug sep sept oct nov dec'.split(' '));
/**
 * Names with digits in them: `7-eleven`, `1-800-flowers`, `1stop` (a short number joined to a
 * word), `on24`, `cb1`, `direct2drive`; `2k4` and `dp06lp26` are references.
 */
const NUMBERED_NAME = /^\d{1,3}(?:-\d{3})?-?[a-z]{2,}[a-z.'&-]*$|^[a-z]{2,}\d{1,2}$|^[a-z]{2,}\d[a-z]{2,}$/;
/** A quantity typed in a note (`1kg atta`, `2 pcs`) is not part of a name. */
const QUANTITY = /^\d+(?:kg|g|gm|gms|grams?|l|lit|ltr|litres?|liters?|ml|rs|pcs?|x|lb|lbs|oz|dozen)$/;
/** Words that say what kind of company it is, not which. */
const FILLER = new Set([
  'a',
  'deposit',
  'withdrawal',
  'checking',
  'ach',
  'dda',
  'debit',
  'credit',
  'item',
  'trace',
  '@',
  'eff',
  'date',
  'pending',
  'inc',
  'llc',
  'ltd',
  'co',
  'corp',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'pty',
  'the',
  'store',
  'stores',
  'shop',
  'www',
  'com',
  'net',
  'org',
  'of',
  'and',
  '&',
  'help',
  'bill',
  'payment',
  'pmts',
  'mktp',
  'mktplace',
  'device',
  'card',
  'no',
  'cd',
]);

/** The merchant key of a description; '' when nothing names a merchant. */
export function merchantKey(description: string): string {
  let text = description
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  for (const [entity, char] of Object.entries(ENTITIES)) text = text.split(entity).join(char);
  // A fixed-width export pads the merchant field: what follows a wide gap is the city.
  text = text.replace(/^"+/, '').split(/\s{3,}/)[0];
  text = text
    .replace(/\(eff\.? date[^)]*\)|\(effec[^)]*\)|\bcard no\.?|https?:\/\/|\bwww\./g, ' ')
    .replace(/\*\s*\d{1,2}\s+[a-z]{3}\b/g, ' ')
    .replace(FOREIGN_AMOUNT, ' ');
  // A bank's own transaction-type code in brackets (`DEBIT [CW]TELUS MOB`) is not the merchant.
  text = stripLeadingNoise(text.replace(/\[[a-z]{1,3}\]/g, ' '));
  // Before unwrapping too: `UBER *EATS` is Uber Eats, though `UBER` stands left of the star.
  const before = aliasOf(text);
  if (before) return before;
  text = stripLeadingNoise(unwrapProcessor(text));
  const after = aliasOf(text);
  if (after) return after;

  // A reference glued to the name (`STEAMGAMES.COM4259522985`, `USPS355827152`) is cut off it.
  text = text.replace(/(?<=[a-z]{2})(?=\d{3,})/g, ' ');
  const words: string[] = [];
  for (const raw of tokensOf(text)) {
    if (!raw) continue;
    // A store, terminal or reference number ends the name: `HOME DEPOT 4608 FALLS C`.
    if (/\d/.test(raw) && !/^\d+$/.test(raw.replace(/[.'-]/g, '')) && words.length > 0 && /\d{3,}/.test(raw)) break;
    if (/^\d[\d.,'-]*$/.test(raw)) {
      if (words.length > 0) break;
      continue;
    }
    const word = raw
      .replace(/^[.'&-]+|[.'&-]+$/g, '')
      .replace(/'s$/, 's')
      .replace(/'/g, '')
      .replace(/\.(com|net|org|co\.uk|co|io|de|in)$/, '');
    if (!word || FILLER.has(word)) continue;
    if (ENDS_NAME.has(word)) {
      if (words.length > 0) break;
      continue;
    }
    // A name with a number in it (7-Eleven, 1-800-Flowers, On24) is a name, not a store number.
    if (words.length === 0 && NUMBERED_NAME.test(word) && !QUANTITY.test(word)) {
      words.push(word);
      continue;
    }
    if (/\d/.test(word) && words.length > 0) break;
    if (/\d/.test(word)) continue;
    words.push(word);
    if (words.length === 3) break;
  }
  while (
    words.length > 1 &&
    (US_STATES.has(words[words.length - 1]) ||
      COUNTRIES.has(words[words.length - 1]) ||
      MONTHS.has(words[words.length - 1]))
  )
    words.pop();
  // Filler the aliases did not look past: `WWW AMAZON IN GURGAON` is Amazon.
  const key = words.join(' ');
  return aliasOf(key) ?? key;
}

/**
 * The words of a description. A hyphen joins names and codes (`HARRIS-TEETER`, `Dis-Chem`,
 * `WITHDRAWAL-ACH-A-CSI`) but is part of a name of two parts that starts short (`Co-op`,
 * `T-Mobile`, `Bi-Lo`); `Drive-In` is two words.
 */
function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.split(/[\s/,;:()[\]#*|"+@]+/)) {
    if (!raw.includes('-')) {
      tokens.push(raw);
      continue;
    }
    const parts = raw.split(/(?<=[a-z])-(?=[a-z])/);
    if (parts.length === 2 && parts[0].length <= 2) tokens.push(raw);
    else tokens.push(...parts);
  }
  return tokens;
}

/** The one key a merchant printed in several ways goes by, if the text starts with one. */
function aliasOf(text: string): string | null {
  for (const [pattern, key] of ALIASES) if (pattern.test(text)) return key;
  return null;
}

/** The first word of each leading-noise entry: most descriptions start with none of them and are left at once. */
const NOISE_FIRST_WORDS = new Set(LEADING_NOISE.map(firstWordOf));

function firstWordOf(text: string): string {
  return /^[^\s:*(-]*/.exec(text)![0];
}

function stripLeadingNoise(text: string): string {
  let out = text.trim();
  if (!NOISE_FIRST_WORDS.has(firstWordOf(out))) return out;
  for (let changed = true; changed;) {
    changed = false;
    for (const noise of LEADING_NOISE) {
      if (out.startsWith(noise) && /^[\s:*\-(]|^$/.test(out.slice(noise.length))) {
        out = out.slice(noise.length).replace(/^[\s:*\-(]+/, '');
        changed = true;
      }
    }
  }
  return out;
}

function unwrapProcessor(text: string): string {
  const star = text.indexOf('*');
  if (star <= 0) return text;
  const left = text.slice(0, star).trim();
  const right = text.slice(star + 1).trim();
  if (!right) return left;
  // `SQ *CAFE`, `PAYPAL *EBAY`, `ASI*HUMBLE BUNDLE`: a processor or a short code wraps the
  // merchant (Google Pay's `GOOGLE *MONOPRICE` too). `AMZN Mktp US*2K4`: the merchant comes first.
  if (WRAPPERS.has(left) || WRAPPERS.has(left.replace(/\s+/g, '')) || (left.length <= 3 && !/\d/.test(left)))
    return right;
  return left;
}
