import { openSmsStatement } from '../../../lambdas/core/sms/open-sms-statement';
import { NotAStatementError, type RowResult } from '../../../lambdas/core/statement/types';

async function* bytesOf(text: string, chunkSize = 64): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

async function collect(rows: AsyncIterable<RowResult>): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('openSmsStatement', () => {
  it('reads one alert a line and skips, with a reason, what is not a transaction', async () => {
    const file = [
      'Rs.500.00 debited from a/c **1234 on 05-01-24 to VPA swiggy@icici (UPI Ref No 401234567890).',
      '123456 is the OTP for your transaction of INR 2,500.00 at FLIPKART. Do not share it.',
      'Rs 250.00 credited to your A/c XX1234 on 06-01-24 by NEFT from ACME CORP. Avl Bal Rs 1,000.00',
    ].join('\n');

    const opened = await openSmsStatement(bytesOf(file));
    const rows = await collect(opened.rows);

    expect(opened.format).toEqual(expect.objectContaining({ kind: 'sms', currency: 'INR', accountLast4: '1234' }));
    expect(rows).toEqual([
      {
        kind: 'transaction',
        value: expect.objectContaining({
          row: 1,
          date: '2024-01-05',
          amount: -50000,
          currency: 'INR',
          description: 'swiggy@icici',
        }),
      },
      { kind: 'skipped', row: 2, reason: expect.stringMatching(/one-time password/) },
      {
        kind: 'transaction',
        value: expect.objectContaining({ row: 3, date: '2024-01-06', amount: 25000, balance: 100000 }),
      },
    ]);
  });

  it('keeps multi-line alerts whole when messages are separated by blank lines', async () => {
    const file = [
      'Debit Card Purchase',
      'Card Ending: 1111',
      'At: talabat.com, DUBAI',
      'Amount: AED 12.34',
      'Date: 21/12/2024 20:18',
      '',
      'Salary Deposited Account: 123XXX12XXX12 Amount: AED 9,000.00 Date: 25/12/2024 22:44',
    ].join('\r\n');

    const rows = await collect((await openSmsStatement(bytesOf(file))).rows);

    expect(rows).toEqual([
      {
        kind: 'transaction',
        value: expect.objectContaining({
          row: 1,
          date: '2024-12-21',
          amount: -1234,
          currency: 'AED',
          description: 'talabat.com, DUBAI',
        }),
      },
      { kind: 'transaction', value: expect.objectContaining({ row: 7, date: '2024-12-25', amount: 900000 }) },
    ]);
  });

  it('reads JSON lines and dates an undated alert on the day the phone received it', async () => {
    const file = [
      JSON.stringify({ text: 'Rs 250 credited to your A/c XX1111 by UPI.', receivedOn: '2024-05-06' }),
      JSON.stringify({ text: 'Rs 99 debited from A/c XX1111 for MOBILE RECHARGE.', date: '2024-05-07T10:00:00Z' }),
    ].join('\n');

    const rows = await collect((await openSmsStatement(bytesOf(file))).rows);

    expect(rows.map((r) => (r.kind === 'transaction' ? [r.value.date, r.value.amount] : r.kind))).toEqual([
      ['2024-05-06', 25000],
      ['2024-05-07', -9900],
    ]);
  });

  it('keeps no running balance that is in another currency than the row', async () => {
    const file =
      'Purchase of USD 75.00 with Debit Card ending 4878 at AMAZON.COM on 01-02-2024. Avl Balance is AED 4,100.00.';
    const rows = await collect((await openSmsStatement(bytesOf(file))).rows);
    expect(rows).toEqual([
      { kind: 'transaction', value: expect.objectContaining({ currency: 'USD', amount: -7500, balance: null }) },
    ]);
  });

  it('refuses a file in which nothing looks like a bank alert', async () => {
    const file = 'Dear diary,\nToday I went to the market and bought apples.\nSee you tomorrow!';
    await expect(openSmsStatement(bytesOf(file))).rejects.toBeInstanceOf(NotAStatementError);
  });

  it('opens a file of only non-transactions and skips every message', async () => {
    const file =
      'Your Credit Card bill of Rs 12,345.00 is due on 15-03-2024. Pay now.\nYour available balance for a/c XX1234 is INR 45,000.00.';
    const rows = await collect((await openSmsStatement(bytesOf(file))).rows);
    expect(rows.map((r) => r.kind)).toEqual(['skipped', 'skipped']);
  });
});
