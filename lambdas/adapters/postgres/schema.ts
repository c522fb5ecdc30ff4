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
  points: Json<{ month: string; expected: number; lower80: number; upper80: number; lower95: number; upper95: number }[]>;
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

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface Database {
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
