import { containsCardOrIban, redact } from '../../../lambdas/core/redact/redact';
import { passesIbanCheck, passesLuhn } from '../../../lambdas/core/redact/luhn';
import { mulberry32 } from '../../../lambdas/core/seeded-random';

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)];
const digits = (next: () => number, n: number) =>
  Array.from({ length: n }, () => String(Math.floor(next() * 10))).join('');

function luhnCard(next: () => number): string {
  const [prefix, length] = pick(next, [
    ['4', 16],
    ['4', 13],
    ['51', 16],
    ['55', 16],
    ['2221', 16],
    ['34', 15],
    ['37', 15],
    ['6011', 16],
    ['65', 16],
    ['4', 19],
  ] as const);
  const body = prefix + digits(next, length - prefix.length - 1);
  for (let check = 0; check <= 9; check += 1) if (passesLuhn(body + check)) return body + check;
  throw new Error('unreachable');
}

/** Real IBAN shapes: country, length of the part after the check digits, and whether it holds letters. */
const IBAN_SHAPES = [
  ['GB', 18, 4],
  ['DE', 18, 0],
  ['FR', 23, 0],
  ['NL', 14, 4],
  ['ES', 20, 0],
  ['IT', 23, 1],
  ['BE', 12, 0],
  ['IE', 18, 4],
  ['CH', 17, 0],
  ['PL', 24, 0],
] as const;

function mod97Iban(next: () => number): string {
  const [country, length, letters] = pick(next, IBAN_SHAPES);
  const bban =
    Array.from({ length: letters }, () => String.fromCharCode(65 + Math.floor(next() * 26))).join('') +
    digits(next, length - letters);
  for (let check = 2; check <= 98; check += 1) {
    const candidate = `${country}${String(check).padStart(2, '0')}${bban}`;
    if (passesIbanCheck(candidate)) return candidate;
  }
  throw new Error('unreachable');
}

/** How people write a card: as one run, or in groups split by spaces, dashes, dots or slashes. */
function writeCard(card: string, next: () => number): string {
  const groups = card.length === 15 ? [card.slice(0, 4), card.slice(4, 10), card.slice(10)] : card.match(/.{1,4}/g)!;
  const separator = pick(next, ['', ' ', '-', '.', '/']);
  if (separator === '.' || separator === '/')
    return card.length === 13 || card.length === 19 ? card : groups.join(separator);
  return groups.join(separator);
}

/** How people write an IBAN: compact or in groups of four (spaces, dashes, dots), upper or lower case. */
function writeIban(iban: string, next: () => number): string {
  const grouped = iban.match(/.{1,4}/g)!.join(pick(next, ['', ' ', '-', '.']));
  return next() < 0.5 ? grouped.toLowerCase() : grouped;
}

const CONTEXTS = [
  'PAYMENT TO {} THANK YOU',
  '{}',
  'POS {} TESCO STORES',
  'transfer to {} rent march',
  'card no {}',
  'REF 1234 {} LONDON',
];

describe('redaction of generated card numbers and IBANs in the ways people write them', () => {
  it.each([1, 2, 3])('never leaves a Luhn-valid card number readable (seed %i, 1,000 cards)', (seed) => {
    const next = mulberry32(seed);
    for (let i = 0; i < 1000; i += 1) {
      const card = luhnCard(next);
      const text = pick(next, CONTEXTS).replace('{}', writeCard(card, next));
      const out = redact(text);
      expect({ text, out, leaks: containsCardOrIban(out) || out.replace(/\D/g, '').includes(card) }).toEqual({
        text,
        out,
        leaks: false,
      });
      expect(out).toContain(`••${card.slice(-4)}`);
    }
  });

  it.each([1, 2, 3])('never leaves a mod-97-valid IBAN readable (seed %i, 1,000 IBANs)', (seed) => {
    const next = mulberry32(seed * 7919);
    for (let i = 0; i < 1000; i += 1) {
      const iban = mod97Iban(next);
      const text = pick(next, CONTEXTS).replace('{}', writeIban(iban, next));
      const out = redact(text);
      expect({
        text,
        out,
        leaks:
          containsCardOrIban(out) ||
          out
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, '')
            .includes(iban.slice(4)),
      }).toEqual({ text, out, leaks: false });
      expect(out).toContain(`••${iban.slice(-4)}`);
    }
  });
});
