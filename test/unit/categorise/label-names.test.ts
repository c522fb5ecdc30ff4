import { closestLabel, closestLabelForKind } from '../../../lambdas/core/categorise/label-names';

/**
 * People bring the label sets of the apps they used before; before any correction, shipped
 * knowledge answers in whichever of their labels plainly means the same thing.
 */
const MONZO = [
  'general',
  'eating_out',
  'groceries',
  'transport',
  'shopping',
  'entertainment',
  'bills',
  'expenses',
  'holidays',
  'personal_care',
  'family',
  'charity',
  'finances',
  'cash',
  'gifts',
  'income',
  'savings',
  'transfers',
];
const YNAB = [
  'Groceries',
  'Dining Out',
  'Rent/Mortgage',
  'Electric',
  'Water',
  'Internet',
  'Cellphone',
  'Auto Maintenance',
  'Gas & Fuel',
  'Clothing',
  'Medical',
  'Entertainment',
  'Vacation',
  'Subscriptions (Monthly)',
  'Inflow: Ready to Assign',
  'Auto Insurance',
  'Transfer',
];
const MINT = [
  'Auto & Transport',
  'Bills & Utilities',
  'Entertainment',
  'Fees & Charges',
  'Food & Dining',
  'Groceries',
  'Health & Fitness',
  'Income',
  'Shopping',
  'Transfer',
  'Travel & Vacation',
];

describe('a person’s label for a default category or a kind of place', () => {
  it.each([
    [MONZO, 'Dining', 'eating_out'],
    [MONZO, 'Travel', 'holidays'],
    [MONZO, 'Fees & Charges', 'finances'],
    [MONZO, 'Subscriptions', 'entertainment'],
    [YNAB, 'Income', 'Inflow: Ready to Assign'],
    [YNAB, 'Subscriptions', 'Subscriptions (Monthly)'],
    [YNAB, 'Fuel', 'Gas & Fuel'],
    [MINT, 'Subscriptions', 'Entertainment'],
    [MINT, 'Utilities & Bills', 'Bills & Utilities'],
  ])('in %j, %s is "%s"', (labels, category, expected) => {
    expect(closestLabel(category as Parameters<typeof closestLabel>[0], labels)).toBe(expected);
  });

  it.each([
    [MONZO, 'hairdresser', 'personal_care'],
    [YNAB, 'mobile_phone', 'Cellphone'],
    [YNAB, 'generator', 'Electric'],
    [YNAB, 'insurance', 'Auto Insurance'],
    [YNAB, 'clothes', 'Clothing'],
  ])('in %j, a %s is "%s"', (labels, kind, expected) => {
    expect(closestLabelForKind(kind, labels)).toBe(expected);
  });

  it('has no label for a kind the person has no word for: the default category decides', () => {
    expect(closestLabelForKind('cafe', MINT)).toBeNull();
    expect(closestLabelForKind('mobile_phone', ['Electronics and Appliances', 'Groceries'])).toBeNull();
  });
});
