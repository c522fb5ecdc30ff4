import { passesIbanCheck, passesLuhn } from './luhn';

/**
 * Removes what identifies a person's accounts and contacts from a bank text before it is
 * stored, logged, queued or sent to a model: card numbers (Luhn-checked), IBANs (mod-97
 * checked), account numbers named as such, e-mail addresses, phone numbers and UPI ids.
 * The last four digits stay (`••1234`) so a person still recognises the account. Dates,
 * amounts, references and store numbers are left alone: a redactor that eats them makes
 * categorisation and deduplication worse for nothing.
 */
export function redact(text: string): string {
  // Most descriptions hold no run of 6+ digits and no '@': skip every pattern for them.
  if (!MAYBE_SENSITIVE.test(text)) return text;
  let out = text;
  out = out.replace(IBAN, (match) => {
    const iban = ibanPrefix(match);
    return iban ? `${mask(iban.compact.toUpperCase())}${match.slice(iban.length)}` : match;
  });
  out = out.replace(CARD, (match, offset: number, whole: string) => {
    const span = cardSpanAt(match, offset, whole);
    return span ? `${match.slice(0, span.start)}${mask(span.digits)}${match.slice(span.end)}` : match;
  });
  out = out.replace(MASKED_CARD, (_match, last4: string) => `••${last4}`);
  out = out.replace(ACCOUNT_IN_CONTEXT, (match, label: string, number: string) => {
    const digits = number.replace(/[^0-9]/g, '');
    return digits.length >= 4 ? `${label}••${digits.slice(-4)}` : match;
  });
  out = out.replace(EMAIL, '[email]');
  out = out.replace(UPI_ID, (match, handle: string) =>
    /\d{10}/.test(handle) || /[a-z]/i.test(handle) ? '[upi]' : match,
  );
  out = out.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= 10 && digits.length <= 15 ? `[phone ••${digits.slice(-2)}]` : match;
  });
  return out;
}

/** True when a text still holds a full card number or IBAN (for tests and audits). */
export function containsCardOrIban(text: string): boolean {
  for (const match of text.matchAll(IBAN)) if (ibanPrefix(match[0])) return true;
  for (const match of text.matchAll(CARD)) if (cardSpanAt(match[0], match.index ?? 0, text)) return true;
  return false;
}

/**
 * The longest start of an IBAN-shaped match that passes mod-97: the pattern may run on into the
 * next word ("BE11 7382 6036 8302 TESCO" takes "TESCO" as a last group), so groups are dropped
 * from the end until the check passes.
 */
function ibanPrefix(match: string): { compact: string; length: number } | null {
  for (let end = match.length; end >= 15; end -= 1) {
    if (end < match.length && !/[\s.-]/.test(match[end]) && !/[\s.-]/.test(match[end - 1] ?? '')) continue;
    const head = match.slice(0, end).replace(/[\s.-]+$/, '');
    const compact = head.replace(/[\s.-]/g, '');
    if (passesIbanCheck(compact)) return { compact, length: head.length };
  }
  return null;
}

type DigitSpan = { start: number; end: number; digits: string };

/**
 * The card number inside one digit run of `whole`, or null. After "ref" or "txn" a number is
 * usually a reference; one shaped exactly like a major network's card is masked anyway,
 * because leaving a card costs more than masking a reference.
 */
function cardSpanAt(run: string, offset: number, whole: string): DigitSpan | null {
  const span = findCardSpan(run);
  if (span && isReferenceContext(whole, offset + span.start) && !looksLikeNetworkCard(span.digits)) return null;
  return span;
}

/**
 * The best run of whole digit groups in `text` that is a Luhn-valid card number. A store or
 * terminal number may stand right before the card ("SHELL 0456 4111 1111 1111 1111"), so
 * spans that start in an issuer range (2–6, 8) win over others, then longer ones. Any
 * 16-digit Luhn-valid run counts, whatever its first digit: that is what a card looks like.
 */
function findCardSpan(text: string): DigitSpan | null {
  const groups = [...text.matchAll(/\d+/g)].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
    digits: m[0],
  }));
  let best: DigitSpan | null = null;
  let bestScore = -1;
  for (let i = 0; i < groups.length; i += 1) {
    let digits = '';
    for (let j = i; j < groups.length; j += 1) {
      digits += groups[j].digits;
      if (digits.length > 19) break;
      if (digits.length < 13) continue;
      const issuerRange = /^[2-68]/.test(digits);
      if (!issuerRange && digits.length !== 16) continue;
      const unbroken = !/[\s./-]/.test(text.slice(groups[i].start, groups[j].end));
      if (!passesLuhn(digits) || (unbroken && looksLikeDateTime(digits))) continue;
      const score = (issuerRange ? 100 : 0) + digits.length;
      if (score >= bestScore) {
        best = { start: groups[i].start, end: groups[j].end, digits };
        bestScore = score;
      }
    }
  }
  return best;
}

function mask(digits: string): string {
  return `••${digits.slice(-4)}`;
}

const MAYBE_SENSITIVE = /\d{6}|\d[\s-]\d{4}|\d{4}[./]\d{4}|\d{3}\)|@|[*xX•]{2}|[A-Za-z]{2}\d{2}[\s.-]?[A-Za-z0-9]{4}/;

/** A run of 13 or more digits, maybe in groups split by single spaces, dashes, dots or slashes
 * (people type 4111.1111.1111.1111 and 4111/1111/1111/1111 too: dots and slashes only between a
 * card's own groups, so an amount's decimals never join one); the card number is then looked for
 * among whole groups (findCardSpan). */
const CARD = /(?<![\d.,/])(?:\d{4}(?:[./]\d{4}){3}|\d{4}[./]\d{6}[./]\d{5}|\d(?:[ -]?\d){12,})(?!\d)(?![.,/]\d)/g;

/** Country code, check digits, then 11–30 letters or digits, optionally grouped by spaces, dashes
 * or dots; in either case (a typed IBAN is often lower case). The mod-97 check decides. */
const IBAN = /\b[A-Z]{2}\d{2}(?:[ .-]?[A-Z0-9]{4}){2,7}(?:[ .-]?[A-Z0-9]{1,4})?\b/gi;

/** Card or account numbers the bank already masked: `4232***0581`, `XXXX XXXX XXXX 1234`, `XX1234`,
 * `5XXXXXXXXXXX1234`. Leading digits count only when glued on or a 4-digit card group, so an
 * amount before a masked number ("500 XX1234") survives. */
const MASKED_CARD = /(?:(?<![\w*•])(?:\d{1,6}|\d{4}[\s-])(?=[xX*])|(?<![\w*•]))(?:[xX*•]{2,}[\s-]?){1,4}(\d{4})\b/g;

/** Account numbers named as such, in the languages our statements come in. */
const ACCOUNT_IN_CONTEXT =
  /((?:\b(?:a\/c|acct|account|acc|ac|konto(?:nummer)?|kto|rekening(?:nummer)?|compte|cuenta|conta|iban)\b\.?[\s-]*(?:no\.?|nr\.?|number|num|#)?\s*[:.]?\s*))((?:\d[\s-]?){5,}\d)(?!\d)/gi;

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

/** UPI virtual payment addresses: handle@bank, with no dot after the @ (unlike an e-mail). */
const UPI_ID = /\b([A-Za-z0-9._-]{3,})@[A-Za-z]{2,}\b(?!\.)/g;

/** International numbers (+CC …), 10-digit mobiles introduced by a phone word, UK mobiles
 * (07xxx xxxxxx) and North American numbers written with the area code in brackets. */
const PHONE = new RegExp(
  [
    /(?:\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4})/.source,
    /(?:\b(?:ph|phone|tel|mob|mobile|call)\b\.?:?\s*(?:\d[\s-]?){9,12}\d)/.source,
    /(?:(?<![\d.,])07\d{3}[\s-]?\d{3}[\s-]?\d{3}(?![\d.,]))/.source,
    /(?:\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?!\d))/.source,
  ].join('|'),
  'gi',
);

/** 16 digits in Visa, Mastercard (51–55, 2221–2720) or Discover ranges, or 15 from Amex. */
function looksLikeNetworkCard(digits: string): boolean {
  if (digits.length === 15) return /^3[47]/.test(digits);
  if (digits.length !== 16) return false;
  const prefix4 = Number(digits.slice(0, 4));
  return (
    digits[0] === '4' ||
    /^5[1-5]/.test(digits) ||
    (prefix4 >= 2221 && prefix4 <= 2720) ||
    /^(?:6011|64[4-9]|65)/.test(digits)
  );
}

/** YYYYMMDDhhmmss (and longer stamps): a timestamp that happens to pass Luhn. */
function looksLikeDateTime(digits: string): boolean {
  if (digits.length < 14 || digits.length > 17) return false;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return year >= 1990 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** A number right after "ref", "txn", "utr", "rrn" is a reference, not a card. */
function isReferenceContext(text: string, offset: number): boolean {
  return /\b(?:ref(?:erence)?|txn|trx|utr|rrn|upi ref|transaction id|trace|auth(?:orisation)? code|cheque|chq)\b\.?\s*(?:no\.?|nr\.?|number|id|#)?\s*:?\s*$/i.test(
    text.slice(Math.max(0, offset - 30), offset),
  );
}
