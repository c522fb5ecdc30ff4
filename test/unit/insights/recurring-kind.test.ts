import { recurringKind } from '../../../lambdas/core/insights/recurring-kind';

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
});
