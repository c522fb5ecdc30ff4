/** A notification as the weekly digest reads it. */
export interface DigestItem {
  kind: string;
  title: string;
  body: string;
  createdAt: string;
}

/**
 * The weekly digest's text from the week's notifications, grouped by kind in a fixed order
 * (money at stake first); null when the week had nothing to say.
 */
export function composeDigest(
  items: readonly DigestItem[],
  weekEnding: string,
): { title: string; body: string } | null {
  if (items.length === 0) return null;
  const order = ['upcoming_bill', 'price_rise', 'anomaly', 'budget', 'goal_milestone'];
  const heading: Record<string, string> = {
    upcoming_bill: 'Bills coming up',
    price_rise: 'Prices that went up',
    anomaly: 'Unusual charges',
    budget: 'Budgets',
    goal_milestone: 'Goals',
  };
  const kinds = [...new Set(items.map((item) => item.kind))].sort((a, b) => rank(order, a) - rank(order, b));
  const sections = kinds.map((kind) => {
    const lines = items.filter((item) => item.kind === kind).map((item) => `- ${item.title}: ${item.body}`);
    return `${heading[kind] ?? kind}\n${lines.join('\n')}`;
  });
  return {
    title: `Your week in money, to ${weekEnding}: ${items.length} ${items.length === 1 ? 'thing' : 'things'} to know`,
    body: sections.join('\n\n'),
  };
}

function rank(order: readonly string[], kind: string): number {
  const index = order.indexOf(kind);
  return index < 0 ? order.length : index;
}
