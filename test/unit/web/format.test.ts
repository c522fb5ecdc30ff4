import { merchantName, money, setLocale } from '../../../web/src/format';

describe('the web app’s money', () => {
  beforeAll(() => setLocale('en-US'));

  it('shows nothing spent as $0.00, never -$0.00 (money out is shown negated, and -0 is a number)', () => {
    expect(money(-Math.abs(0), 'USD')).toBe('$0.00');
    expect(money(-1234, 'USD')).toBe('-$12.34');
  });

  it('reads minor units with the currency’s own decimals', () => {
    expect(money(1500, 'JPY')).toBe('¥1,500');
    expect(money(12345, 'KWD')).toMatch(/^KWD\s12\.345$/);
  });

  it('shows a stored merchant key as a name, not in the lower case it is kept in', () => {
    expect(merchantName('american express')).toBe('American Express');
    expect(merchantName("mcdonald's")).toBe("Mcdonald's");
    expect(merchantName('marks & spencer')).toBe('Marks & Spencer');
    expect(merchantName('remove.bastoria')).toBe('Remove.Bastoria');
  });
});
