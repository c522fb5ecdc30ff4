import { passesIbanCheck } from '../../redact/luhn';

const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g;
const LABELLED =
  /\b(?:iban|account|acct|a\/c|konto|kto|card|karte|compte|rekening|cuenta|conta)(?:[\s-]*(?:no|nr|number|nummer|num)\b\.?)?\s*[:#]?\s*((?:[\dXx*•'][\s-]?){4,34})/i;

/**
 * The last four digits of the account a statement belongs to, from the lines before its
 * header ("IBAN: DE89 3704 …", "Account number: ****1234", "Card No: 5XXX…1234"), so an
 * import can find the person's account. Only the last four digits leave this function.
 */
export function accountLast4FromPreamble(lines: readonly string[]): string | null {
  for (const line of lines) {
    for (const match of line.toUpperCase().matchAll(IBAN)) {
      const compact = match[0].replace(/\s/g, '');
      if (passesIbanCheck(compact)) return compact.slice(-4);
    }
    const labelled = LABELLED.exec(line);
    if (labelled) {
      const digits = labelled[1].replace(/[^\d]/g, '');
      if (digits.length >= 4) return digits.slice(-4);
    }
  }
  return null;
}
