import { detectTransfers, type LedgerTx } from '../../../lambdas/core/ledger/transfers';

const tx = (
  id: string,
  accountId: string,
  date: string,
  amount: number,
  description: string,
  extra: Partial<LedgerTx> = {},
): LedgerTx => ({ id, accountId, date, amount, currency: 'USD', description, ...extra });

describe('detectTransfers', () => {
  it('pairs a current account paying a credit card two days apart', () => {
    const result = detectTransfers([
      tx('out', 'current', '2024-03-05', -42050, 'CREDIT CARD PAYMENT CHASE'),
      tx('in', 'card', '2024-03-07', 42050, 'PAYMENT THANK YOU'),
      tx('shop', 'card', '2024-03-06', -42050, 'BEST BUY 0042'),
    ]);
    expect(result.pairs).toEqual([expect.objectContaining({ outId: 'out', inId: 'in' })]);
    expect(result.unmatched).toEqual([]);
  });

  it('takes the closer of two equal candidates, and uses each transaction once', () => {
    const result = detectTransfers([
      tx('out', 'current', '2024-03-05', -10000, 'TRANSFER TO SAVINGS'),
      tx('far', 'savings', '2024-03-09', 10000, 'TRANSFER FROM CURRENT'),
      tx('near', 'savings', '2024-03-06', 10000, 'TRANSFER FROM CURRENT'),
    ]);
    expect(result.pairs.map((p) => [p.outId, p.inId])).toEqual([['out', 'near']]);
    expect(result.unmatched.map((u) => u.id)).toEqual(['far']);
  });

  it('does not pair a plain purchase with a deposit weeks later, or amounts in different currencies', () => {
    expect(
      detectTransfers([
        tx('a', 'current', '2024-01-01', -5000, 'GROCER'),
        tx('b', 'savings', '2024-01-21', 5000, 'DEPOSIT'),
      ]).pairs,
    ).toEqual([]);
    expect(
      detectTransfers([
        tx('a', 'current', '2024-01-01', -5000, 'TRANSFER TO SAVINGS'),
        tx('b', 'savings', '2024-01-01', 5000, 'TRANSFER', { currency: 'EUR' }),
      ]).pairs,
    ).toEqual([]);
  });

  it('leaves alone what a person linked or unlinked by hand, and says when the other side is missing', () => {
    const result = detectTransfers([
      tx('locked', 'current', '2024-03-05', -100, 'TRANSFER TO SAVINGS', { transferLocked: true }),
      tx('in', 'savings', '2024-03-05', 100, 'TRANSFER FROM CURRENT'),
    ]);
    expect(result.pairs).toEqual([]);
    expect(result.unmatched).toEqual([{ id: 'in', reason: 'the other side is not imported yet' }]);
  });
});
