/**
 * Prints the SMS parser's per-field accuracy on a labelled JSON-lines file as one JSON line:
 *   npx tsx scripts/eval-sms.ts test/fixtures/sms/messages.jsonl [--misses]
 * Each line holds { id, text, isTransaction, direction?, amount?, currency?, accountLast4?,
 * merchant?, date?, balance?, balanceCurrency? } (see test/fixtures/sms/README.md).
 */
import { readFileSync } from 'node:fs';
import { measureSmsAccuracy, type LabelledSms } from '../lambdas/core/sms/sms-accuracy';

function main(argv: string[]): void {
  const path = argv.find((arg) => !arg.startsWith('--'));
  if (!path) {
    process.stderr.write('usage: tsx scripts/eval-sms.ts PATH.jsonl [--misses]\n');
    process.exitCode = 2;
    return;
  }
  const records = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const record = JSON.parse(line) as LabelledSms;
      return { ...record, id: record.id ?? `line-${index + 1}` };
    });
  // Messages without a date fall back to the day they arrived; a fixed day keeps runs repeatable.
  const { misses, ...scores } = measureSmsAccuracy(records, { receivedOn: '2026-12-31' });
  process.stdout.write(`${JSON.stringify(scores)}\n`);
  if (argv.includes('--misses')) for (const miss of misses) process.stderr.write(`${JSON.stringify(miss)}\n`);
}

main(process.argv.slice(2));
