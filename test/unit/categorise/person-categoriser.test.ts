import { loadMerchantKnowledge } from '../../../lambdas/app/merchant-knowledge-files';
import { PersonCategoriser } from '../../../lambdas/core/categorise/person-categoriser';
import { PersonalModel } from '../../../lambdas/core/categorise/personal-model';

const knowledge = loadMerchantKnowledge();
const tx = (description: string, amount: number, date = '2024-03-10') => ({ description, amount, date });

describe('one person’s categoriser', () => {
  it.each([
    ['TESCO STORES 3217', -4210, 'Groceries'],
    ['REWE SAGT DANKE 4711', -2345, 'Groceries'],
    ['NETFLIX.COM', -999, 'Subscriptions'],
    ['UBER *TRIP HELP.UBER.COM', -1250, 'Transport'],
    ['UBER EATS AMSTERDAM', -2300, 'Dining'],
    ['SHELL 0456 FUEL', -6000, 'Fuel'],
    ['GEHALT ACME GMBH', 250000, 'Salary'],
    ['PAYMENT THANK YOU', 50000, 'Transfers'],
    ['KONTOFÜHRUNGSENTGELT', -495, 'Fees & Charges'],
  ])('knows "%s" on day one', (description, amount, category) => {
    const decision = new PersonCategoriser(knowledge).decide(tx(description, amount));
    expect(decision).toMatchObject({ category, categorySource: 'model' });
    expect(decision.decidedBy).toMatch(/^(knowledge|brands)@\d+\.\d+\.\d+/);
  });

  it('says Income or Other, unsure, for a merchant nobody knows', () => {
    const categoriser = new PersonCategoriser(knowledge);
    expect(categoriser.decide(tx('XQ LTD 99', -100))).toMatchObject({ category: 'Other', unsure: true });
    expect(categoriser.decide(tx('XQ LTD 99', 100))).toMatchObject({ category: 'Income', unsure: true });
  });

  it('answers in the person’s own labels once they have renamed a default category twice', () => {
    const categoriser = new PersonCategoriser(knowledge);
    categoriser.correct(tx('TESCO STORES 3217', -4210), 'Food', { correctionId: 'c1', ruleId: 'r1' });
    categoriser.correct(tx('ALDI 4411 LEEDS', -2540), 'Food', { correctionId: 'c2', ruleId: 'r2' });
    expect(categoriser.decide(tx('LIDL GB BRISTOL', -1234))).toMatchObject({
      category: 'Food',
      categorySource: 'model',
    });
    // Knowledge of other kinds still answers in the default names.
    expect(categoriser.decide(tx('SHELL 0456 FUEL', -6000)).category).toBe('Fuel');
  });

  it('answers a text it decided before a correction afresh after it, even from knowledge alone', () => {
    // Only the shipped knowledge answers (the generalisers switched off), so a new person's
    // answer for a text is made once; a correction must still reach the next row of that text.
    const categoriser = new PersonCategoriser(knowledge, undefined, {
      without: ['naive-bayes', 'word-bayes', 'linear'],
    });
    expect(categoriser.decide(tx('LIDL GB BRISTOL', -1234)).category).toBe('Groceries');
    categoriser.correct(tx('TESCO STORES 3217', -4210), 'Food', { correctionId: 'c1', ruleId: 'r1' });
    categoriser.correct(tx('ALDI 4411 LEEDS', -2540), 'Food', { correctionId: 'c2', ruleId: 'r2' });
    expect(categoriser.decide(tx('LIDL GB BRISTOL', -987, '2024-03-20')).category).toBe('Food');
  });

  it('remembers a multi-purpose merchant by amount', () => {
    const categoriser = new PersonCategoriser(knowledge);
    for (let month = 1; month <= 6; month += 1) {
      categoriser.confirm(tx('AMZN Mktp US*2K4', -4500 - month * 300, `2024-0${month}-03`), 'Shopping');
      const shown = categoriser.decide(tx('AMZN Digital*Prime', -899, `2024-0${month}-20`));
      if (shown.category !== 'Subscriptions')
        categoriser.correct(tx('AMZN Digital*Prime', -899), 'Subscriptions', {
          correctionId: `c${month}`,
          ruleId: `r${month}`,
        });
      else categoriser.confirm(tx('AMZN Digital*Prime', -899), 'Subscriptions');
    }
    expect(categoriser.decide(tx('AMAZON MKTPLACE PMTS AMZN.COM/BILL WA', -5200)).category).toBe('Shopping');
    expect(categoriser.decide(tx('AMZN Mktp US*9Z1', -899)).category).toBe('Subscriptions');
  });

  it('knows a blank note by its exact amount, where amounts near it meant other things', () => {
    const model = new PersonalModel(knowledge);
    for (let month = 1; month <= 4; month += 1) {
      model.learn(tx('', -33300, `2024-0${month}-12`), 'Maid');
      model.learn(tx('', -100000, `2024-0${month}-13`), 'Recurring Deposit');
      model.learn(tx('', -1000000, `2024-0${month}-06`), 'Money transfer');
      // A week of groceries and small bills at every other amount, after them.
      for (let day = 10; day <= 16; day += 1)
        model.learn(tx('', -(30000 + day * 700 + month * 11), `2024-0${month}-${day}`), 'Food');
      model.learn(tx('', -(90000 + month * 500), `2024-0${month}-20`), 'Household');
    }
    expect(model.predict(tx('', -33300, '2024-05-12'))?.category).toBe('Maid');
    expect(model.predict(tx('', -100000, '2024-05-13'))?.category).toBe('Recurring Deposit');
    expect(model.predict(tx('', -38123, '2024-05-12'))?.category).toBe('Food');
  });

  it('lets a learned rule from one odd correction yield when everything else the person taught since says otherwise', () => {
    const categoriser = new PersonCategoriser(knowledge);
    const shop = (amounts: number[], month: string) =>
      amounts.forEach((amount, day) => {
        const purchase = tx(
          `TARGET 000${18930 + day} FALLS CHURCH VA`,
          amount,
          `2024-${month}-${String(day * 3 + 1).padStart(2, '0')}`,
        );
        if (categoriser.decide(purchase).category === 'Shopping') categoriser.confirm(purchase, 'Shopping');
        else categoriser.correct(purchase, 'Shopping', { correctionId: `${month}${day}`, ruleId: `${month}${day}` });
      });
    shop([-2315, -1899, -4250, -1203, -3110, -2790, -1550, -2204], '02');
    // Cash back at the till, once: a rule for Target at about that amount.
    const odd = categoriser.correct(tx('TARGET 00018977 FALLS CHURCH VA', -2000, '2024-02-28'), 'Cash & Checks', {
      correctionId: 'cash',
      ruleId: 'cash',
    });
    expect(odd.rule).toMatchObject({ category: 'Cash & Checks', amountMin: expect.any(Number) });
    // While that correction is the person's latest word on Target, it stands.
    expect(categoriser.decide(tx('TARGET 00018954 FALLS CHURCH VA', -1709, '2024-03-01'))).toMatchObject({
      category: 'Cash & Checks',
      categorySource: 'rule',
    });
    // Months of ordinary shopping there since, at amounts the rule does not cover.
    shop([-4250, -5100, -800, -950, -6200, -700, -4800, -990], '03');
    shop([-5400, -880, -4900, -760, -7300, -990, -6600, -810], '04');
    expect(categoriser.decide(tx('TARGET 00018955 FALLS CHURCH VA', -1709, '2024-05-02'))).toMatchObject({
      category: 'Shopping',
      categorySource: 'model',
    });
    // The very amount of the odd one is still what the person said it was.
    expect(categoriser.decide(tx('TARGET 00018956 FALLS CHURCH VA', -2000, '2024-05-03')).category).toBe(
      'Cash & Checks',
    );
  });

  it('learns nothing from a merchant marked "don\'t learn"', () => {
    const categoriser = new PersonCategoriser(knowledge, { model: null, rules: [], dontLearn: ['costco wholesale'] });
    const outcome = categoriser.correct(tx('COSTCO WHOLESALE 0112', -15000), 'Gifts', {
      correctionId: 'c1',
      ruleId: 'r1',
    });
    expect(outcome).toEqual({ rule: null, replaced: [] });
    expect(categoriser.decide(tx('COSTCO WHOLESALE 0112', -15000)).category).not.toBe('Gifts');
  });

  it('replaces its learned rule when the person changes their mind about a merchant', () => {
    const categoriser = new PersonCategoriser(knowledge);
    const first = categoriser.correct(tx('CORNER DELI 12', -800), 'Dining', { correctionId: 'c1', ruleId: 'r1' });
    const second = categoriser.correct(tx('CORNER DELI 12', -800), 'Groceries', { correctionId: 'c2', ruleId: 'r2' });
    expect(first.rule).toMatchObject({ pattern: 'corner deli', category: 'Dining', amountMin: null });
    // The merchant now has two labels, so the new rule is amount-aware and the old one stays for other amounts.
    expect(second.rule).toMatchObject({ category: 'Groceries', amountMin: 533, amountMax: 1200 });
    expect(categoriser.decide(tx('CORNER DELI 12', -800))).toMatchObject({
      category: 'Groceries',
      categorySource: 'rule',
      decidedBy: 'rule:r2',
    });
  });

  it('loads a model saved before the same-amount memory, the word-only naive Bayes and the record of winners existed', () => {
    const categoriser = new PersonCategoriser(knowledge);
    categoriser.correct(tx('TESCO STORES 3217', -4210), 'Food', { correctionId: 'c1', ruleId: 'r1' });
    categoriser.correct(tx('NETFLIX.COM', -999), 'Streaming', { correctionId: 'c2', ruleId: 'r2' });
    const { sameAmount, wordBayes, decisions, ...older } = JSON.parse(JSON.stringify(categoriser.model.toJSON()));
    expect([sameAmount, wordBayes, decisions].every(Boolean)).toBe(true);
    const restored = new PersonalModel(knowledge, older);
    expect(restored.predict(tx('NETFLIX.COM', -999))?.category).toBe('Streaming');
    restored.learn(tx('ALDI 4411 LEEDS', -2540), 'Food');
    expect(restored.toJSON().sameAmount).toBeDefined();
  });

  it('stores its model as JSON and answers the same after loading it', () => {
    const categoriser = new PersonCategoriser(knowledge);
    const history = [
      ['TESCO STORES 3217', -4210, 'Food'],
      ['NETFLIX.COM', -999, 'Streaming'],
      ['ACME LTD SALARY', 250000, 'Pay'],
      ['CORNER DELI 12', -800, 'Food'],
    ] as const;
    for (const [description, amount, label] of history)
      categoriser.correct(tx(description, amount), label, { correctionId: description, ruleId: description });
    const restored = new PersonalModel(knowledge, JSON.parse(JSON.stringify(categoriser.model.toJSON())));
    for (const probe of [
      tx('TESCO STORES 0042', -1999),
      tx('NETFLIX.COM', -1299),
      tx('WAITROSE 771', -3000),
      tx('ACME LTD SALARY', 250100),
    ]) {
      expect(restored.predict(probe)).toEqual(categoriser.model.predict(probe));
    }
  });
});

describe('shipped knowledge in a person’s own label set', () => {
  it('answers in the label that plainly means the default category before any correction of that kind', () => {
    const categoriser = new PersonCategoriser(knowledge);
    // The person's labels so far come from other merchants.
    categoriser.correct(tx('ACME LTD SALARY', 250000), 'Paycheck', { correctionId: 'c1', ruleId: 'r1' });
    categoriser.correct(tx('MY LANDLORD', -90000), 'Mortgage & Rent', { correctionId: 'c2', ruleId: 'r2' });
    categoriser.correct(tx('CORNER BISTRO', -2500), 'Food & Dining', { correctionId: 'c3', ruleId: 'r3' });
    expect(categoriser.decide(tx('STARBUCKS STORE 00123', -450)).category).toBe('Food & Dining');
    expect(categoriser.decide(tx('TESCO STORES 3217', -4210)).category).toBe('Food & Dining');
  });

  it('answers with the person’s label for the kind of place, where they have one, and the broad one elsewhere', () => {
    const categoriser = new PersonCategoriser(knowledge);
    categoriser.correct(tx('MR PRICE BENONI', -35994), 'Clothing', { correctionId: 'c1', ruleId: 'r1' });
    categoriser.correct(tx('GAME STORES 12', -99900), 'General Purchases', { correctionId: 'c2', ruleId: 'r2' });
    categoriser.correct(tx('BEAN THERE COFFEE', -5000), 'Coffee', { correctionId: 'c3', ruleId: 'r3' });
    // Never seen: a clothes shop is "Clothing", a café is "Coffee", a hardware store is neither.
    expect(categoriser.decide(tx('H&M 0231 SANDTON', -45000)).category).toBe('Clothing');
    expect(categoriser.decide(tx('POS Purchase Seattle Coffee Co * 12 Oct', -4200)).category).toBe('Coffee');
    expect(categoriser.decide(tx('BUILDERS WAREHOUSE 0012', -23000)).category).not.toMatch(/Clothing|Coffee/);
  });

  it('learns what a kind of place is called from the places, not from how often one is visited', () => {
    const categoriser = new PersonCategoriser(knowledge);
    let id = 0;
    const label = (description: string, amount: number, category: string) => {
      const t = tx(description, amount);
      if (categoriser.decide(t).category === category) categoriser.confirm(t, category);
      else categoriser.correct(t, category, { correctionId: `c${id}`, ruleId: `r${(id += 1)}` });
    };
    label('DR MEHTA CLINIC', -50000, 'Medical');
    // The hospital is where six rides went, not what they were.
    for (let ride = 0; ride < 6; ride += 1) label('Auto to City Hospital', -4000, 'Rides');
    expect(categoriser.decide(tx('Sunrise Hospital consultation', -300000))).toMatchObject({
      category: 'Medical',
      decidedBy: expect.stringMatching(/^knowledge@/),
    });
  });

  it('pays a phone carrier from the phone label, not the gadgets one, and tells interest earned from interest charged', () => {
    const categoriser = new PersonCategoriser(knowledge);
    categoriser.correct(tx('INCREDIBLE CONNECTION 12', -899900), 'Electronics and Appliances', {
      correctionId: 'c1',
      ruleId: 'r1',
    });
    categoriser.correct(tx('PREPAID DATA BUNDLE', -9900), 'Cellular Data Purchase', {
      correctionId: 'c2',
      ruleId: 'r2',
    });
    categoriser.correct(tx('FNB HOME LOAN', -650000), 'Interest Repayment', { correctionId: 'c3', ruleId: 'r3' });
    categoriser.correct(tx('SAVINGS POCKET', 2500), 'Interest Received', { correctionId: 'c4', ruleId: 'r4' });
    expect(categoriser.decide(tx('Magtape Debit Vodacom  I6522327', -64605)).category).toBe('Cellular Data Purchase');
    expect(categoriser.decide(tx('Interest Received', 120)).category).toBe('Interest Received');
    expect(categoriser.decide(tx('DEBIT INTEREST', -591)).category).toBe('Interest Repayment');
  });
});
