/**
 * Every tuned number of tiers 1–2 in one place, each with why it has its value. Change one
 * only with `npm run eval:categorise -- FILE --orders 5` on the three labelled histories
 * before and after: a difference smaller than the spread across orders (0.1–0.4 points) is
 * noise, not evidence. Which answerers and overrides exist at all was decided the same way
 * (`--without NAME`; the table is in the README).
 */

/** Below this calibrated confidence a tier-2 answer is unsure: shown as such, and sent to tier 3. Half: more often wrong than right. */
export const UNSURE_BELOW = 0.5;

/** A rule is the person's own word: as sure as a machine's answer gets, short of a category they set by hand (1). */
export const RULE_CONFIDENCE = 0.99;

/** What a language model's answer is worth before this person's record of it exists: a first-seen merchant is right about 6 times in 10. */
export const LLM_CONFIDENCE = 0.6;

/** How sure the memory of one exact description must be to outrank a learned merchant-wide rule (`AMZN Digital*Prime` within `amazon`). */
export const SPECIFIC_MEMORY = 0.6;

/**
 * Distinct texts, and distinct merchant-and-amount pairs, remembered at most: a model of a
 * very long history stays within a few MB (the Mint history of 20,741 rows has about 12,000).
 */
export const MAX_TEXTS_AND_AMOUNTS = 20_000;

/** How many answerers must agree before they outvote a learned rule: fewer, and two generalisers agreeing by chance overturn the person's word. */
export const UNANIMOUS_AT_LEAST = 4;

/** Below this calibrated confidence, an answer only its own answerer gives can be outweighed by others agreeing. */
export const LONE_ANSWER_UNSURE_BELOW = 0.6;
/** How many times the lone answer's confidence the agreeing answerers' must add up to: more than two weak votes, not just any two. */
export const AGREEMENT_OUTWEIGHS = 1.4;

/** Examples after which naive Bayes and the linear model are trusted half way to their own word: a generaliser of a handful of labels is sure of everything. */
export const GENERALISER_MATURITY = 30;
/** A generaliser's probability is over-sure (its features are not independent): its prior strength is this share of it. */
export const GENERALISER_STRENGTH = 0.8;

/** A memory's prior strength: half for a tie, up to 0.95 when every remembered label agrees (never 1: people change their minds). */
export const MEMORY_STRENGTH_BASE = 0.5;
export const MEMORY_STRENGTH_PER_AGREEMENT = 0.45;

/** Only the latest labels of a key matter: older ones are outvoted anyway, and the model stays small. */
export const MEMORY_KEEP_PER_KEY = 24;
/** Each older label counts this much less than the one after it: people change their minds. */
export const MEMORY_RECENCY = 0.8;
/** A factor of two in amount halves a label's weight (in log2 units): Amazon at 12.99 is a subscription, at 240 a purchase. */
export const MEMORY_AMOUNT_SCALE = 1;

/** How many observations a calibration prior is worth: three right or wrong answers move a bucket halfway off its prior. */
export const CALIBRATION_PRIOR_WEIGHT = 3;

/** Naive Bayes' additive smoothing: small, since features are many and sparse. */
export const BAYES_ALPHA = 0.1;

/** Aggressiveness of the passive-aggressive linear model: how far one example may move the weights. */
export const LINEAR_AGGRESSIVENESS = 0.5;

/** How many observations the plain meaning of a default category is worth before a person's own labels translate it. */
export const PLAIN_MEANING_WEIGHT = 2;

/** A learned amount-aware rule covers amounts within this factor of the corrected one (7.99 covers 5.32–11.99). */
export const LEARNED_RULE_AMOUNT_BAND = 1.5;

/**
 * Prior confidence of each kind of knowledge answer on a first-seen merchant; the person's
 * record of knowledge answers then replaces it. A curated pattern is right more often than a
 * brand found by its first word, which is right more often than a word naming a kind of place.
 */
export const KNOWLEDGE_PATTERN_CONFIDENCE = 0.7;
export const KNOWLEDGE_BRAND_CONFIDENCE = { brand: 0.75, 'brand-prefix': 0.6, 'brand-word': 0.45 } as const;
export const KNOWLEDGE_KIND_WORD_CONFIDENCE = 0.5;
