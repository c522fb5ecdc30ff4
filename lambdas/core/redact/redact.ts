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
    const compact = match.replace(/[\s-]/g, '');
    return passesIbanCheck(compact) ? mask(compact) : match;
  });
  out = out.replace(CARD, (match, offset: number, whole: string) => {
    if (isReferenceContext(whole, offset)) return match;
    // A store or terminal number may stand right before the card number ("SHELL 0456 4111
    // 1111 1111 1111"): look for the card among the groups of the digit run.
    const span = findCardSpan(match);
    return span ? `${match.slice(0, span.start)}${mask(span.digits)}${match.slice(span.end)}` : match;
  });
  out = out.replace(MASKED_CARD, (_match, last4: string) => `••${last4}`);
  out = out.replace(ACCOUNT_IN_CONTEXT, (match, label: string, number: string) => {
    const digits = number.replace(/[^0-9]/g, '');
    return digits.length >= 4 ? `${label}••${digits.slice(-4)}` : match;
  });
  out = out.replace(EMAIL, '[email]');
  out = out.replace(UPI_ID, (match, handle: string) => (/\d{10}/.test(handle) || /[a-z]/i.test(handle) ? '[upi]' : match));
  out = out.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= 10 && digits.length <= 15 ? `[phone ••${digits.slice(-2)}]` : match;
  });
  return out;
}

/** True when a text still holds a full card number or IBAN (for tests and audits). */
export function containsCardOrIban(text: string): boolean {
  for (const match of text.matchAll(IBAN)) if (passesIbanCheck(match[0].replace(/[\s-]/g, ''))) return true;
  for (const match of text.matchAll(CARD)) if (findCardSpan(match[0])) return true;
  return false;
}

/** The longest run of whole digit groups in `text` that is a Luhn-valid card number. */
function findCardSpan(text: string): { start: number; end: number; digits: string } | null {
  const groups = [...text.matchAll(/\d+/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, digits: m[0] }));
  let best: { start: number; end: number; digits: string } | null = null;
  for (let i = 0; i < groups.length; i += 1) {
    let digits = '';
    for (let j = i; j < groups.length; j += 1) {
      digits += groups[j].digits;
      if (digits.length > 19) break;
      const whole = !/[\s-]/.test(text.slice(groups[i].start, groups[j].end));
      // Card numbers start 2–6 or 8 (issuer identification ranges); store numbers often 0.
      if (digits.length >= 13 && /^[2-68]/.test(digits) && passesLuhn(digits) && !(whole && looksLikeDateTime(digits)) && (!best || digits.length >= best.digits.length)) {
        best = { start: groups[i].start, end: groups[j].end, digits };
      }
    }
  }
  return best;
}

function mask(digits: string): string {
  return `••${digits.slice(-4)}`;
}

const MAYBE_SENSITIVE = /\d{6}|\d[\s-]\d{4}|@|[*xX•]{2}|[A-Z]{2}\d{2}\s?[A-Z0-9]{4}/;

/** A run of 13 or more digits, maybe in groups split by single spaces or dashes; the card
 * number is then looked for among whole groups (findCardSpan). */
const CARD = /(?<![\d.,])\d(?:[ -]?\d){12,}(?!\d)(?![.,]\d)/g;

/** Country code, check digits, then 11–30 letters or digits, optionally grouped by spaces. */
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g;

/** Card or account numbers the bank already masked: `4232***0581`, `XXXX XXXX XXXX 1234`, `XX1234`. */
const MASKED_CARD = /(?:\b\d{2,6}[\s-]?|\b)(?:[xX*•]{2,}[\s-]?){1,4}(\d{4})\b/g;

/** Account numbers named as such, in the languages our statements come in. */
const ACCOUNT_IN_CONTEXT = /((?:\b(?:a\/c|acct|account|acc|ac|konto|kto|rekening|compte|cuenta|conta)\b\.?\s*(?:no\.?|nr\.?|number|num|#)?\s*[:.]?\s*))((?:\d[\s-]?){5,}\d)(?!\d)/gi;

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

/** UPI virtual payment addresses: handle@bank, with no dot after the @ (unlike an e-mail). */
const UPI_ID = /\b([A-Za-z0-9._-]{3,})@[A-Za-z]{2,}\b(?!\.)/g;

/** International numbers (+CC …) and 10-digit mobiles introduced by a phone word. */
const PHONE = /(?:\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4})|(?:\b(?:ph|phone|tel|mob|mobile|call)\b\.?:?\s*(?:\d[\s-]?){9,12}\d)/gi;

/** YYYYMMDD or YYYYMMDDhhmmss: a date or timestamp that happens to pass Luhn. */
function looksLikeDateTime(digits: string): boolean {
  if (digits.length !== 14) return false;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return year >= 1990 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** A number right after "ref", "txn", "utr", "rrn" is a reference, not a card. */
function isReferenceContext(text: string, offset: number): boolean {
  return /\b(?:ref(?:erence)?|txn|trx|utr|rrn|upi ref|transaction id|trace|auth(?:orisation)? code|cheque|chq)\b\.?\s*(?:no\.?|nr\.?|#|:)?\s*$/i.test(text.slice(Math.max(0, offset - 30), offset));
}
