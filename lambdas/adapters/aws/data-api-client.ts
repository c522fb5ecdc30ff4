import {
  RDSData,
  type BeginTransactionCommandInput,
  type CommitTransactionCommandInput,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  type RollbackTransactionCommandInput,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';

export interface ResumeRetryOptions {
  /** Attempts in all, the first included. @default 8 */
  attempts?: number;
  /** First wait; doubled after each attempt, capped at 10 s. @default 1000 */
  initialDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The RDS Data API client as kysely-data-api calls it, with what our queries need on top:
 * - a cluster paused at 0 ACU answers DatabaseResumingException while it wakes (15–30 s):
 *   every call is retried with exponential backoff before giving up;
 * - the Data API sends a string parameter as varchar, and Postgres has no `uuid = varchar`
 *   or `date >= varchar` operator: strings shaped like a UUID or a calendar date get the
 *   UUID or DATE type hint, so queries are written once for both drivers;
 * - kysely-data-api turns `date` results into JavaScript Dates at local midnight; our
 *   calendar dates stay 'YYYY-MM-DD' strings, as postgres.js returns them here.
 */
export class DataApiClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: RDSData,
    private readonly retry: ResumeRetryOptions = {},
  ) {
    this.sleep = retry.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  beginTransaction(input: BeginTransactionCommandInput) {
    return this.withResumeRetry(() => this.client.beginTransaction(input));
  }

  commitTransaction(input: CommitTransactionCommandInput) {
    return this.withResumeRetry(() => this.client.commitTransaction(input));
  }

  rollbackTransaction(input: RollbackTransactionCommandInput) {
    return this.withResumeRetry(() => this.client.rollbackTransaction(input));
  }

  async executeStatement(input: ExecuteStatementCommandInput): Promise<ExecuteStatementCommandOutput> {
    const output = await this.withResumeRetry(() =>
      this.client.executeStatement({ ...input, parameters: input.parameters?.map(withTypeHint) }),
    );
    for (const column of output.columnMetadata ?? []) {
      if (column.typeName?.toLowerCase() === 'date') column.typeName = 'calendar_date';
    }
    return output;
  }

  private async withResumeRetry<T>(call: () => Promise<T>): Promise<T> {
    const attempts = this.retry.attempts ?? 8;
    let delay = this.retry.initialDelayMs ?? 1000;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if ((error as Error).name !== 'DatabaseResumingException') throw error;
        if (attempt >= attempts) {
          throw new DatabaseUnavailableError(`the database was still resuming after ${attempts} attempts`, {
            cause: error,
          });
        }
        await this.sleep(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }
}

function withTypeHint(parameter: SqlParameter): SqlParameter {
  const text = parameter.value?.stringValue;
  if (parameter.typeHint || typeof text !== 'string') return parameter;
  if (UUID.test(text)) return { ...parameter, typeHint: 'UUID' };
  if (CALENDAR_DATE.test(text)) return { ...parameter, typeHint: 'DATE' };
  return parameter;
}
