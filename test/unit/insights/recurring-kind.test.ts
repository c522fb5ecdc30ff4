import { detectRecurring } from '../../../lambdas/core/insights/detect-recurring';
import { recurringKind } from '../../../lambdas/core/insights/recurring-kind';
import { readHistory, readLabels } from './read-fixture';

describe('the kind of a recurring payment, from its category', () => {
  const monthly = {
    direction: 'out' as const,
    text: 'standing order 0042',
    fixedAmount: true,
    cadence: 'monthly' as const,
  };

  it('calls a payment filed under rent or a mortgage rent', () => {
    expect(recurringKind({ ...monthly, category: 'Rent' })).toBe('rent');
    expect(recurringKind({ ...monthly, category: 'Mortgage & Rent' })).toBe('rent');
  });

  it('does not call a category that merely holds the letters "rent" rent', () => {
    expect(recurringKind({ ...monthly, category: 'Parenting' })).toBe('subscription');
    expect(recurringKind({ ...monthly, category: 'Current account' })).toBe('subscription');
  });

  it('calls a rent paid through a transfer service that prints its fee rent, as its category says', () => {
    const text = 'webcurrencyfair LTD (FEEWITHDRAWAL-ACH-A-POPMONEY WEBCURRENCYFAIR LTD (FEE $00.95)';
    expect(recurringKind({ ...monthly, text, fixedAmount: false, category: 'Mortgage & Rent' })).toBe('rent');
  });
});

describe('the kind of a recurring payment a new person has not filed, from the words of its payee', () => {
  const unfiled = { direction: 'out' as const, fixedAmount: true, cadence: 'monthly' as const, category: 'Other' };

  it('reads a letting agent glued to its name as rent, and a cable company as a bill', () => {
    expect(recurringKind({ ...unfiled, text: 'kanerealty skyop KANEREALTY-SKYOP WEBKANEREALTY-SKYOP' })).toBe('rent');
    expect(recurringKind({ ...unfiled, text: 'cox comm ARCCox Comm - PEN 0000001032 (CHECK PYMT)' })).toBe('bill');
    expect(recurringKind({ ...unfiled, text: 'WESTSIDE COMMUNICATIONS LLC' })).toBe('bill');
  });

  it('does not read a word that merely ends in the letters as one', () => {
    expect(recurringKind({ ...unfiled, text: 'COMMERZBANK STANDING ORDER' })).not.toBe('bill');
    expect(recurringKind({ ...unfiled, text: 'E-COMMERCE TOOLS LTD' })).not.toBe('bill');
    expect(recurringKind({ ...unfiled, text: 'REALTYCHECK REPORTS' })).not.toBe('rent');
  });
});

describe('what a regular payment is for, not how the money moved', () => {
  const out = { direction: 'out' as const, fixedAmount: true, cadence: 'monthly' as const };

  it('calls a payment service funded by transfer a subscription when its category names a purchase', () => {
    const text = 'webpaypal inst xfer WEBPAYPAL (INST XFER)';
    expect(recurringKind({ ...out, text, category: 'Shopping' })).toBe('subscription');
    // Filed as a transfer, the bank's word stands.
    expect(recurringKind({ ...out, text, category: 'Transfer' })).toBe('transfer');
    // Not filed at all (a new person's categoriser did not know it): the fixed price says a purchase,
    // an amount that moves with nothing else to go on is money moved.
    expect(recurringKind({ ...out, text, category: 'Uncategorized' })).toBe('subscription');
    expect(recurringKind({ ...out, text, category: 'Other' })).toBe('subscription');
    expect(recurringKind({ ...out, text, fixedAmount: false, category: 'Other' })).toBe('transfer');
    // A card's autopay is one's own money moved whatever a categoriser filed it under.
    expect(recurringKind({ ...out, text: 'CHASE (AUTOPAY)', category: 'Bills & Utilities' })).toBe('transfer');
  });

  it('calls a card’s or a broker’s fee other: not a bill, not a membership, never savings', () => {
    expect(
      recurringKind({ ...out, cadence: 'yearly', text: 'ANNUAL MEMBERSHIP FEE', category: 'Fees & Charges' }),
    ).toBe('other');
    expect(
      recurringKind({ ...out, fixedAmount: false, text: 'USD BORROW FEES FOR NOV-2020', category: 'Investments' }),
    ).toBe('other');
    // Filed under the product's own fees category, with no fee word in the bank's text.
    expect(recurringKind({ ...out, text: 'MONTHLY SERVICE CHARGE', category: 'Fees & Charges' })).toBe('other');
    // A broker's plan billed for a month is bought, not saved.
    expect(recurringKind({ ...out, text: 'ABCOPRANP FOR APR 2017', category: 'Investments' })).toBe('subscription');
    // Fund purchases filed under investments are still savings.
    expect(recurringKind({ ...out, text: 'VANGUARD 500 INDEX - Reinvestment', category: 'Investments' })).toBe(
      'savings',
    );
  });

  it('calls wages paid to the maid or the cook other, whether the note or the category names them', () => {
    expect(recurringKind({ ...out, fixedAmount: false, text: ' ', category: 'maid' })).toBe('other');
    expect(recurringKind({ ...out, fixedAmount: false, text: 'nanny june', category: 'Household' })).toBe('other');
  });

  it('calls a card’s cash reward or statement credit other, not income and not a transfer', () => {
    const credit = { direction: 'in' as const, fixedAmount: true, cadence: 'monthly' as const };
    expect(recurringKind({ ...credit, text: 'PLATINUM CASH REWARD', category: 'Transfer' })).toBe('other');
    expect(recurringKind({ ...credit, text: 'AMEX Wireless Phone Service Credit', category: 'Transfer' })).toBe(
      'other',
    );
    expect(recurringKind({ ...credit, text: 'ACME CORP PAYROLL', category: 'Income' })).toBe('income');
    expect(recurringKind({ ...credit, text: 'XFER FROM *3917 TRANSFER', category: 'Transfer' })).toBe('transfer');
  });
});

describe('everyday shopping on a regular day is not a subscription', () => {
  // One supermarket shop on the 12th of every month for a year, 1.00 more each month: regular
  // enough to be a series, and the person's groceries all the same.
  const shops = Array.from({ length: 12 }, (_, month) => ({
    id: String(month + 1),
    date: `2024-${String(month + 1).padStart(2, '0')}-12`,
    amount: -(4000 + month * 100),
    currency: 'GBP',
    description: 'TESCO STORES 2041',
    category: 'Groceries',
  }));

  it('names the monthly Tesco shop other, so it is neither a subscription nor in their yearly total', () => {
    const series = detectRecurring(shops, { asOf: '2024-12-20' });
    expect(series.map((one) => [one.name, one.cadence, one.kind])).toEqual([['Tesco', 'monthly', 'other']]);
  });

  /** The kinds found when the same twelve monthly charges are another payee's. */
  const kindsAs = (description: string, amount: number, category: string) =>
    detectRecurring(
      shops.map((shop) => ({ ...shop, amount, description, category })),
      { asOf: '2024-12-20' },
    ).map((one) => one.kind);

  it('calls cash drawn on one day each month other', () => {
    expect(kindsAs('ATM WITHDRAWAL HIGH ST', -10000, 'Cash')).toEqual(['other']);
  });

  it('calls a gym filed under health and fitness a subscription still', () => {
    expect(kindsAs('PUREGYM LTD', -2999, 'Health & Fitness')).toEqual(['subscription']);
  });
});

describe('kinds in a real household diary', () => {
  it('names the wages of the cook and the maid other, and the kind of all but one labelled series found right', () => {
    const diary = readHistory('recurring/in-household-diary.csv', 'INR');
    const labels = readLabels('recurring/in-household-diary.labels.json');
    const found = detectRecurring(diary, { asOf: '2018-09-20' });
    const kinds = labels.series.flatMap((label) => {
      const rows = new Set(label.rows.map(String));
      const match = found.find((series) => series.transactionIds.filter((id) => rows.has(id)).length * 2 >= rows.size);
      return match ? [{ name: label.name, labelled: label.kind, found: match.kind }] : [];
    });
    expect(kinds.filter((one) => /wages/.test(one.name)).map((one) => one.found)).toEqual(['other', 'other']);
    // The one left: a loan's instalments the person filed under "subscription", with no note.
    expect(kinds.filter((one) => one.found !== one.labelled).map((one) => one.name)).toEqual(['Consumer loan EMI']);
  });
});
