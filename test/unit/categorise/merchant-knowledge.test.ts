import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMerchantKnowledge, LOCAL_KNOWLEDGE_DIR } from '../../../lambdas/app/merchant-knowledge-files';
import { merchantKey } from '../../../lambdas/core/categorise/merchant-key';
import { isDefaultCategory } from '../../../lambdas/core/categorise/taxonomy';

describe('the shipped merchant knowledge', () => {
  const knowledge = loadMerchantKnowledge();
  const answer = (description: string) => knowledge.lookup(description, merchantKey(description));

  it.each([
    ['PANERA BREAD #601', 'Dining', 'brand'],
    ['TACO JOHNS 12', 'Dining', 'brand'],
    ['AUTOZONE 4411', 'Transport', 'brand'],
    ['ROSSMANN 2231 BERLIN', 'Health', 'brand'],
    ['HOME DEPOT 4608 FALLS CHURCH VA', 'Shopping', 'brand'],
    ['RITE AID STORE 1234', 'Health', 'brand'],
    ['DOLLARAMA QUEEN ST', 'Shopping', 'brand-word'],
    ['PAPAJOHNS 01234', 'Dining', 'brand'],
    // Filed as often under filling stations as under their shops: paid for fuel.
    ['SHEETZ 0432 RALEIGH NC', 'Fuel', 'brand'],
    ['Co-op', 'Groceries', 'brand'],
    ['BI LO 0123', 'Groceries', 'brand'],
    ['Trainline', 'Transport', 'pattern'],
    ['Ocado', 'Groceries', 'pattern'],
    // Toast's card terminals are restaurants'.
    ['TST* POOLSIDE PIES', 'Dining', 'pattern'],
    ['POS Purchase Dischem Ballito  * 15 Sep', 'Health', 'brand-prefix'],
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
    ['POS Purchase Bean There Coffee  * 24 Aug', 'Dining', 'cafe'],
    ['POS Purchase Morningside Hardware * 05 Nov', 'Shopping', 'hardware'],
    ['POS Purchase Jo Burg City Theatr  * 05 Nov', 'Entertainment', 'cinema'],
    ['POS Purchase Eleni Watch & Jewel  * 28 Oct', 'Shopping', 'jewelry'],
    ['KWIK KLEEN DRYCLEANERS', 'Shopping', 'dry_cleaning'],
    ['KARTENZAHLUNG FRISEUR SCHMIDT', 'Shopping', 'hairdresser'],
    ['CB BOULANGERIE PAUL 0123', 'Groceries', 'bakery'],
    ['COMPRA TARJETA FARMACIA LOPEZ', 'Health', 'pharmacy'],
    ['Interest Received', 'Income', 'interest_earned'],
    ['DEBIT INTEREST', 'Fees & Charges', 'interest_charged'],
    ['AON LIFE INSURANCE DEBIT ORDER', 'Utilities & Bills', 'insurance'],
    ['Powerball Purchase', 'Entertainment', 'lottery'],
    ['TST* THE COTTON KITCHEN', 'Dining', 'restaurant'],
    ['GAIL AND SONS OPTICAL', 'Health', 'optician'],
    ['SUNRISE YOGA STUDIO', 'Health', 'fitness_centre'],
    ['THAI ORCHID RALEIGH', 'Dining', 'restaurant'],
    ['SEYMOUR JOHNSON COMMISSARY', 'Groceries', 'supermarket'],
    ['VANGUARD FEDERAL MONEY MARKET FUND', 'Transfers', 'investment'],
    ['CARD PAYMENT TO HARBOUR CHIPPY', 'Dining', 'fast_food'],
    ['SMITHS NEWSAGENTS LEEDS', 'Groceries', 'convenience'],
    ['USPS PO 1234', 'Shopping', 'post_office'],
    ['TESCO PFS 1234', 'Fuel', 'fuel'],
    ['HMRC GOV.UK SA', 'Utilities & Bills', 'tax'],
    ['WEBIRS (USATAXPYMT)WITHDRAWAL-ACH-A-IRS', 'Utilities & Bills', 'tax'],
  ])('knows what kind of place "%s" is: %s, %s', (description, category, kind) => {
    expect(answer(description)).toMatchObject({ category, kind });
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
    const brands = JSON.parse(readFileSync(join(LOCAL_KNOWLEDGE_DIR, 'brands.json'), 'utf8')) as { version: string; entries: Record<string, [string, number, number, string]> };
    expect(brands.version).toMatch(/^\d+\.\d+\.\d+-nsi\.\d+\.\d+\.\d+$/);
    const entries = Object.entries(brands.entries);
    expect(entries.length).toBeGreaterThan(20_000);
    expect(entries.every(([key, [category, agreement]]) => key === merchantKey(key) && isDefaultCategory(category) && agreement > 0 && agreement <= 1)).toBe(true);
    // Most entries also name the kind of place, as OpenStreetMap tags it.
    expect(entries.filter(([, [, , , kind]]) => /^[a-z_]+$/.test(kind ?? '')).length / entries.length).toBeGreaterThan(0.95);
    expect(knowledge.version).toBe(`0.7.4+brands@${brands.version}`);
  });
});

describe('the hand-kept patterns', () => {
  const knowledge = loadMerchantKnowledge();
  it.each([
    ['LOTTO WINNINGS', null],
    ['CURRENT ACCOUNT INTEREST PAID', 'Income'],
    ['YOCO*RECHARGE BRAAI LO', null],
    ['SEPA-ÜBERWEISUNG AN MAX', 'Transfers'],
    ['DAUERAUFTRAG MIETE', 'Transfers'],
    ['MIETE JANUAR', 'Housing'],
  ])('find a word only where it starts a word: %s', (description, category) => {
    const answer = knowledge.lookup(description, merchantKey(description));
    expect(answer?.match === 'pattern' ? answer.category : null).toBe(category);
  });
});
