import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSmsAlert } from '../../../lambdas/core/sms/parse-sms';
import { measureSmsAccuracy, type LabelledSms } from '../../../lambdas/core/sms/sms-accuracy';

const corpus: (LabelledSms & { reason?: string })[] = readFileSync(
  join(__dirname, '../../fixtures/sms/messages.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

const RECEIVED_ON = '2026-12-31';

describe('parseSmsAlert on 294 real, hand-labelled alerts', () => {
  const accuracy = measureSmsAccuracy(corpus, { receivedOn: RECEIVED_ON });

  it('reports its per-field accuracy', () => {
    const { misses, ...scores } = accuracy;
    // Printed so a change in accuracy shows in the test log, not only when a floor breaks.
    process.stdout.write(
      `SMS accuracy: ${JSON.stringify(Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, typeof v === 'number' ? v : v.accuracy])))}\n`,
    );
    expect(misses.length).toBeLessThan(40);
  });

  it('tells transactions from everything else in at least 97% of messages', () => {
    expect(accuracy.isTransaction.accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('reads amount, direction and currency right for at least 95% of transactions', () => {
    expect(accuracy.amountDirectionCurrency.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('reads the stated date for at least 90% of transactions that have one', () => {
    expect(accuracy.date.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the last digits of the person’s own account or card for at least 90%', () => {
    expect(accuracy.accountLast4.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the balance after the transaction for at least 90% of those that state one', () => {
    expect(accuracy.balance.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('names the merchant or counterparty for at least 80% of those that have one', () => {
    expect(accuracy.merchant.accuracy).toBeGreaterThanOrEqual(0.8);
  });

  const nonTransactions = corpus.filter((record) => !record.isTransaction);
  it.each(nonTransactions.map((record) => [record.id, record.reason ?? 'other', record.text] as const))(
    'never imports %s (%s), even when it names an amount',
    (_id, _reason, text) => {
      const result = parseSmsAlert(text, { receivedOn: RECEIVED_ON });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
    },
  );

  it('signs every imported amount: negative for money out, positive for money in', () => {
    let checked = 0;
    for (const record of corpus.filter((r) => r.isTransaction)) {
      const result = parseSmsAlert(record.text, { receivedOn: RECEIVED_ON });
      if (!result.ok || Math.abs(result.value.amount) !== record.amount) continue;
      expect(Number.isSafeInteger(result.value.amount)).toBe(true);
      if (Math.sign(result.value.amount) === (record.direction === 'debit' ? -1 : 1)) checked += 1;
    }
    expect(checked / corpus.filter((r) => r.isTransaction).length).toBeGreaterThanOrEqual(0.95);
  });
});
