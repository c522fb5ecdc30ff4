import { parseSmsAlert } from '../../../lambdas/core/sms/parse-sms';

/**
 * Alerts written in the shapes banks send, but not taken from the corpus: they check that the
 * patterns are general, not fitted to the fixture file.
 */
describe('parseSmsAlert', () => {
  it.each([
    [
      'an Indian UPI debit to a VPA',
      'Rs.500.00 debited from a/c **1234 on 05-01-24 to VPA swiggy@icici (UPI Ref No 401234567890). Not you? Call 18002586161',
      {
        amount: -50000,
        currency: 'INR',
        date: '2024-01-05',
        accountLast4: '1234',
        merchant: 'swiggy@icici',
        reference: '401234567890',
      },
    ],
    [
      'a US card alert with the month first',
      'You made a $42.10 transaction with STARBUCKS STORE 1234 on Jan 5, 2024 at 8:14 AM ET.',
      { amount: -4210, currency: 'USD', date: '2024-01-05', merchant: 'STARBUCKS STORE 1234' },
    ],
    [
      'an M-PESA payment with its balance and code',
      'SAB1CD2EF3 Confirmed. Ksh1,250.00 paid to NAIVAS SUPERMARKET. on 6/2/24 at 7:45 PM.New M-PESA balance is Ksh3,410.50. Transaction cost, Ksh0.00.',
      {
        amount: -125000,
        currency: 'KES',
        date: '2024-02-06',
        merchant: 'NAIVAS SUPERMARKET',
        balance: 341050,
        reference: 'SAB1CD2EF3',
      },
    ],
    [
      'a German direct debit with a decimal comma',
      'Betrag 45,90 EUR wurde von Ihrem Konto *4321 am 03.02.2024 abgebucht (Lastschrift REWE Markt)',
      { amount: -4590, currency: 'EUR', date: '2024-02-03', accountLast4: '4321' },
    ],
    [
      'a refund as money in',
      'Refund of Rs 349.00 from MYNTRA has been credited to your a/c XX9876 on 10-03-24.',
      { amount: 34900, currency: 'INR', date: '2024-03-10', accountLast4: '9876', merchant: 'MYNTRA' },
    ],
    [
      'a UAE ATM withdrawal with the balance',
      'AED 500.00 withdrawn from acc. XXX123456 on Mar 3 2024 10:12AM at ATM-MALL. Avl.Bal.AED 2,345.67.',
      { amount: -50000, currency: 'AED', date: '2024-03-03', accountLast4: '3456', balance: 234567 },
    ],
    [
      'a Nigerian key-value alert with DR after the amount',
      'Acct:123****789\nAmt:NGN5,000.00 DR\nDesc:POS PURCHASE SHOPRITE\nDate:12/03/2024\nBal:NGN45,000.00',
      { amount: -500000, currency: 'NGN', date: '2024-03-12', accountLast4: '789', balance: 4500000 },
    ],
    [
      'three-decimal dinars',
      'JOD 12.500 has been debited from your account 0156*789 on 01-04-2024',
      { amount: -12500, currency: 'JOD', date: '2024-04-01', accountLast4: '789' },
    ],
    [
      'a salary credit in Indian lakh grouping',
      'Your A/c XX4455 is credited with INR 1,25,000.00 on 31-01-2024 by NEFT from ACME CORP. Avl Bal INR 2,10,500.50',
      { amount: 12500000, currency: 'INR', date: '2024-01-31', accountLast4: '4455', balance: 21050050 },
    ],
  ])('reads %s', (_, text, expected) => {
    const result = parseSmsAlert(text);
    expect(result).toEqual({ ok: true, value: expect.objectContaining(expected) });
  });

  it.each([
    [
      'an OTP that names an amount and a merchant',
      '123456 is the OTP for your transaction of INR 2,500.00 at FLIPKART on card ending 1234. Valid for 10 mins. Do not share it.',
      /one-time password/,
    ],
    [
      'a pre-approved loan offer',
      'Congratulations! You are pre-approved for a Personal Loan of Rs 5,00,000. Apply now: http://bit.ly/x',
      /promotion|offer/,
    ],
    [
      'a bill reminder',
      'Your Credit Card bill of Rs 12,345.00 is due on 15-03-2024. Pay now to avoid late fee.',
      /reminder/,
    ],
    [
      'a declined payment',
      'Your transaction of USD 25.00 at NETFLIX.COM was declined due to insufficient balance.',
      /declined/,
    ],
    ['a balance enquiry', 'The available balance in your A/c XX1234 is INR 45,000.00 as on 01-03-2024.', /balance/],
    ['a future debit', 'Rs 649.00 will be debited from your a/c XX1234 on 03-10-24 for NETFLIX autopay.', /future/],
    ['an empty message', '   ', /empty/],
  ])('rejects %s with a reason', (_, text, reason) => {
    const result = parseSmsAlert(text, { receivedOn: '2024-05-06' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('dates a message that states no date on the day it was received', () => {
    const result = parseSmsAlert('Rs 250 credited to your A/c XX1111 by UPI. Avl Bal Rs 1,000.00', {
      receivedOn: '2024-05-06',
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ date: '2024-05-06', amount: 25000, balance: 100000 }),
    });
  });

  it('refuses a message with no date when the day it arrived is unknown', () => {
    const result = parseSmsAlert('Rs 250 credited to your A/c XX1111 by UPI.');
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/no date/) });
  });

  it('gives a date without a year the year that puts it before the day received', () => {
    const result = parseSmsAlert('INR 100.00 debited from A/c XX2222 on 27NOV. Bal INR 50.00', {
      receivedOn: '2024-01-10',
    });
    expect(result.ok && result.value.date).toBe('2023-11-27');
  });

  it('reads an amount printed with no currency in the account currency, when that is known', () => {
    const text = 'Dear UPI user A/C X5678 debited by 250.0 on date 12Jan24 trf to ZOMATO LTD Refno 401212345678.';
    expect(parseSmsAlert(text).ok).toBe(false);
    expect(parseSmsAlert(text, { defaultCurrency: 'INR' })).toEqual({
      ok: true,
      value: expect.objectContaining({ amount: -25000, currency: 'INR', date: '2024-01-12', accountLast4: '5678' }),
    });
  });

  it('reads a bare $ as the account currency when that is a dollar currency', () => {
    const result = parseSmsAlert('A $25.00 purchase was made at TIM HORTONS on your card ending 4321 on 02/14/2024.', {
      defaultCurrency: 'CAD',
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ amount: -2500, currency: 'CAD', date: '2024-02-14', accountLast4: '4321' }),
    });
  });

  it('keeps a credit-card payment received as money in to the card', () => {
    const result = parseSmsAlert(
      'Payment of Rs 5,000.00 has been received on your Credit Card XX7788 on 02-02-2024. Thank you.',
    );
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ amount: 500000, accountLast4: '7788' }) });
  });

  it('takes the account, not the card, when an alert shows both', () => {
    const result = parseSmsAlert('Rs 1,200.00 debited from A/c XX3344 using Debit Card XX9911 at DMART on 04-04-2024.');
    expect(result.ok && result.value.accountLast4).toBe('3344');
  });
});
