/**
 * The metric names the functions emit and the alarms read: defined once here, imported by the
 * Lambdas (Powertools Metrics) and by the CDK (alarms). They are published in core's
 * METRICS_NAMESPACE, each with Powertools' `service` dimension (the function's service name).
 */
export const MetricNames = {
  /** Transactions a statement import wrote (duplicates and rejected rows not counted). */
  rowsImported: 'RowsImported',
  /** Milliseconds from an upload's S3 event to its rows stored. */
  importLatency: 'ImportLatency',
  /** Statements whose import failed (unreadable file, over the limits). */
  importsFailed: 'ImportsFailed',
  /** Transactions given a category, with a `source` dimension (rule, model, llm…). */
  categorised: 'TransactionsCategorised',
  /** Milliseconds to categorise one queue message (up to 200 transactions). */
  categorisationLatency: 'CategorisationLatency',
  /** Calls made to the language model (tier 3). */
  languageModelCalls: 'LanguageModelCalls',
  /** Batches where the configured language model could not be reached: tier-2 answers stood. */
  languageModelOutages: 'LanguageModelOutages',
  /** Queue records that failed and go back to the queue (then to its dead-letter queue). */
  failedRecords: 'FailedQueueRecords',
  /** API answers with a 5xx status. */
  apiServerErrors: 'ApiServerErrors',
  /** Coach answers given, with a `source` dimension (model, cache, deterministic). */
  coachAnswers: 'CoachAnswers',
  /** Language-model tokens one coach answer used (input and output together). */
  coachTokens: 'CoachTokens',
  /** What one coach answer cost, in millionths of a US dollar (the daily-spend alarm sums it). */
  coachCostMicroUsd: 'CoachCostMicroUsd',
  /** Numbers a coach answer stated that no tool result of its turn confirmed, withheld from the person. */
  coachWithheldNumbers: 'CoachWithheldNumbers',
} as const;

/** The `source` dimension of `categorised`. */
export const CATEGORY_SOURCE_DIMENSION = 'source';
