import { forecastPerson } from '../../../lambdas/core/forecast/forecast-person';
import { ledgerSeries, type MonthCategoryTotal } from '../../../lambdas/core/forecast/ledger-series';

const groups: Record<string, string> = { Groceries: 'needs', Dining: 'wants', Salary: 'income' };
const groupOf = (c: string) => groups[c] ?? 'uncategorised';
const row = (
  month: string,
  category: string | null,
  outflow: number,
  inflow = 0,
  currency = 'EUR',
): MonthCategoryTotal => ({ month, currency, category, outflow, inflow });

describe('monthly series from the ledger', () => {
  it('runs on calendar months: an empty month is a zero, and the current month is left out', () => {
    const [eur] = ledgerSeries(
      [row('2025-01', 'Groceries', 300), row('2025-03', 'Groceries', 500), row('2025-05', 'Groceries', 999)],
      '2025-05',
      groupOf,
    );
    expect(eur.months).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    expect(eur.byCategory.get('Groceries')).toEqual([300, 0, 500, 0]);
  });

  it('keeps currencies apart and sums spending per group and in total, income and net beside it', () => {
    const series = ledgerSeries(
      [
        row('2025-01', 'Groceries', 300),
        row('2025-01', 'Dining', 200),
        row('2025-01', 'Salary', 0, 2000),
        row('2025-02', 'Groceries', 100, 0, 'GBP'),
        row('2025-02', null, 50),
      ],
      '2025-03',
      groupOf,
    );
    expect(series.map((s) => s.currency)).toEqual(['EUR', 'GBP']);
    const [eur, gbp] = series;
    expect(eur.spending).toEqual([500, 50]);
    expect(eur.income).toEqual([2000, 0]);
    expect(eur.net).toEqual([1500, -50]);
    expect(eur.byGroup.get('needs')).toEqual([300, 0]);
    expect(eur.byGroup.get('wants')).toEqual([200, 0]);
    expect(eur.byCategory.get('Uncategorised')).toEqual([0, 50]);
    expect(gbp.months).toEqual(['2025-02']);
  });

  it('forecasts every series of a person, in whole minor units, and says why a short one has none', () => {
    const totals = Array.from({ length: 30 }, (_, i) => {
      const month = `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      return [row(month, 'Groceries', 40000 + 1000 * (i % 3)), row(month, 'Salary', 0, 250000)];
    }).flat();
    totals.push(row('2025-05', 'Dining', 3000));
    const forecasts = forecastPerson(totals, '2025-07', groupOf);
    const groceries = forecasts.find((f) => f.key === 'category:Groceries');
    expect(groceries?.model).not.toBeNull();
    expect(groceries?.points[0].month).toBe('2025-07');
    expect(groceries?.points).toHaveLength(24);
    for (const p of groceries?.points ?? [])
      for (const v of [p.expected, p.lower80, p.upper95]) expect(Number.isInteger(v)).toBe(true);
    const dining = forecasts.find((f) => f.key === 'category:Dining');
    expect(dining?.model).toBeNull();
    expect(dining?.reason).toMatch(/only 2 complete month/);
    expect(forecasts.map((f) => f.key)).toEqual(
      expect.arrayContaining(['spending', 'income', 'net', 'group:needs', 'group:wants']),
    );
  });

  it('forecasts every category of a person with 60 months × 40 categories', () => {
    const totals: MonthCategoryTotal[] = [];
    for (let m = 0; m < 60; m += 1) {
      const month = `${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      for (let c = 0; c < 40; c += 1)
        totals.push(row(month, `Category ${c}`, ((m * 7919 + c * 104729) % 5000) + (c % 4 === 0 && m % 3 ? 0 : 1000)));
    }
    const forecasts = forecastPerson(totals, '2025-01', groupOf);
    expect(forecasts.length).toBe(40 + 4);
    expect(
      forecasts.filter((f) => f.key.startsWith('category:')).every((f) => f.model !== null && f.historyMonths === 60),
    ).toBe(true);
  });
});
