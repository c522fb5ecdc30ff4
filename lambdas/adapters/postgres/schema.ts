import { sql, type ColumnType, type Generated, type Kysely, type RawBuilder } from 'kysely';
import type { CategoryGroup } from '../../core/categorise/taxonomy';
import type { AccountKind } from '../../core/ledger/net-worth';

/**
 * The tables as Kysely sees them. bigint columns are read as JavaScript numbers (both
 * drivers are configured so; values stay below 2^53) and dates as 'YYYY-MM-DD' strings.
 * Timestamps may come back as Date (postgres.js) or string (Data API): read them with
 * `toIsoTimestamp`.
 */
// Insertable as undefined: every timestamp column either has a default or is nullable.
type Timestamp = ColumnType<Date | string, Date | string | undefined, Date | string>;
type JsonInput = RawBuilder<unknown>;
/** jsonb: written with `jsonb(value)`, read with `fromJson(value)` (see below). */
type Json<T> = ColumnType<T | string, JsonInput, JsonInput>;

export interface UsersTable {
  id: string;
  email: string | null;
  created_at: Timestamp;
  country: string | null;
  currency: string | null;
  locale: string | null;
  conventions_source: 'said' | 'cognito' | 'learned' | null;
  /** Migration 400: { [kind]: { inApp, email } }; absent kinds are on. */
  notification_preferences: ColumnType<
    Record<string, { inApp?: boolean; email?: boolean }> | string,
    JsonInput | undefined,
    JsonInput
  >;
  /** opted in to anonymous peer comparison (migration 201) */
  peer_comparison: Generated<boolean>;
  /** Migration 1002: when the person's transactions last changed, kept by triggers; null before any. */
  ledger_changed_at: Timestamp | null;
}

export interface AccountsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  kind: AccountKind;
  currency: string;
  institution: string | null;
  last4: string | null;
  opening_balance: Generated<number>;
  opening_date: string | null;
  stated_balance: number | null;
  stated_balance_date: string | null;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  institution_country: string | null;
  bank_code: string | null;
}

export interface UploadsTable {
  id: string;
  user_id: string;
  account_id: string | null;
  account_reason: string | null;
  filename: string;
  kind: string | null;
  object_key: string | null;
  status: Generated<'received' | 'parsing' | 'categorising' | 'complete' | 'failed'>;
  rows_read: Generated<number>;
  imported: Generated<number>;
  duplicates: Generated<number>;
  rejected: Generated<number>;
  errors: ColumnType<{ row: number; reason: string }[] | string, JsonInput | undefined, JsonInput>;
  warnings: ColumnType<{ row?: number; message: string }[] | string, JsonInput | undefined, JsonInput>;
  format: Json<Record<string, unknown>> | null;
  mapping: Json<Record<string, unknown>> | null;
  failure_reason: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  /** times a sweeper read it again after its parser died */
  resumes: Generated<number>;
  /** Live rows still waiting for a category, kept by triggers (migration 1000_upload_progress.sql). */
  undecided: Generated<number>;
}

export interface TransactionsTable {
  id: Generated<string>;
  user_id: string;
  account_id: string;
  upload_id: string | null;
  date: string;
  amount: number;
  currency: string;
  description: string;
  merchant: string | null;
  category: string | null;
  category_source: 'rule' | 'model' | 'llm' | 'manual' | null;
  confidence: number | null;
  decided_by: string | null;
  balance: number | null;
  fingerprint: string;
  transfer_id: string | null;
  transfer_locked: Generated<boolean>;
  transfer_status: 'linked' | 'other-side-missing' | null;
  notes: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  splits: Json<{ category: string; amount: number }[]> | null;
  deleted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CategoriesTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  group: CategoryGroup;
  is_default: Generated<boolean>;
  retired: Generated<boolean>;
  merged_into: string | null;
  created_at: Timestamp;
}

export interface RulesTable {
  id: Generated<string>;
  user_id: string;
  priority: Generated<number>;
  match_kind: 'merchant' | 'contains' | 'regex';
  pattern: string;
  amount_min: number | null;
  amount_max: number | null;
  sign: -1 | 1 | null;
  account_id: string | null;
  category: string;
  source: Generated<'manual' | 'learned'>;
  created_from_correction: string | null;
  created_at: Timestamp;
}

export interface ColumnMappingsTable {
  user_id: string;
  header_signature: string;
  mapping: Json<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface ForecastsTable {
  user_id: string;
  computed_at: Timestamp;
  months: number;
  model: string;
  result: Json<Record<string, unknown>>;
  as_of_month: string | null;
}

export interface ForecastSeriesTable {
  user_id: string;
  currency: string;
  series_key: string;
  computed_at: Timestamp;
  as_of_month: string;
  model: string | null;
  reason: string | null;
  history_months: number;
  history: Json<{ month: string; amount: number }[]>;
  points: Json<
    { month: string; expected: number; lower80: number; upper80: number; lower95: number; upper95: number }[]
  >;
  spread: Json<number[]>;
}

export interface CorrectionsTable {
  id: Generated<string>;
  user_id: string;
  transaction_id: string | null;
  merchant: string;
  description: string;
  amount: number;
  date: string;
  account_id: string | null;
  previous_category: string | null;
  category: string;
  kind: 'correction' | 'confirmation';
  forgotten: Generated<boolean>;
  created_at: Timestamp;
}

export interface CategorisationModelsTable {
  user_id: string;
  examples: number;
  parts: number;
  updated_at: Timestamp;
}

export interface CategorisationModelPartsTable {
  user_id: string;
  part: number;
  /** base64 of a slice of the gzipped model JSON. */
  data: string;
}

export interface MerchantAnswersTable {
  user_id: string;
  merchant: string;
  category: string;
  model_id: string;
  created_at: Timestamp;
}

export interface DontLearnMerchantsTable {
  user_id: string;
  merchant: string;
  created_at: Timestamp;
}

/** The outbox: see migrations/150_notifications.sql. */
export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  dedupe_key: string;
  title: string;
  body: string;
  data: ColumnType<Record<string, unknown> | string, JsonInput | undefined, JsonInput>;
  created_at: Timestamp;
  read_at: Timestamp | null;
  emailed_at: Timestamp | null;
}

/** Insights: see migrations/400_insights.sql. */
export interface RecurringSeriesTable {
  id: Generated<string>;
  user_id: string;
  merchant: string;
  name: string;
  kind: string;
  cadence: string;
  currency: string;
  direction: 'in' | 'out';
  amount: number;
  amount_min: number;
  amount_max: number;
  fixed_amount: boolean;
  occurrences: number;
  transaction_ids: Json<string[]>;
  first_date: string;
  last_date: string;
  next_expected: string;
  next_amount: number;
  price_change: ColumnType<
    { from: number; to: number; date: string } | string | null,
    JsonInput | null,
    JsonInput | null
  >;
  status: 'active' | 'stopped';
  yearly_total: number;
  /** Migration 1003: the words of its text that name its cadence, when they made the series. */
  cadence_named: string | null;
  custom_name: string | null;
  custom_kind: string | null;
  confirmed_at: Timestamp | null;
  dismissed_at: Timestamp | null;
  detected: Generated<boolean>;
  computed_at: Timestamp;
}

export interface AnomaliesTable {
  id: Generated<string>;
  user_id: string;
  event_key: string;
  transaction_id: string | null;
  date: string;
  merchant: string;
  amount: number;
  currency: string;
  kind: string;
  reason: string;
  score: number;
  dismissed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface InsightSnapshotsTable {
  user_id: string;
  computed_at: Timestamp;
  as_of: string | null;
  transactions_read: number;
  habits: Json<unknown>;
  nudges: Json<unknown>;
}

export interface EmailSuppressionsTable {
  email: string;
  reason: 'bounce' | 'complaint' | 'unsubscribe';
  created_at: Timestamp;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

/** Maintained by triggers on transactions (migration 200); read only. */
export interface MonthlyAggregatesTable {
  user_id: string;
  /** first day of the month, YYYY-MM-01 */
  month: string;
  account_id: string;
  /** '' for uncategorised */
  category: string;
  currency: string;
  transfer: boolean;
  spent: number;
  received: number;
  count: number;
}

export interface BudgetsTable {
  user_id: string;
  /** a category name, or a 50/30/20 group as `group:needs` */
  category: string;
  monthly_limit: number;
  currency: string;
  rollover: boolean;
  /** the last state told to the person, per month: `YYYY-MM:ok|warning|over` */
  last_state: string | null;
  created_at: Timestamp;
}

export interface GoalsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  target_amount: number;
  currency: string;
  current_saved: number;
  account_id: string | null;
  target_date: string | null;
  created_at: Timestamp;
}

export interface SpendingProfilesTable {
  user_id: string;
  /** YYYY-MM the profile was worked out for */
  month: string;
  profile: Json<unknown>;
  computed_at: Timestamp;
}

export interface PeerProfilesTable {
  user_id: string;
  currency: string;
  country: string | null;
  months: number;
  income: number;
  spending: number;
  category_spending: Json<Record<string, number>>;
  updated_at: Timestamp;
}

/** Migration 700: a person's coach conversations (their last 20 turns). */
export interface CoachTurnsTable {
  id: Generated<string>;
  user_id: string;
  conversation_id: string;
  question: string;
  answer: string;
  details: Json<unknown>;
  created_at: Timestamp;
}

/** Migration 700: coach answers per normalised question, valid while the figures version holds. */
export interface CoachAnswerCacheTable {
  user_id: string;
  question_key: string;
  figures_version: string;
  answer: Json<unknown>;
  created_at: Timestamp;
}

export interface ExportJobsTable {
  id: Generated<string>;
  user_id: string;
  status: Generated<'pending' | 'running' | 'ready' | 'failed'>;
  requested_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  object_key: string | null;
  bytes: number | null;
  counts: Json<Record<string, number>> | null;
  failure_reason: string | null;
}

export interface Database {
  coach_turns: CoachTurnsTable;
  coach_answer_cache: CoachAnswerCacheTable;
  export_jobs: ExportJobsTable;
  peer_profiles: PeerProfilesTable;
  spending_profiles: SpendingProfilesTable;
  monthly_aggregates: MonthlyAggregatesTable;
  budgets: BudgetsTable;
  goals: GoalsTable;
  users: UsersTable;
  accounts: AccountsTable;
  uploads: UploadsTable;
  transactions: TransactionsTable;
  categories: CategoriesTable;
  rules: RulesTable;
  column_mappings: ColumnMappingsTable;
  forecasts: ForecastsTable;
  forecast_series: ForecastSeriesTable;
  corrections: CorrectionsTable;
  categorisation_models: CategorisationModelsTable;
  categorisation_model_parts: CategorisationModelPartsTable;
  merchant_answers: MerchantAnswersTable;
  dont_learn_merchants: DontLearnMerchantsTable;
  notifications: NotificationsTable;
  recurring_series: RecurringSeriesTable;
  anomalies: AnomaliesTable;
  insight_snapshots: InsightSnapshotsTable;
  email_suppressions: EmailSuppressionsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type Db = Kysely<Database>;

export function toIsoTimestamp(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  // Data API returns 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC.
  const normalised = value.includes('T') ? value : `${value.replace(' ', 'T')}Z`;
  const date = new Date(normalised);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * A jsonb parameter that both drivers store as the same JSON: sent as text and cast in SQL,
 * because postgres.js would encode a string again for a jsonb-typed parameter while the
 * Data API sends it as text.
 */
export function jsonb(value: unknown): RawBuilder<unknown> {
  return sql`${JSON.stringify(value)}::text::jsonb`;
}

/** jsonb as read: postgres.js parses it, the Data API returns the JSON text. */
export function fromJson<T>(value: T | string | null): T | null {
  if (value === null) return null;
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
