import { merchantKey } from '../categorise/merchant-key';

const MONTH_WORDS =
  /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)$/;

/**
 * Who a recurring payment goes to or comes from: the merchant key, without the words a bank
 * changes from one month to the next (`… FOR MAR-2017`, `BT BILL PAYMENT 2`, reference codes).
 * The merchant the categoriser stored wins over the description when there is one. '' means
 * the bank printed no name (a typed diary's empty note): such rows meet on their amount alone.
 */
export function counterpartyKey(description: string, merchant?: string | null): string {
  const key = merchant && merchant.trim() ? merchant.toLowerCase() : merchantKey(description);
  const words = key.split(/\s+/).filter((word) => word && !/\d/.test(word) && !MONTH_WORDS.test(word));
  // A key of channel words names nobody (`web` for `WEBRAMPARTNERS2-SHR (WEB PMTS)…`): every web
  // payment would meet under it. The payee is then the first name in the text, channel unglued.
  if (words.length > 0 && words.every((word) => CHANNEL_WORDS.test(word)))
    return nameInText(description) || words.join(' ');
  return words.join(' ');
}

/** Words that say how money moved (a web or card payment, an ACH debit), never who was paid. */
const CHANNEL_WORDS =
  /^(web|ach|pos|arc|tel|pmts?|pymt|payment|debit|credit|withdrawal|deposit|online|internet|transfer|purchase|card|check|checking|item|eff|date|a)$/;

/**
 * The first word of a bank text that can name a payee: a channel glued to its front taken off
 * (`WEBRAMPARTNERS2` is `rampartners2`) and a branch or account number at its end (`rampartners`).
 */
function nameInText(description: string): string {
  for (const raw of description.toLowerCase().split(/[^a-z0-9]+/)) {
    const word = raw.replace(/\d{1,3}$/, '').replace(GLUED_CHANNEL, '');
    if (word.length >= 4 && !/\d/.test(word) && !CHANNEL_WORDS.test(word) && !MONTH_WORDS.test(word)) return word;
  }
  return '';
}

/** The prefix of a key that names a counterparty by the category its rows are filed under. */
export const CATEGORY_KEY_PREFIX = 'category:';

/**
 * Who a payment goes to when the bank text names nobody (a typed diary's empty note): the
 * category the row is filed under, by the person or the categoriser (`Cook`, `Rent`, `Public
 * Provident Fund`). Several payees may share a category; amounts and schedules tell them apart
 * later. '' when there is no category either.
 */
export function categoryCounterpartyKey(category: string | null | undefined): string {
  const name = (category ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  return name ? `${CATEGORY_KEY_PREFIX}${name}` : '';
}

/**
 * The counterparty of a row for recurring series: the text's key, else (only when the text gives
 * none) the row's category. A categoriser's guess is weaker than any bank text, so it never
 * replaces one.
 */
export function seriesCounterpartyKey(description: string, merchant?: string | null, category?: string | null): string {
  return counterpartyKey(description, merchant) || categoryCounterpartyKey(category);
}

/** Channel words a bank glues to the front of a name (`WEBPENTAGON`, `ARCDOM`, `TELPENTAGON`). */
const GLUED_CHANNEL = /^(web|arc|tel|ach|pos)(?=[a-z]{4,})/;

/**
 * A coarser key that still names one counterparty when its bank text drifts over the years
 * (`pentagon webpentagon federal` and `webpentagon federal trnsfr`; `gulf elec serv` and
 * `gulf gulf eft`): the first word of the key, without a channel glued to its front.
 * Regularity and amount decide later whether the rows under one coarse key are one series.
 */
export function coarseCounterpartyKey(key: string): string {
  // A category names no brand whose text could drift.
  if (key.startsWith(CATEGORY_KEY_PREFIX)) return key;
  // An account name glued to the brand by an underscore (`gsuite_infincc`, `gsuite_infinit`) drifts too.
  const first = (key.split(' ')[0] ?? '').split('_')[0];
  return first.replace(GLUED_CHANNEL, '');
}

/**
 * counterpartyKey with a memory for one pass over a history: a person pays a few hundred
 * counterparties many times each, so each text is keyed once.
 */
export function counterpartyKeys(): (description: string, merchant?: string | null) => string {
  const known = new Map<string, string>();
  return (description, merchant) => {
    const text = merchant && merchant.trim() ? `m:${merchant}` : `d:${description}`;
    let key = known.get(text);
    if (key === undefined) {
      key = counterpartyKey(description, merchant);
      known.set(text, key);
    }
    return key;
  };
}

/** seriesCounterpartyKey with the same memory: the category is read only when the text names nobody. */
export function seriesCounterpartyKeys(): (
  description: string,
  merchant?: string | null,
  category?: string | null,
) => string {
  const textKey = counterpartyKeys();
  return (description, merchant, category) => textKey(description, merchant) || categoryCounterpartyKey(category);
}

/** How many words of the bank's text name a product: `amazon music`, `upro cash dividend usd`. */
const PRODUCT_WORDS = 4;

/**
 * A finer key than the merchant's: the first words of the bank's own text, without numbers and
 * references. The merchant key folds a brand's products into one name (`Amazon Prime`, `Amazon
 * Music` and every Amazon order are all `amazon`; a fund's reinvestments and its purchases are
 * `vanguard`), and among a brand's everyday charges a subscription's own rhythm is lost; its own
 * text keeps it apart. '' when the text has no words.
 */
export function productKey(description: string): string {
  return description
    .toLowerCase()
    .replace(/\(eff\.? date[^)]*\)/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !/\d/.test(word) && !MONTH_WORDS.test(word))
    .slice(0, PRODUCT_WORDS)
    .join(' ');
}
