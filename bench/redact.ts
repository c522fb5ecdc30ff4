/**
 * Redaction speed, measured where timing belongs (not in a test): short bank descriptions
 * redacted a second, against a reference pass over the same strings in the same run (one
 * regular-expression replace of every digit, the least any redaction could do). Prints one
 * JSON line.
 *
 *   npm run bench:redact
 */
import { redact } from '../lambdas/core/redact/redact';

const SAMPLES = [
  'TESCO STORES 3297 LONDON',
  'AMAZON MKTPLACE PMTS',
  'CARD PAYMENT TO SHELL 0456 ON 15.01.2023',
  'SALARY ACME LTD',
  'WALMART #1234 SPRINGFIELD',
  'POS 4111 1111 1111 1111 CAFE',
];
const COUNT = 400_000;

function perSecond(work: (text: string) => string): number {
  let length = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i += 1) length += work(SAMPLES[i % SAMPLES.length]).length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (length === 0) throw new Error('nothing was produced');
  return COUNT / seconds;
}

perSecond(redact); // warm-up: the first pass times the JIT
const reference = perSecond((text) => text.replace(/\d/g, '#'));
const redacted = perSecond(redact);
process.stderr.write(
  `redact: ${Math.round(redacted).toLocaleString('en')} descriptions/s; reference digit-mask pass: ${Math.round(reference).toLocaleString('en')}/s\n`,
);
process.stdout.write(
  `${JSON.stringify({ bench: 'redact', descriptions: COUNT, redactPerSecond: Math.round(redacted), referencePerSecond: Math.round(reference), redactVsReference: Number((redacted / reference).toFixed(3)) })}\n`,
);
