import { DEFAULT_CATEGORIES, type CategoryGroup, type DefaultCategory } from './taxonomy';

/**
 * Words people use for each default category in their own label sets (Mint's "Food & Dining",
 * a bank app's "Eating Out", a diary's "Food"), so shipped knowledge can answer in a person's
 * labels before they have corrected anything of that kind.
 */
const WORDS: Record<DefaultCategory, string[]> = {
  Income: ['income', 'interest', 'dividend', 'refund', 'reimbursement', 'earnings', 'inflow', 'deposits'],
  Salary: ['salary', 'paycheck', 'payroll', 'wages', 'pay', 'income'],
  Groceries: ['groceries', 'grocery', 'supermarket', 'food'],
  Dining: ['dining', 'restaurants', 'restaurant', 'eating', 'takeaway', 'takeouts', 'fast', 'food', 'coffee', 'cafe'],
  Transport: ['transport', 'transportation', 'auto', 'car', 'taxi', 'commute', 'travel'],
  Fuel: ['fuel', 'gas', 'petrol', 'auto', 'car', 'transport', 'transportation'],
  Housing: ['housing', 'rent', 'mortgage', 'home', 'household'],
  'Utilities & Bills': [
    'utilities',
    'bills',
    'utility',
    'phone',
    'internet',
    'electricity',
    'electric',
    'power',
    'insurance',
    'cellphone',
    'cell',
  ],
  Shopping: ['shopping', 'purchases', 'general', 'apparel', 'clothing', 'household'],
  Entertainment: ['entertainment', 'fun', 'leisure', 'festivals', 'culture', 'hobbies'],
  Health: ['health', 'medical', 'fitness', 'pharmacy', 'healthcare', 'doctor'],
  Travel: ['travel', 'vacation', 'holiday', 'holidays', 'trips'],
  // Where a person has no such label, streaming and memberships are most often filed as entertainment, else bills.
  Subscriptions: ['subscriptions', 'subscription', 'streaming', 'memberships', 'entertainment', 'bills'],
  Education: ['education', 'school', 'tuition', 'books', 'learning'],
  'Fees & Charges': ['fees', 'fee', 'charges', 'bank', 'interest', 'finances', 'finance', 'banking'],
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
  return labelSharingWords(WORDS[category], labels, false);
}

/** The label whose words score highest against `words` (earlier words count more); null when none shares one. */
function labelSharingWords(words: readonly string[], labels: readonly string[], preferShort: boolean): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const label of labels) {
    const tokens = label
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter(Boolean);
    let score = 0;
    for (const token of tokens) {
      const rank = words.indexOf(token);
      if (rank >= 0) score += 1 / (1 + rank);
    }
    // "Clothing" says it more plainly than "Clothing & Accessories & Gifts".
    if (preferShort) score /= Math.sqrt(tokens.length || 1);
    if (score > bestScore) [best, bestScore] = [label, score];
  }
  return best;
}

/**
 * Words people use for a finer kind of place in their own label sets ("Clothing",
 * "Coffee", "Personal Care", "Home and Garden"): shipped knowledge that knows a merchant is a
 * clothes shop answers "Clothing" to a person who has that label, and "Shopping" otherwise.
 */
const KIND_WORDS: Record<string, string[]> = {
  clothes: ['clothing', 'clothes', 'apparel', 'fashion'],
  shoes: ['shoes', 'clothing', 'apparel', 'footwear'],
  jewelry: ['jewellery', 'jewelry', 'accessories'],
  cafe: ['coffee', 'cafe', 'cafes', 'coffees'],
  restaurant: ['restaurants', 'restaurant', 'dining', 'eating'],
  fast_food: ['fast', 'takeouts', 'takeaway', 'takeaways', 'takeout'],
  pub: ['alcohol', 'drinks', 'bars', 'nightlife', 'pubs'],
  bar: ['alcohol', 'drinks', 'bars', 'nightlife', 'pubs'],
  alcohol: ['alcohol', 'liquor', 'drinks', 'wine'],
  tobacco: ['tobacco', 'smoking', 'cigarettes'],
  hairdresser: ['personal', 'care', 'beauty', 'hair', 'grooming'],
  beauty: ['personal', 'care', 'beauty', 'grooming'],
  cosmetics: ['personal', 'care', 'beauty', 'cosmetics'],
  massage: ['personal', 'care', 'beauty', 'wellness'],
  laundry: ['laundry', 'personal', 'care'],
  ice_cream: ['desserts', 'dessert', 'sweets', 'treats', 'snacks'],
  childcare: ['childcare', 'daycare', 'kids', 'children', 'baby'],
  seafood: ['groceries', 'grocery', 'food'],
  ferry: ['travel', 'transport', 'transportation'],
  dry_cleaning: ['laundry', 'clothing', 'personal', 'care'],
  pet: ['pets', 'pet', 'animals'],
  veterinary: ['pets', 'pet', 'vet', 'animals'],
  toys: ['kids', 'children', 'toys', 'baby'],
  baby_goods: ['kids', 'children', 'baby'],
  gift: ['gifts', 'gift', 'presents'],
  florist: ['gifts', 'flowers', 'gift'],
  books: ['books', 'education', 'reading'],
  stationery: ['stationery', 'office', 'books', 'education'],
  hardware: ['home', 'garden', 'hardware', 'household', 'improvement', 'diy'],
  doityourself: ['home', 'garden', 'hardware', 'household', 'improvement', 'diy'],
  garden_centre: ['garden', 'home', 'household'],
  furniture: ['furniture', 'home', 'household', 'furnishings'],
  houseware: ['home', 'household', 'furnishings'],
  paint: ['home', 'garden', 'hardware', 'improvement'],
  electronics: ['electronics', 'appliances', 'gadgets', 'tech', 'technology'],
  appliance: ['appliances', 'electronics', 'home'],
  computer: ['electronics', 'computers', 'tech', 'technology'],
  // A carrier's shop is tagged as a phone shop, but what a bank statement shows is the phone bill.
  mobile_phone: ['phone', 'mobile', 'cellphone', 'cell', 'cellular', 'telecom', 'airtime', 'data'],
  telecommunication: ['internet', 'broadband', 'phone', 'cellphone', 'cell', 'mobile', 'telecom'],
  // Power companies are filed under their plant, line or substation.
  ...Object.fromEntries(
    ['generator', 'plant', 'line', 'substation', 'catenary_mast'].map((kind) => [
      kind,
      ['electric', 'electricity', 'power', 'energy'],
    ]),
  ),
  pipeline: ['water', 'energy'],
  insurance: ['insurance', 'assurance', 'cover'],
  post_office: ['postage', 'shipping', 'post', 'services'],
  tax: ['taxes', 'tax', 'government'],
  investment: ['investments', 'investment', 'invest', 'savings'],
  interest_earned: ['interest', 'received', 'earned', 'income'],
  interest_charged: ['interest', 'repayment', 'charged', 'charges', 'fees', 'finance'],
  sports: ['sports', 'sporting', 'fitness', 'hobbies'],
  outdoor: ['sports', 'outdoor', 'hobbies'],
  cinema: ['entertainment', 'movies', 'cinema'],
  theatre: ['entertainment', 'theatre', 'arts'],
  golf_course: ['sports', 'golf', 'recreation', 'entertainment'],
  casino: ['gambling', 'betting', 'casino', 'entertainment'],
  lottery: ['gambling', 'lottery', 'betting'],
  bookmaker: ['gambling', 'betting'],
  fitness_centre: ['fitness', 'gym', 'sports', 'health'],
  sports_centre: ['fitness', 'sports', 'gym'],
  pharmacy: ['pharmacy', 'medicine', 'medical', 'health'],
  chemist: ['pharmacy', 'personal', 'care', 'health'],
  clinic: ['medical', 'doctor', 'health', 'healthcare'],
  dentist: ['dental', 'medical', 'health', 'healthcare'],
  optician: ['optical', 'medical', 'health', 'healthcare'],
  parking: ['parking', 'transport', 'car'],
  car_wash: ['car', 'auto', 'vehicle', 'transport'],
  car_repair: ['car', 'auto', 'vehicle', 'maintenance', 'service'],
  tyres: ['car', 'auto', 'vehicle', 'maintenance'],
  car_parts: ['car', 'auto', 'vehicle', 'maintenance'],
  taxi: ['taxi', 'rides', 'transport', 'transportation'],
  fuel: ['fuel', 'petrol', 'gas'],
  hotel: ['travel', 'holidays', 'hotels', 'accommodation', 'vacation', 'lodging'],
  hostel: ['travel', 'holidays', 'accommodation', 'vacation', 'lodging'],
  airline: ['travel', 'flights', 'holidays', 'airfare', 'vacation'],
  supermarket: ['groceries', 'grocery', 'supermarket', 'food'],
  convenience: ['groceries', 'grocery', 'convenience', 'food'],
  butcher: ['groceries', 'grocery', 'meat', 'food'],
  bakery: ['groceries', 'bakery', 'food'],
  deli: ['groceries', 'deli', 'food'],
  greengrocer: ['groceries', 'grocery', 'food'],
  school: ['education', 'school', 'tuition'],
  university: ['education', 'tuition', 'university'],
  tutoring: ['education', 'tuition', 'tutoring'],
};

/**
 * The person's label that plainly means a finer kind of place, or null when none does (then
 * the kind's default category decides). A label must share a word the kind is known by, and
 * the first words of the kind's list count more.
 */
export function closestLabelForKind(kind: string, labels: readonly string[]): string | null {
  const words = KIND_WORDS[kind];
  return words ? labelSharingWords(words, labels, true) : null;
}

/**
 * The 50/30/20 group of a label a person invented: the group of the default category its
 * words plainly mean ("Food & Dining" → Dining → wants), else wants.
 */
export function groupOfLabel(label: string): CategoryGroup {
  const tokens = label
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  let best: { group: CategoryGroup; score: number } = { group: 'wants', score: 0 };
  for (const category of DEFAULT_CATEGORIES) {
    if (category.name.toLowerCase() === label.toLowerCase()) return category.group;
    const words = WORDS[category.name];
    const score = tokens.reduce((sum, token) => sum + (words.includes(token) ? 1 / (1 + words.indexOf(token)) : 0), 0);
    if (score > best.score) best = { group: category.group, score };
  }
  return best.group;
}
