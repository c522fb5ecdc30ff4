import { money } from '../format';

/** An amount with its currency, coloured by direction, never a bare number. */
export function Money({ amount, currency, compact }: { amount: number; currency: string; compact?: boolean }) {
  return (
    <span class={amount < 0 ? 'money out' : amount > 0 ? 'money in' : 'money'}>
      {money(amount, currency, { compact })}
    </span>
  );
}
