/**
 * Month names and abbreviations in the languages of the statements we read (English, German,
 * French, Spanish, Dutch, Portuguese, Italian, Russian), lower case without accents.
 */
const MONTHS: Record<string, number> = {};

const NAMES: [number, string[]][] = [
  [
    1,
    [
      'jan',
      'january',
      'januar',
      'jänner',
      'janner',
      'jän',
      'jan.',
      'janvier',
      'janv',
      'enero',
      'ene',
      'januari',
      'janeiro',
      'gennaio',
      'gen',
      'янв',
      'январь',
      'января',
    ],
  ],
  [
    2,
    [
      'feb',
      'february',
      'februar',
      'fevrier',
      'fevr',
      'fev',
      'febrero',
      'februari',
      'fevereiro',
      'febbraio',
      'фев',
      'февраль',
      'февраля',
    ],
  ],
  [3, ['mar', 'march', 'marz', 'maerz', 'mars', 'marzo', 'maart', 'mrt', 'marco', 'мар', 'март', 'марта']],
  [4, ['apr', 'april', 'avril', 'avr', 'abril', 'abr', 'aprile', 'апр', 'апрель', 'апреля']],
  [5, ['may', 'mai', 'mayo', 'mei', 'maio', 'maggio', 'mag', 'май', 'мая']],
  [6, ['jun', 'june', 'juni', 'juin', 'junio', 'junho', 'giugno', 'giu', 'июн', 'июнь', 'июня']],
  [7, ['jul', 'july', 'juli', 'juil', 'juillet', 'julio', 'julho', 'luglio', 'lug', 'июл', 'июль', 'июля']],
  [8, ['aug', 'august', 'aout', 'agosto', 'ago', 'augustus', 'авг', 'август', 'августа']],
  [
    9,
    [
      'sep',
      'sept',
      'september',
      'septembre',
      'septiembre',
      'setiembre',
      'setembro',
      'settembre',
      'set',
      'сен',
      'сентябрь',
      'сентября',
    ],
  ],
  [
    10,
    [
      'oct',
      'october',
      'oktober',
      'okt',
      'octobre',
      'octubre',
      'outubro',
      'out',
      'ottobre',
      'ott',
      'окт',
      'октябрь',
      'октября',
    ],
  ],
  [11, ['nov', 'november', 'novembre', 'noviembre', 'novembro', 'ноя', 'ноябрь', 'ноября']],
  [
    12,
    [
      'dec',
      'december',
      'dezember',
      'dez',
      'decembre',
      'diciembre',
      'dic',
      'dezembro',
      'dicembre',
      'дек',
      'декабрь',
      'декабря',
    ],
  ],
];
for (const [month, names] of NAMES) for (const name of names) MONTHS[name] = month;

/** The month a name or abbreviation stands for, or null. */
export function monthFromName(word: string): number | null {
  const key = word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\.$/, '');
  return MONTHS[key] ?? null;
}
