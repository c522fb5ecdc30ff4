import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Deployment settings, read once from CDK context (`cdk.json` or `-c key=value`).
 * Values given on the command line arrive as strings, so numbers and booleans are parsed here,
 * and a bad value stops the synth with a message naming the context key.
 */
export interface SmartSpendConfig {
  /** `production` turns on deletion protection and retains the database and user pool. @default 'dev' */
  readonly stage: string;
  readonly production: boolean;
  /** Days before a raw upload under `uploads/` expires. @default 30 */
  readonly uploadRetentionDays: number;
  /** Aurora Serverless v2 maximum ACU. @default 2 */
  readonly databaseMaxCapacity: number;
  /** Idle minutes before Aurora pauses (5–1440). @default 5 */
  readonly databaseAutoPauseMinutes: number;
  /** Bedrock model id or inference profile id. @default 'anthropic.claude-3-haiku-20240307-v1:0' */
  readonly bedrockModelId: string;
  /** An e-mail address subscribed to alarms. @default - none */
  readonly alarmEmail?: string;
  /** Whether people may sign themselves up; off, an administrator invites them (README). @default false */
  readonly selfSignUp: boolean;
  /** Whether the app client allows USER_PASSWORD_AUTH (password sent to Cognito, for scripts). @default false: SRP only */
  readonly userPasswordAuth: boolean;
  /**
   * Origins allowed to call the API and PUT to presigned upload URLs. `*` is refused in production.
   * @default [] (no cross-origin caller: the web app is served from the API's own origin)
   */
  readonly corsAllowedOrigins: string[];
  /**
   * Reserved concurrency per function (context `reservedConcurrency`, `{"api":20,…}` or `api=20,parser=2`):
   * it caps what one function (one busy person) can use and keeps the rest for the others.
   * `reservedConcurrency=none` reserves nothing (an account whose concurrency limit is below 100 + the sum).
   */
  readonly reservedConcurrency: Readonly<Record<string, number>>;
  /** Per-person limits (context `personLimits`, e.g. `{"uploadsPerDay":20}`); the rest keep lambdas/core/person-limits.ts's defaults. */
  readonly personLimits: Readonly<
    Partial<Record<'uploadsPerDay' | 'rowsPerMonth' | 'languageModelCallsPerDay' | 'requestsPerMinute', number>>
  >;
  /** How long CloudWatch keeps function, task, flow and access logs (context `logRetentionDays`, one of CloudWatch's values). @default RetentionDays.ONE_MONTH */
  readonly logRetention: RetentionDays;
  /** When the retrain task runs, as an EventBridge Scheduler cron expression (UTC). @default 'cron(0 3 * * ? *)' */
  readonly retrainSchedule: string;
  /**
   * Who notification e-mails come from: an address (`alerts@example.org`, verified by SES's e-mail)
   * or a domain (DKIM records to publish). Without it nothing is e-mailed; notifications stay in-app. @default - none
   */
  readonly senderIdentity?: string;
}

export const CONTEXT_DEFAULTS = {
  stage: 'dev',
  uploadRetentionDays: 30,
  databaseMaxCapacity: 2,
  databaseAutoPauseMinutes: 5,
  bedrockModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  selfSignUp: false,
  userPasswordAuth: false,
  corsAllowedOrigins: [] as string[],
  reservedConcurrency: { api: 20, parser: 2, categoriser: 5, forecast: 2, migrate: 1 } as Record<string, number>,
  logRetentionDays: 30,
  retrainSchedule: 'cron(0 3 * * ? *)',
} as const;

export function readConfig(node: Node): SmartSpendConfig {
  const get = (key: string): unknown => node.tryGetContext(key);
  const stage = text(get('stage'), 'stage') ?? CONTEXT_DEFAULTS.stage;
  const alarmEmail = text(get('alarmEmail'), 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail))
    fail('alarmEmail', 'an e-mail address', alarmEmail);
  const production = stage === 'production' || stage === 'prod';
  const corsAllowedOrigins = list(get('corsAllowedOrigins'), 'corsAllowedOrigins') ?? [
    ...CONTEXT_DEFAULTS.corsAllowedOrigins,
  ];
  if (production && corsAllowedOrigins.includes('*'))
    fail('corsAllowedOrigins', 'the web app\'s origins (no "*" in production)', corsAllowedOrigins);
  return {
    stage,
    production,
    uploadRetentionDays:
      integer(get('uploadRetentionDays'), 'uploadRetentionDays', 1, 3650) ?? CONTEXT_DEFAULTS.uploadRetentionDays,
    databaseMaxCapacity:
      number(get('databaseMaxCapacity'), 'databaseMaxCapacity', 1, 256) ?? CONTEXT_DEFAULTS.databaseMaxCapacity,
    databaseAutoPauseMinutes:
      integer(get('databaseAutoPauseMinutes'), 'databaseAutoPauseMinutes', 5, 1440) ??
      CONTEXT_DEFAULTS.databaseAutoPauseMinutes,
    bedrockModelId: text(get('bedrockModelId'), 'bedrockModelId') ?? CONTEXT_DEFAULTS.bedrockModelId,
    alarmEmail,
    selfSignUp: boolean(get('selfSignUp'), 'selfSignUp') ?? CONTEXT_DEFAULTS.selfSignUp,
    userPasswordAuth: boolean(get('userPasswordAuth'), 'userPasswordAuth') ?? CONTEXT_DEFAULTS.userPasswordAuth,
    corsAllowedOrigins,
    reservedConcurrency: concurrency(get('reservedConcurrency')),
    personLimits: personLimits(get('personLimits')),
    logRetention: retention(
      integer(get('logRetentionDays'), 'logRetentionDays', 1, 3653) ?? CONTEXT_DEFAULTS.logRetentionDays,
    ),
    retrainSchedule: text(get('retrainSchedule'), 'retrainSchedule') ?? CONTEXT_DEFAULTS.retrainSchedule,
    senderIdentity: senderIdentity(text(get('senderIdentity'), 'senderIdentity')),
  };
}

function senderIdentity(value: string | undefined): string | undefined {
  if (value !== undefined && !/^([^@\s]+@)?[a-z0-9.-]+\.[a-z]{2,}$/i.test(value))
    fail('senderIdentity', 'an e-mail address or a domain', value);
  return value;
}

export function autoPause(config: SmartSpendConfig): Duration {
  return Duration.minutes(config.databaseAutoPauseMinutes);
}

function retention(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter(
    (value): value is number => typeof value === 'number' && value > 0,
  );
  if (!allowed.includes(days)) fail('logRetentionDays', `one of ${allowed.join(', ')}`, days);
  return days as RetentionDays;
}

function fail(key: string, expected: string, value: unknown): never {
  throw new Error(`context value "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
}

function text(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(key, 'a string', value);
  return value;
}

function number(value: unknown, key: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) fail(key, `a number from ${min} to ${max}`, value);
  return parsed;
}

function integer(value: unknown, key: string, min: number, max: number): number | undefined {
  const parsed = number(value, key, min, max);
  if (parsed !== undefined && !Number.isInteger(parsed)) fail(key, `a whole number from ${min} to ${max}`, value);
  return parsed;
}

function boolean(value: unknown, key: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fail(key, 'true or false', value);
}

function personLimits(value: unknown): SmartSpendConfig['personLimits'] {
  if (value === undefined || value === null || value === '') return {};
  const parsed = typeof value === 'string' ? safeJson(value) : value;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return fail('personLimits', 'an object such as {"uploadsPerDay":20}', value);
  const out: Record<string, number> = {};
  for (const [key, count] of Object.entries(parsed)) {
    if (!['uploadsPerDay', 'rowsPerMonth', 'languageModelCallsPerDay', 'requestsPerMinute'].includes(key))
      fail(
        `personLimits.${key}`,
        'one of uploadsPerDay, rowsPerMonth, languageModelCallsPerDay, requestsPerMinute',
        key,
      );
    out[key] =
      integer(count, `personLimits.${key}`, 0, 100_000_000) ?? fail(`personLimits.${key}`, 'a whole number', count);
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function concurrency(value: unknown): Record<string, number> {
  const key = 'reservedConcurrency';
  if (value === undefined || value === null || value === '') return { ...CONTEXT_DEFAULTS.reservedConcurrency };
  if (value === 'none' || value === false || value === 'false') return {};
  const entries =
    typeof value === 'string'
      ? value.split(',').map((pair) => pair.split('=').map((part) => part.trim()))
      : typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value as Record<string, unknown>)
        : fail(key, 'an object of function name to count, or name=count,…', value);
  const out: Record<string, number> = { ...CONTEXT_DEFAULTS.reservedConcurrency };
  for (const [name, count] of entries) {
    if (typeof name !== 'string' || !/^[a-z][a-zA-Z]*$/.test(name))
      fail(key, 'function names such as api or parser', value);
    out[name] =
      integer(count, `${key}.${name}`, 1, 1000) ?? fail(`${key}.${name}`, 'a whole number from 1 to 1000', count);
  }
  return out;
}

function list(value: unknown, key: string): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return fail(key, 'a list of strings or a comma-separated string', value);
}
