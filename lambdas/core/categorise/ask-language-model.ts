import { z } from 'zod';
import type { LanguageModel } from '../../ports/language-model';

/** Tier 3 asks about at most this many merchants per call: one call per upload batch, not per row. */
export const MERCHANTS_PER_CALL = 50;

export interface MerchantQuestion {
  merchant: string;
  /** One redacted description of the merchant, as an example. */
  example: string;
  /** Money in or out. */
  direction: 'in' | 'out';
}

const answerSchema = z.object({
  answers: z.array(z.object({ merchant: z.string(), category: z.string() })),
});

/**
 * Asks the chat model to put each merchant in one of the person's labels. Only merchant
 * keys and redacted descriptions leave; an answer outside the labels, or for a merchant not
 * asked about, is dropped rather than trusted.
 */
export async function askLanguageModel(
  model: LanguageModel,
  questions: readonly MerchantQuestion[],
  labels: readonly string[],
  onCall: () => void = () => {},
): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  const allowed = new Map(labels.map((label) => [label.toLowerCase(), label]));
  for (let start = 0; start < questions.length; start += MERCHANTS_PER_CALL) {
    const chunk = questions.slice(start, start + MERCHANTS_PER_CALL);
    onCall();
    const response = await model.converse({
      system:
        'You categorise bank transactions for a personal-finance app. Answer with JSON only: ' +
        '{"answers":[{"merchant":"<merchant as given>","category":"<one of the categories>"}]}. ' +
        `Use exactly one of these categories for each merchant: ${labels.map((label) => JSON.stringify(label)).join(', ')}.`,
      messages: [
        {
          role: 'user',
          text: JSON.stringify(
            chunk.map((q) => ({ merchant: q.merchant, example: q.example, direction: q.direction })),
          ),
        },
      ],
      maxTokens: 60 * chunk.length + 100,
      temperature: 0,
    });
    const parsed = answerSchema.safeParse(parseJsonObject(response.text));
    if (!parsed.success) continue;
    const asked = new Set(chunk.map((q) => q.merchant));
    for (const answer of parsed.data.answers) {
      const label = allowed.get(answer.category.trim().toLowerCase());
      if (label && asked.has(answer.merchant)) answers.set(answer.merchant, label);
    }
  }
  return answers;
}

/** Models sometimes wrap JSON in prose or a code fence: take the outermost object. */
function parseJsonObject(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
}
