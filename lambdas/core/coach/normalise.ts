/**
 * A question as the cache keys it: the same question asked with other capitals, spacing or
 * punctuation, or with a polite word more or less, is one question. Figures and their marks stay
 * (1,200 and 1.200 are different questions to different people).
 */
const FILLER = new Set([
  'please',
  'pls',
  'hey',
  'hi',
  'hello',
  'coach',
  'thanks',
  'thank',
  'you',
  'could',
  'can',
  'would',
  'just',
  'tell',
  'me',
]);

export function normaliseQuestion(question: string | undefined | null): string {
  if (!question) return '';
  const words = question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}.,%£$€₹¥\s-]+/gu, ' ')
    .replace(/(?<!\d)[.,]|[.,](?!\d)/g, ' ')
    .split(/\s+/)
    .filter((word) => word && !FILLER.has(word));
  return words.join(' ');
}
