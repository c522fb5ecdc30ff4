import { decimalToMinorUnits, type MinorUnits } from '../money';
import { NUMBER, plainDecimal, type MoneyMention } from './find-money';
import { CURRENCY_TOKEN, currencyFromToken } from './sms-currency';

/**
 * The balance an alert states after the transaction ("Avl Bal Rs.27,000.00 CR", "New M-PESA
 * balance is Ksh123.12", "Neuer Saldo: 991,84 EUR", "has a -$15.01 bal"), or null. Credit
 * limits are not balances ("Avl Lmt", "Available credit limit"), so only balance words count.
 * A number printed with no currency is in the account's currency, i.e. the transaction's.
 */
export function findBalance(
  text: string,
  money: MoneyMention[],
  fallbackCurrency: string,
): { units: MinorUnits; currency: string } | null {
  for (const keyword of text.matchAll(BALANCE_WORD)) {
    const after = (keyword.index ?? 0) + keyword[0].length;
    const tagged = money.find(
      (m) => m.start >= after && m.start - after <= 40 && onlyFiller(text.slice(after, m.start)),
    );
    if (tagged)
      return {
        units: signed(tagged.units, tagged.negative || isOverdrawn(text, tagged.end)),
        currency: tagged.currency,
      };
    const bare = BARE_AFTER.exec(text.slice(after));
    if (bare) {
      const [whole, minus, number, token] = bare;
      const currency = (token && currencyFromToken(token)) || fallbackCurrency;
      try {
        const units = decimalToMinorUnits(plainDecimal(number), currency);
        return { units: signed(units, Boolean(minus) || isOverdrawn(text, after + whole.length)), currency };
      } catch {
        continue;
      }
    }
  }
  // US alerts put the word after the amount: "Acct CK0000 has a $10.12 bal".
  const trailing = money.find((m) => /^\s*bal(?:ance)?\b/i.test(text.slice(m.end, m.end + 10)));
  return trailing ? { units: signed(trailing.units, trailing.negative), currency: trailing.currency } : null;
}

const BALANCE_WORD = /(?<![a-z])(?:av[a-z]{0,7}\.?\s?)?(?:bal(?:ance)?|saldo|avlbl amt)(?![a-z])/gi;
/** What may stand between the word and the amount: "is", ":", "(incl. of chq in clg)", "as of". */
const FILLER = /^(?:\s|[:.=-]|\bis\b|\bof\b|\bwas\b|\bnow\b|\bcr\b|\([^)]{0,40}\))*$/i;
const BARE_AFTER = new RegExp(
  String.raw`^(?:\s|[:.=-]|\bis\b|\bof\b|\([^)]{0,40}\))*(-)?\s?(${NUMBER})\s?(${CURRENCY_TOKEN})?`,
  'i',
);

function onlyFiller(between: string): boolean {
  return FILLER.test(between);
}

function signed(units: MinorUnits, negative: boolean): MinorUnits {
  return negative && units !== 0 ? -units : units;
}

/** Indian banks mark an overdrawn balance with a trailing DR (and a normal one with CR). */
function isOverdrawn(text: string, end: number): boolean {
  return /^\s?DR\b/i.test(text.slice(end, end + 4));
}
