import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMerchantKnowledge, LOCAL_KNOWLEDGE_DIR } from '../../../lambdas/app/merchant-knowledge-files';
import { merchantKey } from '../../../lambdas/core/categorise/merchant-key';
import { isDefaultCategory } from '../../../lambdas/core/categorise/taxonomy';

describe('the shipped merchant knowledge', () => {
  const knowledge = loadMerchantKnowledge();
  const answer = (description: string) => knowledge.lookup(description, merchantKey(description));

  it.each([
    ['DOLLARAMA # 845 _M', 'Shopping', 'brand'],
    ['TACO JOHNS 12', 'Dining', 'brand'],
    ['AUTOZONE 4411', 'Transport', 'brand'],
    ['ROSSMANN 2231 BERLIN', 'Health', 'brand'],
    ['HOME DEPOT 4608 FALLS CHURCH VA', 'Shopping', 'brand'],
    ['RITE AID STORE 1234', 'Health', 'brand'],
    ['DOLLARAMA QUEEN ST', 'Shopping', 'brand-word'],
    ['PAPAJOHNS 01234', 'Dining', 'brand'],
    // Filed as often under filling stations as under their shops: paid for fuel.
    ['SHEETZ 0432 RALEIGH NC', 'Fuel', 'brand'],
    ['BI LO 0123', 'Groceries', 'brand'],
    ['Trainline', 'Transport', 'pattern'],
    ['Ocado', 'Groceries', 'pattern'],
    // Toast's card terminals are restaurants'.
    ['TST* CORNER PIE CO', 'Dining', 'pattern'],
    ['DISCHEM CRESTA 0042', 'Health', 'brand-prefix'],
    ['HAMPTON INN RALEIGH', 'Travel', 'kind-word'],
    ['VERIZON WIRELESS 800-922-0204', 'Utilities & Bills', 'pattern'],
    ['MONTHLY MAINTENANCE FEE', 'Fees & Charges', 'pattern'],
    ['ONLINE TRANSFER TO SAVINGS', 'Transfers', 'pattern'],
    // A card's bill paid from the current account is a transfer between the person's own accounts.
    ['CAPITAL ONE MOBILE PYMT', 'Transfers', 'pattern'],
    ['Payment to Chase card ending in 1234', 'Transfers', 'pattern'],
    ['WF Credit Card AUTO PAY', 'Transfers', 'pattern'],
    ['IRS TREAS 310 TAX REF', 'Income', 'pattern'],
    ['ORIG CO NAME:GUSTO PAY 123456 CO ENTRY DESCR:NET PAY', 'Salary', 'pattern'],
    ['E-ZPASS REPLENISH', 'Transport', 'pattern'],
    ['PGANDE WEB ONLINE', 'Utilities & Bills', 'pattern'],
    // A brand outranks an ordinary word of its name: SNCF's online shop, a fuel brand called Energy.
    ['SNCF INTERNET', 'Transport', 'pattern'],
    ['ASTRON ENERGY UMHLALI', 'Fuel', 'brand-prefix'],
  ])('knows "%s" as %s from its %s entry', (description, category, match) => {
    expect(answer(description)).toMatchObject({ category, match });
  });

  it.each([
    ['H&M 0231 SANDTON', 'Shopping', 'clothes'],
    ['STARBUCKS STORE 00123', 'Dining', 'cafe'],
    ['Dankort-nota Ziggy Cafe 19471', 'Dining', 'cafe'],
    ['POS Purchase Morningside Hardware * 05 Nov', 'Shopping', 'hardware'],
    ['CITY THEATR BOX OFFICE', 'Entertainment', 'cinema'],
    ['ROXY CINEMA - Dubai Hi, Dubai', 'Entertainment', 'cinema'],
    ['JABAL HAFEET HAIRDRESS, Sharjah', 'Shopping', 'hairdresser'],
    ['KWIK KLEEN DRYCLEANERS', 'Shopping', 'dry_cleaning'],
    ['KARTENZAHLUNG FRISEUR SCHMIDT', 'Shopping', 'hairdresser'],
    ['CB BOULANGERIE PAUL 0123', 'Groceries', 'bakery'],
    ['COMPRA TARJETA FARMACIA LOPEZ', 'Health', 'pharmacy'],
    ['Habenzinsen', 'Income', 'interest_earned'],
    ['SOLLZINSEN 03/2024', 'Fees & Charges', 'interest_charged'],
    ['AON LIFE INSURANCE DEBIT ORDER', 'Utilities & Bills', 'insurance'],
    ['Main Wallet Money moved across user toll wallet Wallet: 29', 'Transport', 'toll'],
    ['TST* THE COTTON KITCHEN', 'Dining', 'restaurant'],
    ['GAIL AND SONS OPTICAL', 'Health', 'optician'],
    ['SUNRISE YOGA STUDIO', 'Health', 'fitness_centre'],
    ['THAI ORCHID RALEIGH', 'Dining', 'restaurant'],
    ['SEYMOUR JOHNSON COMMISSARY', 'Groceries', 'supermarket'],
    ['Nippon India Mutual Fund', 'Transfers', 'investment'],
    ['CARD PAYMENT TO HARBOUR CHIPPY', 'Dining', 'fast_food'],
    ['SMITHS NEWSAGENTS LEEDS', 'Groceries', 'convenience'],
    ['USPS PO 1234', 'Shopping', 'post_office'],
    ['TESCO PFS 1234', 'Fuel', 'fuel'],
    ['HMRC GOV.UK SA', 'Utilities & Bills', 'tax'],
    ['FPO HMRC - TAXES 700000009988776655 8833445566B 083210 10 01DEC23 14:49', 'Utilities & Bills', 'tax'],
  ])('knows what kind of place "%s" is: %s, %s', (description, category, kind) => {
    expect(answer(description)).toMatchObject({ category, kind });
  });

  // Real descriptions of other banks' exports and alerts (test/fixtures/bank-csv and sms), none from the evaluation histories.
  it.each([
    ['DEBIT [CW]BC HYDRO', 'Utilities & Bills'], // ca-bmo-1.csv
    ['Dankort-nota MATAS - 20319 18230', 'Health'], // dk-nordea-1.csv
    ['T&T SUPERMARKET #026 SURREY BC', 'Groceries'], // ca-bmo-2.csv
    ['WILSON PARKING AUCKLAND NZL', 'Transport'], // nz-asb-1.csv
    ['AUCKLAND TRANSPORT HENDERSON NZL', 'Transport'], // nz-asb-1.csv
    ['Recibo MUTUA MADRILENA AUTOMOVILISTA S. DE SEGU', 'Utilities & Bills'], // es-ing-1.csv
    ['Tankstelle Marschstadt ABC 1234//Marschstadt/DE KARTENZAHLUNG 2018-03-21T14:15:40 Karte1 2018-11', 'Fuel'], // de-sparkasse-1.csv
    ['FIRMA GMBH LOHN GEHALT LOHN / GEHALT 03/18', 'Salary'], // de-sparkasse-1.csv
    ['Nomina recibida G PLCE SL.', 'Salary'], // es-ing-1.csv
    ['Transferencia Bizum emitida', 'Transfers'], // es-ing-1.csv
    ['DEB NON-GBP TRANS FEE 2.75% CD 1417', 'Fees & Charges'], // gb-lloyds-1.csv
    ['KFC RESTAURANT SALES: KFC RESTAURANT CHN CN', 'Dining'], // hk-hsbc-2.csv
    ['7-ELEVEN CONVENIENCE QR 7-ELEVEN CONVENIENCE CHN CN', 'Groceries'], // hk-hsbc-2.csv
    ['LIPA KIBUGUMO PHARMACY', 'Health'], // sms messages.jsonl d-pw-797
    ['C N S FUEL PORT', 'Fuel'], // sms d-pw-550
    ['Carnatic Cafe Gurgaon In', 'Dining'], // sms d-pw-248
    ['GEICO', 'Utilities & Bills'], // sms d-pw-285
  ])('files "%s", from a fixture of another bank, under %s', (description, category) => {
    expect(answer(description)?.category).toBe(category);
  });

  it('says nothing about a merchant it has never heard of, or about an ordinary word', () => {
    expect(answer('QXZYK HOLDINGS 12')).toBeNull();
    expect(answer('EXPRESS 123')).toBeNull();
    // An electronic payment is no electronics shop.
    expect(answer('BA ELECTRONIC PAYMENT')).toBeNull();
    // `Point S` (tyres) run together is an ordinary word.
    expect(answer('POINTS FOR AMEX')).toBeNull();
  });

  it('ships brand entries built from the name-suggestion-index, every one in a default category', () => {
    const brands = JSON.parse(readFileSync(join(LOCAL_KNOWLEDGE_DIR, 'brands.json'), 'utf8')) as {
      version: string;
      entries: Record<string, [string, number, number, string]>;
    };
    expect(brands.version).toMatch(/^\d+\.\d+\.\d+-nsi\.\d+\.\d+\.\d+$/);
    const entries = Object.entries(brands.entries);
    expect(entries.length).toBeGreaterThan(20_000);
    expect(
      entries.every(
        ([key, [category, agreement]]) =>
          key === merchantKey(key) && isDefaultCategory(category) && agreement > 0 && agreement <= 1,
      ),
    ).toBe(true);
    // Most entries also name the kind of place, as OpenStreetMap tags it.
    expect(entries.filter(([, [, , , kind]]) => /^[a-z_]+$/.test(kind ?? '')).length / entries.length).toBeGreaterThan(
      0.95,
    );
    expect(knowledge.version).toBe(`0.8.0+brands@${brands.version}`);
  });
});

describe('the hand-kept patterns', () => {
  const knowledge = loadMerchantKnowledge();
  it.each([
    ['LOTTO TICKET', null],
    ['CURRENT ACCOUNT INTEREST PAID', 'Income'],
    ['PREPAID RECHARGE 0821234567', null],
    ['SEPA-ÜBERWEISUNG AN MAX', 'Transfers'],
    ['DAUERAUFTRAG MIETE', 'Transfers'],
    ['MIETE JANUAR', 'Housing'],
  ])('find a word only where it starts a word: %s', (description, category) => {
    const answer = knowledge.lookup(description, merchantKey(description));
    expect(answer?.match === 'pattern' ? answer.category : null).toBe(category);
  });
  it.each([
    ['REVOLUTION BAR LEEDS', 'Transfers'],
    ['ALDIKO BOOK READER', 'Groceries'],
    ['CORNER DELI RECEIPT TO JANE@ICLOUD.COM', 'Subscriptions'],
  ])('find a whole name, not the start of another word or an e-mail address: %s is not %s', (description, category) => {
    expect(knowledge.lookup(description, merchantKey(description))?.category).not.toBe(category);
  });
});
