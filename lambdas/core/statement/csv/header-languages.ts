/**
 * The words bank exports use for the columns that matter, per language, in one table: the
 * languages of the EU and the EEA, and Turkish, Russian, Ukrainian, Hebrew, Arabic, Hindi,
 * Indonesian, Vietnamese, Thai, Japanese, Korean and Chinese. Every language names every role
 * (a test holds it to that). The header vocabulary reads its words from here, and the language
 * a header is written in is a fallback for the statement's country when nothing else says it.
 *
 * Words are written as a person writes them; they are compared after the same normalisation as
 * headers (lower case, Latin accents dropped). A trailing '*' matches a word's beginning (German,
 * Dutch and the Nordic languages glue words: "Buchungsdatum", "Bokföringsdag").
 */
export type HeaderRole = 'date' | 'description' | 'amount' | 'debit' | 'credit' | 'balance' | 'currency';

export interface HeaderLanguage {
  code: string;
  name: string;
  /** Countries where banks write in it, most usual first; empty when it tells nothing (English). */
  countries: string[];
  words: Record<HeaderRole, string[]>;
}

const L = (code: string, name: string, countries: string, words: Record<HeaderRole, string[]>): HeaderLanguage => ({
  code, name, countries: countries === '' ? [] : countries.split(' '), words,
});

export const HEADER_LANGUAGES: readonly HeaderLanguage[] = [
  L('en', 'English', '', {
    date: ['date', 'transaction date', 'posting date', 'posted date', 'booking date', 'value date'], description: ['description', 'details', 'narrative', 'particulars'],
    amount: ['amount'], debit: ['debit', 'money out', 'paid out', 'withdrawal'], credit: ['credit', 'money in', 'paid in', 'deposit'],
    balance: ['balance', 'running balance'], currency: ['currency'],
  }),
  L('de', 'German', 'DE AT CH LI LU', {
    date: ['datum', 'buchungstag', 'buchungsdatum', 'valutadatum', 'wertstellung'], description: ['beschreibung', 'verwendungszweck', 'buchungstext'],
    amount: ['betrag'], debit: ['soll', 'belastung', 'lastschrift'], credit: ['haben', 'gutschrift'], balance: ['saldo', 'kontostand'], currency: ['währung'],
  }),
  L('nl', 'Dutch', 'NL BE SR', {
    date: ['datum', 'transactiedatum', 'boekdatum', 'rentedatum'], description: ['omschrijving', 'mededelingen'], amount: ['bedrag'],
    debit: ['debet', 'afschrijving'], credit: ['bijschrijving'], balance: ['saldo'], currency: ['munt', 'muntsoort'],
  }),
  L('fr', 'French', 'FR BE CH LU CA MC SN CI', {
    date: ['date', "date d'opération", 'date de valeur', 'date comptable'], description: ['libellé', 'description', "détail de l'écriture"], amount: ['montant'],
    debit: ['débit'], credit: ['crédit'], balance: ['solde'], currency: ['devise', 'monnaie'],
  }),
  L('it', 'Italian', 'IT CH SM', {
    date: ['data', 'data contabile', 'data valuta', 'data operazione'], description: ['descrizione', 'causale'], amount: ['importo'],
    debit: ['addebiti', 'addebito', 'dare', 'uscite'], credit: ['accrediti', 'accredito', 'avere', 'entrate'], balance: ['saldo'], currency: ['divisa'],
  }),
  L('es', 'Spanish', 'ES MX AR CO CL PE', {
    date: ['fecha', 'fecha operación', 'fecha valor'], description: ['concepto', 'descripción'], amount: ['importe', 'monto'],
    debit: ['cargo', 'cargos', 'debe'], credit: ['abono', 'abonos', 'haber'], balance: ['saldo'], currency: ['divisa', 'moneda'],
  }),
  L('pt', 'Portuguese', 'BR PT AO MZ', {
    date: ['data', 'data do movimento', 'data lançamento'], description: ['descrição', 'histórico'], amount: ['valor'],
    debit: ['débito', 'saída'], credit: ['crédito', 'entrada'], balance: ['saldo'], currency: ['moeda'],
  }),
  L('pl', 'Polish', 'PL', {
    date: ['data', 'data operacji', 'data księgowania'], description: ['opis', 'tytuł', 'opis operacji'], amount: ['kwota'],
    debit: ['obciążenia', 'wypłata', 'wydatki'], credit: ['uznania', 'wpływy', 'wpłata'], balance: ['saldo'], currency: ['waluta'],
  }),
  L('cs', 'Czech', 'CZ', {
    date: ['datum', 'datum zaúčtování', 'datum provedení'], description: ['popis', 'popis transakce', 'zpráva'], amount: ['částka'],
    debit: ['výdaj', 'odchozí'], credit: ['příjem', 'příchozí'], balance: ['zůstatek'], currency: ['měna'],
  }),
  L('sk', 'Slovak', 'SK', {
    date: ['dátum', 'dátum zaúčtovania'], description: ['popis', 'popis transakcie', 'správa'], amount: ['suma'],
    debit: ['výdavok', 'debet'], credit: ['príjem', 'kredit'], balance: ['zostatok'], currency: ['mena'],
  }),
  L('hu', 'Hungarian', 'HU', {
    date: ['dátum', 'könyvelés dátuma', 'tranzakció dátuma'], description: ['közlemény', 'leírás'], amount: ['összeg'],
    debit: ['terhelés'], credit: ['jóváírás'], balance: ['egyenleg'], currency: ['pénznem', 'deviza'],
  }),
  L('ro', 'Romanian', 'RO MD', {
    date: ['data', 'data tranzacției', 'data înregistrării'], description: ['descriere', 'detalii'], amount: ['suma', 'sumă'],
    debit: ['debit'], credit: ['credit'], balance: ['sold'], currency: ['moneda', 'monedă'],
  }),
  L('bg', 'Bulgarian', 'BG', {
    date: ['дата', 'дата на операцията'], description: ['описание', 'основание'], amount: ['сума'], debit: ['дебит'], credit: ['кредит'],
    balance: ['салдо', 'наличност'], currency: ['валута'],
  }),
  L('hr', 'Croatian', 'HR BA', {
    date: ['datum', 'datum knjiženja', 'datum valute'], description: ['opis', 'opis plaćanja'], amount: ['iznos'],
    debit: ['isplata', 'duguje'], credit: ['uplata', 'potražuje'], balance: ['stanje'], currency: ['valuta'],
  }),
  L('sl', 'Slovenian', 'SI', {
    date: ['datum', 'datum knjiženja'], description: ['opis', 'namen'], amount: ['znesek'], debit: ['breme', 'odliv'], credit: ['dobro', 'priliv'],
    balance: ['stanje'], currency: ['valuta'],
  }),
  L('el', 'Greek', 'GR CY', {
    date: ['ημερομηνία'], description: ['περιγραφή', 'αιτιολογία'], amount: ['ποσό'], debit: ['χρέωση'], credit: ['πίστωση'],
    balance: ['υπόλοιπο'], currency: ['νόμισμα'],
  }),
  L('da', 'Danish', 'DK FO GL', {
    date: ['dato', 'bogføringsdato', 'rentedato'], description: ['tekst', 'beskrivelse'], amount: ['beløb'], debit: ['hævet', 'udbetaling'],
    credit: ['indsat', 'indbetaling'], balance: ['saldo'], currency: ['valuta'],
  }),
  L('sv', 'Swedish', 'SE FI', {
    date: ['datum', 'bokföringsdag', 'transaktionsdag'], description: ['text', 'beskrivning', 'meddelande'], amount: ['belopp'],
    debit: ['uttag'], credit: ['insättning'], balance: ['saldo', 'behållning'], currency: ['valuta'],
  }),
  L('nb', 'Norwegian', 'NO', {
    date: ['dato', 'bokført dato', 'rentedato'], description: ['beskrivelse', 'forklaring'], amount: ['beløp'], debit: ['ut fra konto', 'uttak'],
    credit: ['inn på konto', 'innskudd'], balance: ['saldo'], currency: ['valuta'],
  }),
  L('fi', 'Finnish', 'FI', {
    date: ['päivämäärä', 'kirjauspäivä', 'arvopäivä'], description: ['selite', 'kuvaus', 'viesti'], amount: ['määrä', 'summa'],
    debit: ['veloitus'], credit: ['hyvitys'], balance: ['saldo'], currency: ['valuutta'],
  }),
  L('et', 'Estonian', 'EE', {
    date: ['kuupäev'], description: ['selgitus', 'kirjeldus'], amount: ['summa'], debit: ['deebet'], credit: ['kreedit'], balance: ['jääk'], currency: ['valuuta'],
  }),
  L('lv', 'Latvian', 'LV', {
    date: ['datums'], description: ['apraksts', 'maksājuma mērķis'], amount: ['summa'], debit: ['debets'], credit: ['kredīts'], balance: ['atlikums'],
    currency: ['valūta'],
  }),
  L('lt', 'Lithuanian', 'LT', {
    date: ['data', 'operacijos data'], description: ['paskirtis', 'aprašymas', 'paaiškinimai'], amount: ['suma'], debit: ['debetas', 'išlaidos'],
    credit: ['kreditas', 'pajamos'], balance: ['likutis'], currency: ['valiuta'],
  }),
  L('ga', 'Irish', 'IE', {
    date: ['dáta'], description: ['cur síos'], amount: ['méid'], debit: ['dochar'], credit: ['creidmheas'], balance: ['iarmhéid'], currency: ['airgeadra'],
  }),
  L('mt', 'Maltese', 'MT', {
    date: ['data'], description: ['deskrizzjoni'], amount: ['ammont'], debit: ['debitu'], credit: ['kreditu'], balance: ['bilanċ'], currency: ['munita'],
  }),
  L('is', 'Icelandic', 'IS', {
    date: ['dagsetning', 'dags'], description: ['skýring', 'lýsing'], amount: ['upphæð'], debit: ['úttekt'], credit: ['innlögn'], balance: ['staða'],
    currency: ['gjaldmiðill'],
  }),
  L('tr', 'Turkish', 'TR', {
    date: ['tarih', 'işlem tarihi'], description: ['açıklama'], amount: ['tutar'], debit: ['borç'], credit: ['alacak'], balance: ['bakiye'],
    currency: ['para birimi', 'döviz'],
  }),
  L('ru', 'Russian', 'RU BY KZ', {
    date: ['дата', 'дата операции', 'дата проводки'], description: ['описание', 'назначение платежа', 'описание операции'], amount: ['сумма'],
    debit: ['расход', 'списание', 'дебет'], credit: ['приход', 'поступление', 'кредит'], balance: ['остаток', 'баланс'], currency: ['валюта'],
  }),
  L('uk', 'Ukrainian', 'UA', {
    date: ['дата', 'дата операції'], description: ['опис', 'призначення платежу', 'деталі операції'], amount: ['сума'],
    debit: ['видаток', 'списання'], credit: ['надходження', 'зарахування'], balance: ['залишок'], currency: ['валюта'],
  }),
  L('he', 'Hebrew', 'IL', {
    date: ['תאריך', 'תאריך ערך'], description: ['תיאור', 'פרטים'], amount: ['סכום'], debit: ['חובה'], credit: ['זכות'], balance: ['יתרה'], currency: ['מטבע'],
  }),
  L('ar', 'Arabic', 'SA AE EG MA JO KW QA BH OM', {
    date: ['التاريخ', 'تاريخ'], description: ['الوصف', 'البيان', 'التفاصيل'], amount: ['المبلغ', 'مبلغ'], debit: ['مدين'], credit: ['دائن'],
    balance: ['الرصيد', 'رصيد'], currency: ['العملة', 'عملة'],
  }),
  L('hi', 'Hindi', 'IN', {
    date: ['दिनांक', 'तारीख'], description: ['विवरण'], amount: ['राशि'], debit: ['नामे', 'डेबिट'], credit: ['जमा', 'क्रेडिट'], balance: ['शेष'], currency: ['मुद्रा'],
  }),
  L('id', 'Indonesian', 'ID', {
    date: ['tanggal', 'tanggal transaksi'], description: ['keterangan', 'deskripsi'], amount: ['jumlah', 'nominal'], debit: ['debet', 'mutasi debet'],
    credit: ['kredit', 'mutasi kredit'], balance: ['saldo'], currency: ['mata uang'],
  }),
  L('vi', 'Vietnamese', 'VN', {
    date: ['ngày', 'ngày giao dịch'], description: ['mô tả', 'nội dung', 'diễn giải'], amount: ['số tiền'], debit: ['ghi nợ', 'số tiền ghi nợ'],
    credit: ['ghi có', 'số tiền ghi có'], balance: ['số dư'], currency: ['loại tiền', 'tiền tệ'],
  }),
  L('th', 'Thai', 'TH', {
    date: ['วันที่'], description: ['รายละเอียด', 'รายการ'], amount: ['จำนวนเงิน'], debit: ['ถอนเงิน', 'เดบิต'], credit: ['ฝากเงิน', 'เครดิต'],
    balance: ['ยอดคงเหลือ'], currency: ['สกุลเงิน'],
  }),
  L('ja', 'Japanese', 'JP', {
    date: ['日付', '取引日'], description: ['摘要', 'お取引内容'], amount: ['金額'], debit: ['出金', 'お引出し'], credit: ['入金', 'お預入れ'], balance: ['残高'],
    currency: ['通貨'],
  }),
  L('ko', 'Korean', 'KR', {
    date: ['거래일자', '거래일시', '날짜'], description: ['적요', '거래내용'], amount: ['거래금액', '금액'], debit: ['출금', '찾으신금액'],
    credit: ['입금', '맡기신금액'], balance: ['잔액'], currency: ['통화'],
  }),
  L('zh', 'Chinese', 'CN TW HK SG', {
    date: ['日期', '交易日期', '记账日期'], description: ['摘要', '交易摘要', '说明'], amount: ['金额', '交易金额'], debit: ['支出', '借方'],
    credit: ['收入', '贷方', '存入'], balance: ['余额'], currency: ['币种', '货币'],
  }),
];
