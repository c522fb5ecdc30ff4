import { DEFAULT_CATEGORIES, type CategoryGroup, type DefaultCategory } from './taxonomy';

/**
 * Words people use for each default category in their own label sets (Mint's "Food & Dining",
 * a bank app's "Eating Out", a diary's "Food"), so shipped knowledge can answer in a person's
 * labels before they have corrected anything of that kind.
 */
const WORDS: Record<DefaultCategory, string[]> = {
  Income: ['income', 'interest', 'dividend', 'refund', 'reimbursement', 'earnings'],
  Salary: ['salary', 'paycheck', 'payroll', 'wages', 'pay', 'income'],
  Groceries: ['groceries', 'grocery', 'supermarket', 'food'],
  Dining: ['dining', 'restaurants', 'restaurant', 'eating', 'takeaway', 'takeouts', 'fast', 'food', 'coffee', 'cafe'],
  Transport: ['transport', 'transportation', 'auto', 'car', 'taxi', 'commute', 'travel'],
  Fuel: ['fuel', 'gas', 'petrol', 'auto', 'car', 'transport', 'transportation'],
  Housing: ['housing', 'rent', 'mortgage', 'home', 'household'],
  'Utilities & Bills': ['utilities', 'bills', 'utility', 'phone', 'internet', 'electricity', 'insurance'],
  Shopping: ['shopping', 'purchases', 'general', 'apparel', 'clothing', 'household'],
  Entertainment: ['entertainment', 'fun', 'leisure', 'festivals', 'culture', 'hobbies'],
  Health: ['health', 'medical', 'fitness', 'pharmacy', 'healthcare', 'doctor'],
  Travel: ['travel', 'vacation', 'holiday', 'holidays', 'trips'],
  Subscriptions: ['subscriptions', 'subscription', 'streaming', 'memberships'],
  Education: ['education', 'school', 'tuition', 'books', 'learning'],
  'Fees & Charges': ['fees', 'fee', 'charges', 'bank', 'interest'],
  Cash: ['cash', 'atm', 'withdrawal', 'checks'],
  Transfers: ['transfer', 'transfers', 'payment', 'savings', 'investment'],
  Other: ['other', 'misc', 'miscellaneous', 'uncategorized', 'uncategorised', 'general'],
};

/**
 * The person's label that most plainly means a default category: the same name, else the
 * label sharing the most of its words (earlier words count more), else none.
 */
export function closestLabel(category: DefaultCategory, labels: readonly string[]): string | null {
  if (labels.includes(category)) return category;
  const words = WORDS[category];
  let best: string | null = null;
  let bestScore = 0;
  for (const label of labels) {
    const tokens = label.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
    let score = 0;
    for (const token of tokens) {
      const rank = words.indexOf(token);
      if (rank >= 0) score += 1 / (1 + rank);
    }
    if (score > bestScore) [best, bestScore] = [label, score];
  }
  return best;
}

/**
 * The 50/30/20 group of a label a person invented: the group of the default category its
 * words plainly mean ("Food & Dining" → Dining → wants), else wants.
 */
export function groupOfLabel(label: string): CategoryGroup {
  const tokens = label.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  let best: { group: CategoryGroup; score: number } = { group: 'wants', score: 0 };
  for (const category of DEFAULT_CATEGORIES) {
    if (category.name.toLowerCase() === label.toLowerCase()) return category.group;
    const words = WORDS[category.name];
    const score = tokens.reduce((sum, token) => sum + (words.includes(token) ? 1 / (1 + words.indexOf(token)) : 0), 0);
    if (score > best.score) best = { group: category.group, score };
  }
  return best.group;
}
