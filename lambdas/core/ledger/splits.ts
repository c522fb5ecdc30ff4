export interface Split {
  category: string;
  amount: number;
}

export type SplitCheck = { ok: true } | { ok: false; errors: { path: string; message: string }[] };

/**
 * A transaction split across categories must account for every unit of it: at least two
 * parts, each with a category and the transaction's sign, adding up to its amount exactly.
 */
export function validateSplits(amount: number, splits: readonly Split[]): SplitCheck {
  const errors: { path: string; message: string }[] = [];
  if (splits.length < 2) errors.push({ path: 'splits', message: 'a split needs at least two parts' });
  splits.forEach((split, index) => {
    if (split.category.trim() === '')
      errors.push({ path: `splits[${index}].category`, message: 'a category is needed' });
    if (!Number.isSafeInteger(split.amount) || split.amount === 0)
      errors.push({ path: `splits[${index}].amount`, message: 'a non-zero whole number of minor units is needed' });
    else if (Math.sign(split.amount) !== Math.sign(amount))
      errors.push({
        path: `splits[${index}].amount`,
        message: `must have the transaction's sign (${amount < 0 ? 'negative' : 'positive'})`,
      });
  });
  const total = splits.reduce((sum, split) => sum + split.amount, 0);
  if (errors.length === 0 && total !== amount) {
    errors.push({ path: 'splits', message: `the parts add up to ${total}, the transaction is ${amount}` });
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
