import type { ColumnRole } from '../types';
import { HEADER_LANGUAGES, type HeaderLanguage, type HeaderRole } from './header-languages';

/**
 * Header words, per role, in the languages of the statements we read. Headers are compared
 * lower case, without accents, camelCase split ("RunningBalance" → "running balance").
 * A word matches a whole word of the header unless it ends in '*' (a prefix: German and
 * Dutch glue words together, "Buchungsdatum", "Transactiedatum") or starts with '*' (suffix).
 */
const LOCAL_WORDS: Record<
  | 'direction'
  | 'debit'
  | 'credit'
  | 'amount'
  | 'currency'
  | 'balance'
  | 'date'
  | 'status'
  | 'reference'
  | 'account'
  | 'payee'
  | 'memo'
  | 'description',
  string[]
> = {
  direction: [
    'af bij',
    'creditdebet',
    'credit debit',
    'debit credit',
    'debet credit',
    'credit debet',
    'd k',
    'd c',
    'c d',
    'cr dr',
    'dr cr',
    'sign',
    'amount sign',
    'debit credit indicator',
    'soll haben',
    'sh',
    'debet credit',
    '借贷',
    '收支',
    'приход расход',
    'tipo movimento',
    'mutatie af bij',
    'deb cred',
    'direction',
    'cd',
  ],
  debit: [
    'debit',
    'debit amount',
    'debits',
    'debet',
    'soll',
    'withdrawal',
    'withdrawals',
    'withdrawal amount',
    'paid out',
    'money out',
    'outflow',
    'payments',
    'charges',
    'spent',
    'ausgang',
    'ausgaben',
    'lastschriften',
    'belastung',
    'cargo',
    'cargos',
    'debito',
    'debitos',
    'retiros',
    'uscite',
    'addebiti',
    'addebito',
    'dare',
    'saida',
    'saidas',
    'расход',
    'списание',
    'списания',
    'дебет',
    '支出',
    '借方',
    '借方金额',
    'afschrijving',
    'islaidos',
    'debetas',
    'wydatki',
    'obciazenia',
  ],
  credit: [
    'credit',
    'credit amount',
    'credits',
    'haben',
    'deposit',
    'deposits',
    'deposit amount',
    'paid in',
    'money in',
    'inflow',
    'receipts',
    'eingang',
    'einnahmen',
    'gutschriften',
    'gutschrift',
    'abono',
    'abonos',
    'credito',
    'creditos',
    'ingresos',
    'depositos',
    'entrate',
    'accrediti',
    'accredito',
    'avere',
    'entrada',
    'entradas',
    'приход',
    'поступление',
    'поступления',
    'кредит',
    '收入',
    '贷方',
    '贷方金额',
    '存入',
    'bijschrijving',
    'pajamos',
    'kreditas',
    'wplywy',
    'uznania',
  ],
  amount: [
    'amount',
    'amt',
    'betrag',
    'betrag*',
    'umsatz',
    'montant',
    'importe',
    'importo',
    'bedrag',
    'bedrag*',
    '*betrag',
    'valor',
    'summe',
    'suma',
    'summa',
    'sum',
    'сумма',
    'kwota',
    'belopp',
    'belob',
    'beloeb',
    'maara',
    'total',
    '金额',
    '交易金额',
    '发生额',
    'transaction amount',
    'billing amount',
    'net amount',
  ],
  currency: [
    'currency',
    'ccy',
    'curr',
    'currency code',
    'wahrung',
    'waehrung',
    'devise',
    'monnaie',
    'monn',
    'moneda',
    'divisa',
    'valuta code',
    'valutacode',
    'valiuta',
    'valuta',
    'валюта',
    '币种',
    '币别',
    '货币',
    'moeda',
    'waluta',
  ],
  balance: [
    'balance',
    'running balance',
    'saldo',
    'saldo*',
    'solde',
    'kontostand',
    'остаток',
    'баланс',
    '余额',
    '本次余额',
    'balans',
    'likutis',
    'available balance',
    'ledger balance',
  ],
  date: [
    'date',
    '*date',
    'datum',
    '*datum',
    'data',
    'fecha',
    'buchungstag',
    'buchung',
    'wertstellung',
    'valuta',
    'дата',
    '日期',
    '*日期',
    'day',
    'posted',
    'booked',
    'dato',
    'datas',
  ],
  status: [
    'status',
    'state',
    'info',
    'статус',
    'transaction status',
    'buchungsstatus',
    'estado',
    'statut',
    'stato',
    '状态',
    '交易状态',
  ],
  reference: [
    'reference',
    'ref',
    'referenz',
    'reference number',
    'ref number',
    'chq ref number',
    'reference no',
    'referentie',
    'referencia',
    'riferimento',
    'референс',
    'референс проводки',
    'transaction id',
    'txn id',
    'wallet txn id',
    'unique id',
    'id',
    'check number',
    'cheque number',
    'check',
    'chq no',
    'n de transaction',
    'numero de transaction',
    'transaction number',
    'sr no',
    'dok nr',
    'irasas nr',
    'iraso nr',
    'mandatsreferenz',
    'kundenreferenz',
    'end to end',
    'zahlungsreferenz',
    'journal number',
    '流水号',
    '日志号',
    '日 志 号',
    'numero do documento',
    'numero documento',
  ],
  account: [
    'account',
    'account number',
    'account no',
    'konto',
    'kontonummer',
    'auftragskonto',
    'iban',
    'rekening',
    'rekeningnummer',
    'compte',
    'cuenta',
    'conto',
    'conta',
    'card',
    'card no',
    'card number',
    'card used for transaction',
    'first bank card',
    'card #',
    'sort code',
    'номер карты',
    'номер счета',
    'счет',
    'тип карты',
    '卡号',
    '借记卡号',
    '账号',
    'saskaitos nr',
    'produit',
  ],
  payee: [
    'payee',
    'payer',
    'payee name',
    'merchant',
    'merchant name',
    'counterparty',
    'beneficiary',
    'name',
    'naam',
    'nom',
    'nombre',
    'nome',
    'auftraggeber',
    'auftraggeber empfanger',
    'empfanger',
    'empfangername',
    'auftraggebername',
    'beguenstigter zahlungspflichtiger',
    'begunstigter zahlungspflichtiger',
    'tegenrekeninghouder',
    'naam omschrijving',
    'gavejas',
    'mokėtojas',
    'source destination',
    '对方户名',
    '对方账户名',
    '交易场所',
    'contraparte',
    'beneficiario',
  ],
  memo: [
    'memo',
    'notes',
    'note',
    'comment',
    'comments',
    'remarks',
    'mededelingen',
    '附言',
    '交易附言',
    'memo det',
    'memodet',
    'bemerkung',
    'notiz',
    'paaiskinimai',
  ],
  description: [
    'description',
    'desc',
    'details',
    'transaction details',
    'transaction description',
    // Monarch's raw bank text beside its cleaned merchant name.
    'original statement',
    'narrative',
    'narration',
    'particulars',
    'beschreibung',
    'verwendungszweck',
    'buchungstext',
    'text',
    'umsatztext',
    'vwz*',
    'libelle',
    'detail',
    'detail de l ecriture',
    'concepto',
    'descripcion',
    'omschrijving',
    'descricao',
    'historico',
    'descrizione',
    'descrizione operazioni',
    'описание',
    'описание операции',
    'основание',
    'назначение платежа',
    '摘要',
    '交易摘要',
    '交易名称',
    'activity',
    'transaction',
    'info text',
    'purpose',
    'opis',
    'tytul',
  ],
};

/** A table word as compared: normalised like a header, its '*' kept. */
function normaliseWord(word: string): string {
  const prefix = word.endsWith('*');
  const suffix = word.startsWith('*');
  const core = normaliseHeader(word.replace(/^\*|\*$/g, ''));
  return `${suffix ? '*' : ''}${core}${prefix ? '*' : ''}`;
}

const TABLE_ROLES: readonly HeaderRole[] = ['date', 'description', 'amount', 'debit', 'credit', 'balance', 'currency'];

/** The words above plus every language's words from the one table of header languages. */
const WORDS: typeof LOCAL_WORDS = Object.fromEntries(
  Object.entries(LOCAL_WORDS).map(([role, words]) => {
    const fromTable = TABLE_ROLES.includes(role as HeaderRole)
      ? HEADER_LANGUAGES.flatMap((language) => language.words[role as HeaderRole])
      : [];
    return [role, [...new Set([...words, ...fromTable].map(normaliseWord))]];
  }),
) as typeof LOCAL_WORDS;

/** Scripts written without spaces between words: a word is found anywhere in the header. */
const UNSPACED = /[\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/;

/** Header text as compared: lower case, no accents, words separated by single spaces. */
export function normaliseHeader(header: string): string {
  return (
    header
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC')
      // Marks stay: Devanagari and Thai vowels are marks, not letters.
      .replace(/[^\p{L}\p{M}\p{N}#]+/gu, ' ')
      .trim()
  );
}

function matchesWord(normalised: string, tokens: string[], word: string): boolean {
  if (word.endsWith('*')) {
    const prefix = word.slice(0, -1);
    return tokens.some((token) => token.startsWith(prefix));
  }
  if (word.startsWith('*')) {
    const suffix = word.slice(1);
    return tokens.some((token) => token.endsWith(suffix) && token.length > suffix.length);
  }
  if (word.includes(' ')) return ` ${normalised} `.includes(` ${word} `);
  if (UNSPACED.test(word)) return normalised.includes(word);
  return tokens.includes(word);
}

function has(normalised: string, tokens: string[], role: keyof typeof WORDS): boolean {
  return WORDS[role].some((word) => matchesWord(normalised, tokens, word));
}

/**
 * The role a header names, or null when it names none we know. Order matters: "Billing amount
 * sign" is a direction, "Debit Amount" a debit, "Balance currency" a currency, "Сумма в валюте
 * счета" an amount.
 */
export function roleFromHeader(header: string): ColumnRole | null {
  const normalised = normaliseHeader(header);
  if (normalised === '') return null;
  const tokens = normalised.split(' ');
  if (WORDS.direction.some((word) => normalised === word) || tokens.includes('sign')) return 'direction';
  const amountish = has(normalised, tokens, 'amount');
  const debit = has(normalised, tokens, 'debit');
  const credit = has(normalised, tokens, 'credit');
  if (debit && credit) return 'direction';
  if (debit) return 'debit';
  if (credit) return 'credit';
  if (amountish) return 'amount';
  if (has(normalised, tokens, 'balance')) return has(normalised, tokens, 'currency') ? 'currency' : 'balance';
  if (has(normalised, tokens, 'currency')) return 'currency';
  if (has(normalised, tokens, 'date')) return 'date';
  if (has(normalised, tokens, 'status')) return 'status';
  if (has(normalised, tokens, 'reference')) return 'reference';
  if (has(normalised, tokens, 'account')) return 'account';
  if (has(normalised, tokens, 'payee')) return 'payee';
  if (has(normalised, tokens, 'memo')) return 'memo';
  if (has(normalised, tokens, 'description')) return 'description';
  return null;
}

/**
 * Among several amount columns, how much a header says it is the account's own amount
 * ("Сумма в валюте счета", "Billing amount", "记账金额") rather than the amount in the
 * currency of the operation ("Intl.Amount", "Сумма операции", "Ursprungsbetrag").
 */
export function accountAmountPreference(header: string): number {
  const normalised = normaliseHeader(header);
  let score = 0;
  if (/(счета|account|billing|konto|compte|cuenta|rekening|记账|入账|local|booked|buchung)/.test(normalised))
    score += 2;
  if (
    /(операции|operation|intl|international|foreign|original|ursprung|fx|transaction currency|交易金额|orig)/.test(
      normalised,
    )
  )
    score -= 2;
  return score;
}

/** Whether a header says the column holds a card number: a hint that the statement is a card's. */
export function mentionsCard(header: string): boolean {
  return /(card|karte|carte|tarjeta|cartao|карт|卡)/.test(normaliseHeader(header));
}

/**
 * The language a header row is written in: the one whose words name the most of its cells, when
 * one language names more than any other (English tells nothing of a country, so it never wins).
 */
export function headerLanguage(headers: readonly string[] | null): HeaderLanguage | null {
  if (!headers) return null;
  const cells = headers.map(normaliseHeader).filter((cell) => cell !== '');
  let best: HeaderLanguage | null = null;
  let bestScore = 0;
  let tied = false;
  for (const language of HEADER_LANGUAGES) {
    const words = TABLE_ROLES.flatMap((role) => language.words[role]).map(normaliseWord);
    const score = cells.filter((cell) => words.some((word) => matchesWord(cell, cell.split(' '), word))).length;
    if (score > bestScore) {
      best = language;
      bestScore = score;
      tied = false;
    } else if (score === bestScore && score > 0) tied = true;
  }
  return best && !tied && best.countries.length > 0 ? best : null;
}
