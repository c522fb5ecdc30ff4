import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadMerchantKnowledge } from '../../../lambdas/app/merchant-knowledge-files';
import { PersonCategoriser } from '../../../lambdas/core/categorise/person-categoriser';

/**
 * A real labelled history (see test/fixtures/categorised/README.md) replayed as one new person
 * who corrects every wrong answer the moment they see it, as `npm run eval:categorise` does.
 */
describe('a real history in the person’s own 43 labels, replayed', () => {
  const records: Record<string, string>[] = parse(
    readFileSync(join(__dirname, '../../fixtures/categorised/za-bank-assessment.csv')),
    { columns: true },
  );
  const categoriser = new PersonCategoriser(loadMerchantKnowledge());
  const shown: { confidence: number; right: boolean }[] = [];
  records.forEach((record, index) => {
    const tx = { date: record.date, description: record.description, amount: Math.round(Number(record.amount) * 100) };
    const decision = categoriser.decide(tx);
    const right = decision.category === record.category;
    shown.push({ confidence: decision.confidence, right });
    if (right) categoriser.confirm(tx, record.category);
    else categoriser.correct(tx, record.category, { correctionId: `c${index}`, ruleId: `r${index}` });
  });
  const accuracy = (rows: typeof shown) => rows.filter((row) => row.right).length / rows.length;

  it('is right far more often than always answering the commonest label (15%), and than the best simple learner (61%)', () => {
    // The simple learners' scores: test/fixtures/categorised/README.md.
    expect(accuracy(shown)).toBeGreaterThan(0.65);
  });

  it('shows a confidence that means what it says: sure answers are mostly right, unsure ones mostly not', () => {
    const sure = shown.filter((row) => row.confidence >= 0.9);
    const unsure = shown.filter((row) => row.confidence < 0.5);
    expect(sure.length).toBeGreaterThan(150);
    expect(accuracy(sure)).toBeGreaterThan(0.85);
    expect(unsure.length).toBeGreaterThan(30);
    expect(accuracy(unsure)).toBeLessThan(0.5);
    // Across every tenth of confidence, about as often right as shown (expected calibration
    // error): the best of several guesses is not shown surer than it is.
    let calibrationError = 0;
    for (let tenth = 0; tenth < 10; tenth += 1) {
      const bin = shown.filter((row) => Math.min(9, Math.floor(row.confidence * 10)) === tenth);
      if (bin.length === 0) continue;
      const meanConfidence = bin.reduce((sum, row) => sum + row.confidence, 0) / bin.length;
      calibrationError += (bin.length / shown.length) * Math.abs(accuracy(bin) - meanConfidence);
    }
    expect(calibrationError).toBeLessThan(0.085);
  });
});
