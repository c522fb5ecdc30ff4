import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareRows } from '../../../lambdas/core/import/prepare-rows';
import { redact } from '../../../lambdas/core/redact/redact';
import { openCsvStatement } from '../../../lambdas/core/statement/open-csv-statement';

async function* bytesOf(text: string | Buffer): AsyncGenerator<Uint8Array> {
  yield typeof text === 'string' ? new TextEncoder().encode(text) : text;
}

/** The column the plan reads each row's account from (its header), and the names the rows carry. */
async function accountColumnOf(text: string | Buffer) {
  const opened = await openCsvStatement(bytesOf(text), { defaultCurrency: 'USD' });
  const names: (string | null)[] = [];
  for await (const result of opened.rows) if (result.kind === 'transaction') names.push(result.value.account ?? null);
  const column = opened.format.columns?.find((c) => c.role === 'account') ?? null;
  return { header: column?.header ?? null, names };
}

describe("the plan's account column", () => {
  it("reads each row's account from Mint's 'Account Name'", async () => {
    const mint = readFileSync(join(__dirname, '../../fixtures/layouts/us-mint-export.csv'));
    const { header, names } = await accountColumnOf(mint);
    expect(header).toBe('Account Name');
    expect(names).toHaveLength(29);
    expect(new Set(names)).toEqual(new Set(['Check ONE', 'Platinum Card®', 'Blue Business Cash(TM)', 'Amazon']));
  });

  it("takes no account from a column repeating one account's number, nor from a column of card numbers", async () => {
    const constant = [
      'Date,Account,Description,Amount',
      '2024-03-01,12345678,SALARY,2500.00',
      '2024-03-02,12345678,GROCER,-54.20',
      '2024-03-03,12345678,POWER,-80.00',
    ].join('\n');
    expect(await accountColumnOf(constant)).toEqual({ header: null, names: [null, null, null] });
    const cardNumbers = [
      'Date,Card No.,Description,Amount',
      '2024-03-01,XXXX1234,COFFEE,-3.20',
      '2024-03-02,XXXX5678,GROCER,-54.20',
      '2024-03-03,XXXX1234,BOOKS,-12.00',
    ].join('\n');
    expect((await accountColumnOf(cardNumbers)).header).toBeNull();
  });

  it("does not split one card account by the names of its card members (Amex's 'Card Member')", async () => {
    const amex = [
      'Date,Description,Card Member,Account #,Amount',
      '03/01/2024,COFFEE SHOP,JANE DOE,-71004,3.20',
      '03/02/2024,GROCERY STORE,JOHN DOE,-71004,54.20',
      '03/03/2024,BOOK SHOP,JANE DOE,-71004,12.00',
    ].join('\n');
    expect((await accountColumnOf(amex)).header).toBeNull();
  });

  it('takes none from a column naming the same account on every row', async () => {
    const one = [
      'Date,Account Name,Description,Amount',
      '2024-03-01,Everyday Checking,SALARY,2500.00',
      '2024-03-02,Everyday Checking,GROCER,-54.20',
    ].join('\n');
    expect((await accountColumnOf(one)).header).toBeNull();
  });

  it('redacts a card or account number inside an account name before the account is asked for', async () => {
    const text = [
      'Date,Description,Amount,Account Name',
      '2024-03-01,COFFEE,-3.20,Visa 4111111111111111',
      '2024-03-02,SALARY,2500.00,Everyday Checking',
      '2024-03-03,BOOKS,-12.00,Visa 4111111111111111',
      ...Array.from(
        { length: 8 },
        (_, day) => `2024-03-${String(day + 4).padStart(2, '0')},GROCER,-20.00,Everyday Checking`,
      ),
      // An aggregator that names an account by its bare number (the Mint export has "11663499"):
      // a number no redaction rule for descriptions catches, kept to its last four like any other.
      '2024-03-12,INTEREST,1.20,11663499',
    ].join('\n');
    const opened = await openCsvStatement(bytesOf(text), { defaultCurrency: 'USD' });
    const asked: string[] = [];
    const events = prepareRows(opened.rows, {
      userId: 'u',
      uploadId: 'up',
      currency: 'USD',
      redact,
      batchSize: 100,
      maxRows: 100,
      accountIn: (currency, accountName) => {
        asked.push(`${accountName} in ${currency}`);
        return { accountId: accountName ?? 'statement', currency, reason: 'test' };
      },
    });
    const accountIds: string[] = [];
    for await (const event of events) if (event.kind === 'batch') accountIds.push(...event.columns.accountIds);
    expect(asked).toEqual(['Visa ••1111 in USD', 'Everyday Checking in USD', '••3499 in USD']);
    expect(accountIds).toEqual([
      'Visa ••1111',
      'Everyday Checking',
      'Visa ••1111',
      ...Array(8).fill('Everyday Checking'),
      '••3499',
    ]);
  });
});
