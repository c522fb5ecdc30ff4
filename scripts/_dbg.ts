import { readFileSync } from 'node:fs';
import { detectRecurring } from '../lambdas/core/insights/detect-recurring';
import { readHistoryCsv, lastDateOf } from '../scripts/read-history-csv';
const [file, labelsFile, pattern] = process.argv.slice(2);
const rows = readHistoryCsv(file);
const labels = JSON.parse(readFileSync(labelsFile, 'utf8'));
const predicted = detectRecurring(rows, { asOf: lastDateOf(rows) });
for (const label of labels.series) {
  if (!new RegExp(pattern, 'i').test(label.name)) continue;
  const set = new Set(label.rows.map(String));
  console.log(`== ${label.name} ${label.cadence} ${label.rows.length}`);
  for (const s of predicted) {
    const hit = s.transactionIds.filter((id) => set.has(id)).length;
    if (hit) console.log(`   ${s.name} ${s.cadence} rows=${s.transactionIds.length} hit=${hit} ${s.firstDate}..${s.lastDate}`);
  }
  const covered = new Set(predicted.flatMap((s) => s.transactionIds));
  const gaps = label.rows.filter((r: number) => !covered.has(String(r))).slice(0, 12).map((r: number) => { const x = rows[r - 1]; return `${x.date} ${x.amount} ${x.description.slice(0, 25)}`; });
  console.log('   uncovered:', gaps.join(' ; '));
}
