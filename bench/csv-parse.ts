/**
 * Throughput of the CSV statement reader: generates a statement of N rows (default 1,000,000)
 * in memory, chunk by chunk, streams it through openCsvStatement and prints one JSON line with
 * rows/s and peak RSS. The statement is generated lazily, so the file itself is never held.
 *
 *   npx tsx bench/csv-parse.ts [rows] [--style=plain|german]
 */
import { openCsvStatement } from '../lambdas/core/statement/open-csv-statement';

const rows = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
const style = (process.argv.find((arg) => arg.startsWith('--style='))?.slice(8) ?? 'plain') as 'plain' | 'german';

const MERCHANTS = [
  'TESCO STORES 3297',
  'AMAZON MKTPLACE PMTS',
  'SHELL 1234 LONDON',
  'NETFLIX.COM',
  'SALARY ACME LTD',
  'TFL TRAVEL CH',
  'PRET A MANGER',
  'BOOTS 1123',
];

/** A statement in 64 KB chunks; ambiguous dates (day ≤ 12) come first so the reader must hold rows back until a later day reveals the order. */
async function* statement(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let balance = 1_000_000;
  let text =
    style === 'german'
      ? 'Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Betrag;Saldo;Währung\n'
      : 'Date,Description,Reference,Amount,Balance\n';
  for (let i = 0; i < rows; i++) {
    const cents = ((i * 7919) % 20000) - 15000;
    balance += cents;
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const year = 2000 + (Math.floor(i / 336) % 25);
    const merchant = MERCHANTS[i % MERCHANTS.length];
    if (style === 'german') {
      const date = `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
      text += `${date};${date};${merchant};"Kartenzahlung ${i}";${german(cents)};${german(balance)};EUR\n`;
    } else {
      const date = `${String(month).padStart(2, '0')}/${String(day).padStart(2, '0')}/${year}`;
      text += `${date},"${merchant}",REF${i},${plain(cents)},${plain(balance)}\n`;
    }
    if (text.length >= 65_536) {
      yield encoder.encode(text);
      text = '';
    }
  }
  if (text.length > 0) yield encoder.encode(text);
}

function plain(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function german(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const opened = await openCsvStatement(statement(), { defaultCurrency: style === 'german' ? 'EUR' : 'USD' });
  const counts = { transaction: 0, skipped: 0, rejected: 0 };
  let sum = 0;
  for await (const result of opened.rows) {
    counts[result.kind]++;
    if (result.kind === 'transaction') sum += result.value.amount;
    if ((counts.transaction & 0xffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(
    JSON.stringify({
      bench: 'csv-parse',
      style,
      rows,
      ...counts,
      sum,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      dateOrder: opened.format.dateOrder,
      node: process.version,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
