import { detectRecurring } from '../../../lambdas/core/insights/detect-recurring';
import { withMachineCategories } from '../../../scripts/machine-categories';
import { labelledShare, readHistory, readLabels } from './read-fixture';

/**
 * A new person uploads a statement: no category is theirs yet, each is what the shipped
 * categoriser decided on the first import, and what it could not place (a typed note, "2 kachori",
 * a ride "Current Residence to Place 0") is filed as Other.
 */
describe('recurring series for a new person, whose categories are the machine’s guesses', () => {
  const diary = readHistory('recurring/in-household-diary.csv', 'INR');
  const labels = readLabels('recurring/in-household-diary.labels.json');
  const guessed = withMachineCategories(diary);
  const found = detectRecurring(guessed, { asOf: '2018-09-20' });
  const holding = (rows: readonly number[]) => {
    const ids = new Set(rows.map(String));
    return found.find((series) => series.transactionIds.filter((id) => ids.has(id)).length * 2 >= ids.size);
  };

  it('files the typed snacks and rides as Other, as a first import stores them', () => {
    const categoryOf = (text: RegExp) => guessed.filter((row) => text.test(row.description)).map((row) => row.category);
    expect(new Set(categoryOf(/^2 kachori$/))).toEqual(new Set(['Other']));
    expect(new Set(categoryOf(/^2 Current Residence to Place 0$/))).toEqual(new Set(['Other']));
  });

  it('does not list a snack bought most months, or a ride at its fare, as a subscription', () => {
    const everyday = found.filter((series) =>
      /kachori|packet|meftal|^place\b|^current residence/.test(series.merchant),
    );
    expect(everyday.map((series) => `${series.name} ${series.cadence} ${series.occurrences}×`)).toEqual([]);
  });

  it('still lists mostly what a person would call recurring: at least 85% of the series it reports are labelled', () => {
    expect(found.length).toBeGreaterThan(8);
    expect(labelledShare(found, labels)).toBeGreaterThanOrEqual(0.85);
  });

  it('still finds a real plan filed as Other, or under no category at all', () => {
    // A monthly investment plan the categoriser does not know: filed as Other.
    const plan = labels.series.find((series) => /^SIP 1/.test(series.name))!;
    expect(plan.rows.filter((row) => guessed[row - 1].category === 'Other').length).toBeGreaterThan(
      plan.rows.length / 2,
    );
    expect(holding(plan.rows)).toMatchObject({ cadence: 'monthly', fixedAmount: true });

    // No category at all: the Audible plan is still a monthly subscription, all its charges found.
    const audible = labels.series.find((series) => /^Audible/.test(series.name))!;
    const uncategorised = detectRecurring(
      diary.map((row) => ({ ...row, category: null })),
      { asOf: '2018-09-20' },
    );
    const ids = new Set(audible.rows.map(String));
    expect(uncategorised.find((series) => series.transactionIds.some((id) => ids.has(id)))).toMatchObject({
      cadence: 'monthly',
      kind: 'subscription',
      amount: -19900,
      occurrences: audible.rows.length,
    });
  });

  it('does not call a fixed payment with neither a note nor a category a subscription', () => {
    const unnamed = found.filter((series) => series.merchant === '' && series.fixedAmount);
    expect(unnamed.length).toBeGreaterThan(0);
    expect(unnamed.filter((series) => series.kind === 'subscription')).toEqual([]);
  });
});

describe('a category the machine got wrong does not outweigh what the bank text says', () => {
  it('finds a fund’s quarterly reinvestments as savings though a brand table filed them under groceries', () => {
    // The Mint export's larger holding's first eight reinvestments (us-mint-raleigh.csv, rows 7660-9410);
    // the shipped brand table knows a supermarket called Vanguard.
    const reinvested = [
      ['2016-12-21', 49386],
      ['2017-03-21', 43079],
      ['2017-06-22', 50519],
      ['2017-09-19', 66999],
      ['2017-12-22', 74740],
      ['2018-03-23', 77278],
      ['2018-06-27', 64673],
      ['2018-09-25', 67695],
    ] as const;
    const rows = reinvested.map(([date, amount], index) => ({
      id: String(index + 1),
      date,
      amount: -amount,
      currency: 'USD',
      description: 'VANGUARD 500 INDEX ADMIRAL CL - Reinvestment',
      category: 'Groceries',
    }));
    expect(detectRecurring(rows, { asOf: '2018-10-01' })).toMatchObject([
      { cadence: 'quarterly', kind: 'savings', occurrences: 8 },
    ]);
  });
});
