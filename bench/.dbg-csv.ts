import { readFileSync } from 'node:fs';
import { openCsvStatement } from '../lambdas/core/statement/open-csv-statement';
async function* one(b: Uint8Array) { yield b; }
(async () => {
  for (const f of process.argv.slice(2)) {
    const o = await openCsvStatement(one(readFileSync(f)), { defaultCurrency: process.env.CUR });
    console.log(JSON.stringify(o.format, null, 1));
    for await (const r of o.rows) console.log(JSON.stringify(r));
  }
})().catch(e => { console.error(e); process.exit(1); });
