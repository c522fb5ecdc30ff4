/**
 * Brings an alert's text to one plain form before any pattern looks at it: NFKC folds the
 * "mathematical" letters some banks use for styling (𝗌𝗉𝖾𝗇𝗍 → spent) and non-breaking spaces;
 * an inverted exclamation mark stands for '@' in some gateways' UPI ids; line breaks become
 * " \n " so that fields on separate lines stay apart but word patterns still work.
 */
export function normaliseSmsText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/¡/g, '@')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]*\n[ \t]*/g, ' \n ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
