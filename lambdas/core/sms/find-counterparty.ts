import type { Direction } from './sms-types';

/**
 * The merchant, payee or payer an alert names, as written, or null. Tried from the most to
 * the least explicit: labelled fields ("At:", "Merchant Name:", "Description:"), payment
 * narrations ("UPI/DR/<ref>/<name>/…", "NEFT Cr-<ifsc>-<name>-…", "ACH*<name>*"), UPI ids,
 * "<name> credited" after a debit, then the prepositions banks use: at, to (money out),
 * from, by, towards; last, a bare name line in one-field-a-line layouts.
 */
export function findCounterparty(text: string, direction: Direction, amountEnd = 0): string | null {
  for (const finder of FINDERS) {
    const found = finder(text, direction, amountEnd);
    const name = found ? clean(found) : null;
    if (name && isName(name)) return name;
  }
  return null;
}

type Finder = (text: string, direction: Direction, amountEnd: number) => string | null | undefined;

/** Where a name written in running text ends. */
const STOP = String.raw`(?=\s+(?:on|at|for|via|with|using|has|have|is|was|as|dated|vide|ref|rrn|iban|a\/c|avl|available|refunded|credited|debited|not you|from|to|towards)\b|\s*[(;|\n]|\s+-\s|(?<!\b(?:Pte|Ltd|Corp|Pvt|Mr|Mrs|Dr))\.\s+(?=[A-Z0-9])|\.(?=(?:ref|rrn|bal|avl|avbl|not|upi|utr|info|call|sms|txn|if)\b)|\.?\s*$|-[A-Za-z& ]{2,30}$|,\s*(?:avl|available|on)\b|\s+[Xx*]{2,}|\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})`;
const NAME = String.raw`([A-Za-z0-9][^\n;|]{0,60}?)`;

const FINDERS: Finder[] = [
  (t) =>
    /(?:^|\n)\s*(?:at|merchant(?: name)?|website or store|payee|beneficiary|name)\s*:\s*([^\n]+?)\s*(?=\n|$)/i.exec(
      t,
    )?.[1],
  (t) => /\bdescription\s*:\s*(?:\d{6,}\s+)?(.+?)(?:\.\s|\.?\s*\n|\.?\s*$)/i.exec(t)?.[1],
  (t) => /\bpaid\s*:\s*(.+?)\s+[A-Z]{3}\s?[\d.,]+/i.exec(t)?.[1],
  (t) => /\bname\s*:\s*([A-Za-z][A-Za-z .'-]{1,40}?)(?=\s+(?:at|on)\b|[,.;]|$)/i.exec(t)?.[1],
  (t) => /^([A-Z][^.\n]{1,60}?) has received\b/.exec(t)?.[1],
  (t) =>
    /\b(?:UPI|IMPS|NEFT|RTGS)\/(?:[A-Z]{2,5}\/)?[A-Z0-9]{6,}\/([^/\n]+?)(?:\/|\s+value\b|\s*\(|\.\s|\.?\s*$|\s*\n)/i.exec(
      t,
    )?.[1],
  (t) => /\/(?:NEFT|IMPS|RTGS|UPI)\/([A-Za-z][^/\n]+?)\s*(?:\/|\(|$|\n)/i.exec(t)?.[1],
  (t) =>
    /\b(?:UPI|IMPS|NEFT|RTGS|NEFTINWARD)[^\s/]*\s?[/ ]\s?[A-Z0-9]{6,}\/([A-Za-z][^/\n]*?)\s*(?:\/|\(|\.\s?[A-Z]|\s*$|\n)/i.exec(
      t,
    )?.[1],
  (t) => /\b(?:UPI|NEFT|RTGS|IMPS)(?:\s?(?:Cr|Dr))?-[A-Z0-9]*\d[A-Z0-9]*-([A-Za-z][A-Za-z &]+)/.exec(t)?.[1],
  (t) => /[Xx*]{3,}\d{2,4}\/([A-Za-z][^/(\n]+?)\s*(?:\(|\/|$)/.exec(t)?.[1],
  (t) => /\bUPI\b[^"\n]*?\/([\w.-]+@[a-z]+)\b/i.exec(t)?.[1],
  (t) => /\bdesc\s*:[^\n]*\/\s*([^/\n]+?)\s*(?:\n|$)/i.exec(t)?.[1],
  (t) => /@\s?UPI_([^\n]+?)(?=\s+\d{1,2}-\d{1,2}-\d{2,4})/i.exec(t)?.[1],
  (t) =>
    /(?<![A-Z])(?:ACH|BIL|INF)(?: [Cc]redit| [Dd]ebit)?[*:-](?:[A-Z0-9]*\d[A-Z0-9]*[*-])?([A-Za-z][A-Za-z .&]+?)(?:[*-]|\.|\s*$)/.exec(
      t,
    )?.[1],
  (t) =>
    /(?<![\w.-])((?![\w.-]*\bUMN\b)[A-Za-z0-9][\w.-]*@[A-Za-z]{2,})(?![\w@-]|\.[A-Za-z])/i.exec(
      t.replace(/\bUMN\b[\s:-]*\S+/gi, ''),
    )?.[1],
  (t, d) => (d === 'debit' ? /[;&]\s*([A-Za-z][^;&.\n]{1,60}?)\s+credited\b/i.exec(t)?.[1] : null),
  (t) => new RegExp(String.raw`\btransaction with ${NAME}${STOP}`, 'i').exec(t)?.[1],
  (t) => firstAfter(t, /(?<![a-z])(?:at\b|(?<![\w.])@)\s*(?!\d{1,2}[:.]\d{2})/gi),
  (t, d) => (d === 'debit' ? firstAfter(t, /\b(?:to|vers)\b\s*:?\s*(?:business\s+)?/gi) : null),
  (t) => firstAfter(t, /(?<![a-z])from\s+/gi),
  (t) => firstAfter(t, /(?<!powered )\bby[.\s]\s*/gi),
  (t) => firstAfter(t, /\btowards\s+/gi),
  (t) => /\bpayment of \S+\s?[\d,.]+ for ([A-Za-z][\w .&'-]{1,40}?)(?=\s+(?:via|on|using)\b)/i.exec(t)?.[1],
  (t) => /(?:Rs\.?|INR|[A-Z]{3})\s?[\d,.]+\s+([A-Z][A-Z0-9 &'.*-]{2,40}?)\s+(?:Bal|Avl|Available)\b/.exec(t)?.[1],
  (t) => /\n\s*([A-Za-z][^\n:]{1,40}?):\s*-?[\d.,]+\s*[A-Z]{3}\b/.exec(t)?.[1],
  (t, _d, amountEnd) => nameLineAfter(t, amountEnd),
];

/** The first name right after one of the words in `lead` that is not an account or boilerplate. */
function firstAfter(text: string, lead: RegExp): string | null {
  const name = new RegExp(String.raw`^${NAME}${STOP}`, 'i');
  for (const match of text.matchAll(lead)) {
    const rest = text.slice((match.index ?? 0) + match[0].length);
    const found = name.exec(rest)?.[1];
    if (found && isName(clean(found))) return found;
  }
  return null;
}

/** Layouts with one field a line (UAE, Axis): the first bare name line after the amount. */
function nameLineAfter(text: string, amountEnd: number): string | null {
  if (!text.includes('\n')) return null;
  const lines = text
    .slice(amountEnd)
    .split('\n')
    .map((line) => line.trim());
  for (const line of lines.slice(1)) {
    if (
      /^[A-Za-z][A-Za-z0-9 .,&'*+-]{2,}$/.test(line) &&
      !BOILERPLATE.test(line) &&
      !/(?<![A-Za-z])[A-Z]{3}\s?\d/.test(line)
    )
      return line;
  }
  return null;
}

const BOILERPLATE =
  /\b(?:card|account|a\/c|acct|debit|credit|purchase|withdrawal|balance|bal|limit|lmt|avl|available|not you|sms|call|bank|ist|date|amount|fee|country|time|dial|download|help|block|otp|share|protected|inq|enq|fraud|dispute|powered)\b/i;

const NOT_A_NAME =
  /^(?:your|you|the|a|an|my|this|our|a\/c|ac|acct|account|card|bank account|atm|cdm|xx|rs|inr|interest|imps|neft|rtgs|upi|mobile|registered|report|block|dispute|manage|cancel|pay|opt|end|stop|learn|claim|know|view|avoid|debit card|credit card|cash|agent|location|reference|ref|hh:mm|linked)\b|^[\dXx*#/.:-]+$|^\d{6,}|^(?:[A-Z]{3}|rs\.?)\s?[\d.,]+\b/i;

function isName(name: string): boolean {
  return name.length >= 2 && /[A-Za-z]/.test(name) && !NOT_A_NAME.test(name);
}

function clean(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/[\s,:;-]+$/, '')
    .replace(/^[\s:.-]+/, '')
    .trim();
}
