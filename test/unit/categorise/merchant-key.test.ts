import { merchantKey } from '../../../lambdas/core/categorise/merchant-key';

/**
 * Real bank descriptions from the public exports in test/fixtures/bank-csv (see its README)
 * and brand-only strings as card networks print them: no personal data.
 */
describe('merchant keys', () => {
  it.each([
    // Processor wrappers and marketplaces meet on one key.
    ['AMAZON MKTPLACE PMTS AMZN.COM/BILL WA', 'amazon'],
    ['AMZN Mktp US*2K4', 'amazon'],
    ['SQ *BLUE BOTTLE COFFEE', 'blue bottle coffee'],
    ['PAYPAL *STEAM GAMES', 'steam games'],
    ['SumUp *MARKET CAFE', 'market cafe'],
    ['TST* SHAKE SHACK 123 NEW YORK NY', 'shake shack'],
    ['UBER *TRIP HELP.UBER.COM', 'uber'],
    ['UBER *EATS PENDING', 'uber eats'],
    ['7-ELEVEN 27463 FALLS CHURCH VA', '7-eleven'],
    ['1-800-FLOWERS.COM', '1-800-flowers'],
    ['99 RANCH MARKET #1', 'ranch market'],
    ['STEAMGAMES.COM4259522985', 'steamgames'],
    ['Magtape Debit Discinsure4002840983-', 'discinsure'],
    ['Magtape Debit Vodacom  I6522327', 'vodacom'],
    ['ON24 INC', 'on24'],
    ['CO-OP GROUP 123', 'co-op group'],
    ['T-MOBILE 1234', 't-mobile'],
    ['CHICK-FIL-A #01234', 'chick fil'],
    ['1kg atta', 'atta'],
    ['AdrdPy PANERA BREAD GOLDSBORO NC000005866 9999999999', 'panera bread goldsboro'],
    ['SP NOMATIC', 'nomatic'],
    ['WITHDRAWAL-ACH-A-CSI PCOLA WEBCSI Pcola', 'csi pcola webcsi'],
    ['Eft Debit Order Payment (): Cartrack', 'cartrack'],
    ['Debicheck Payment (): Capfin (008577288C0002)', 'capfin'],
    ['Rtc Express Pmt To Ifix Appliance Care T A L 818-7', 'ifix appliance care'],
    ['GOOGLE *MONOPRICE COM    google.com', 'monoprice'],
    ['GOOGLE *YouTube', 'youtube'],
    ['KLARNA*ASKET.COM    STOCKHOLM', 'asket'],
    ['UBER EATS AMSTERDAM', 'uber eats'],
    ['Uber Trip help.uber.com CA', 'uber'],
    // Store and terminal numbers, cities, states and country codes go.
    ['TESCO STORES 3217', 'tesco'],
    ['SHELL 0456 FUEL', 'shell'],
    ['DOLLARAMA # 845   _M', 'dollarama'],
    ['T T SUPERMARKET   _M', 't t supermarket'],
    ['WILSON PARKING           AUCKLAND      NZL', 'wilson parking'],
    ['VODAFONE PREPAY VISA M   AUCKLAND      NZL', 'vodafone prepay visa'],
    ['ITUNES NZ                CORK          IRL', 'apple'],
    ['HOST 037196321563 MO        12/22SLICEHOST', 'host'],
    ['GITHUB 041287430274 CA           12/22GITHUB 04', 'github'],
    // Card-scheme prefixes and the card date of South African statements go.
    ['POS Purchase Zapper *Seattle Cof  * 28 Aug', 'seattle cof'],
    ['ACME STORE CD 1417    14JAN24', 'acme'],
    ['[CW]TELUS MOB', 'telus mob'],
    // As the importer reads them, the bank's type column first (BMO, Lloyds, Nordea, ING España).
    ['DEBIT [CW]TELUS MOB', 'telus mob'],
    ['DEB ACME STORE CD 1417 14JAN24', 'acme'],
    ['DEB HOTEL MARAIS EUROS 78.80 VISAXR 1.0724 CD 1425', 'hotel marais'],
    ['FPO HMRC - TAXES 700000009988776655 8833445566B 083210 10 01DEC23 14:4', 'hmrc taxes'],
    ['Dankort-nota MATAS - 20319 18230', 'matas'],
    ['Visa kob DKK 995,00 WWW.ASOS.COM 00000', 'asos'],
    ['Pago en SPORTS BAR DANI JARQUE S BOI LLOBREGES', 'sports bar dani'],
    ['Recibo MUTUA MADRILENA AUTOMOVILISTA S. DE SEGU', 'mutua madrilena automovilista'],
    // The payee first, the kind of payment after it (ING, GLS Bank, Chase, HSBC Hong Kong).
    ['EBUCHT GMBH Lastschrift Kauf ihreres Dreirades', 'ebucht'],
    ['Drillisch Online AG SEPA-Basislastschrift B4658645 U123456789 B123456', 'drillisch online'],
    ['PAYPAL TRANSFER PPD ID: PAYPALSDSL', 'paypal transfer'],
    ['YAHUI CATERING CO.,LTD. QR YAHUI CATERING CO.,LTD. CHN CN', 'yahui catering'],
    ['MEITUAN APPLEPAY MEITUAN CHN CN', 'meituan'],
    ['WWW AMAZON IN GURGAON IN', 'amazon'],
  ])('%s → %s', (description, key) => {
    expect(merchantKey(description)).toBe(key);
  });

  it('gives the same key to the same merchant at two of its stores', () => {
    expect(merchantKey('HOME DEPOT 4608 FALLS CHURCH VA')).toBe(merchantKey('HOME DEPOT #0123 RALEIGH NC'));
    expect(merchantKey('STARBUCKS STORE 00123 SEATTLE WA')).toBe(merchantKey('STARBUCKS 04567'));
  });

  it('gives no key to a description that names nobody', () => {
    expect(merchantKey('')).toBe('');
    expect(merchantKey('12345 678')).toBe('');
  });
});
