import { Logger } from '@aws-lambda-powertools/logger';

/** What a log line keeps of an error: enough to find the fault, never the values it was about. */
export interface ReducedError {
  name: string;
  message: string;
  /** A SQLSTATE, an AWS error code, a Node system code: a kind of failure, not a value. */
  code?: string | number;
  stack?: string;
  cause?: ReducedError;
}

/**
 * An error reduced to name, message, code and stack (and its causes, the same way). Powertools
 * otherwise logs every property: a Postgres error's `detail` ("Key (fingerprint)=(…)"), `where`,
 * `query` and `parameters`, and an AWS error's request metadata, carry a person's values.
 */
export function reducedError(error: Error, depth = 0): ReducedError {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: error.stack,
    ...(error.cause instanceof Error && depth < 4 ? { cause: reducedError(error.cause, depth + 1) } : {}),
  };
}

/** Powertools' JSON replacer hook: runs before its own error formatting, on every value of every line. */
export function reduceErrors(_key: string, value: unknown): unknown {
  return value instanceof Error ? reducedError(value) : value;
}

/** The one way a Logger is made, on AWS and locally: errors always logged reduced. */
export function createLogger(serviceName: string, logLevel?: string): Logger {
  return new Logger({ serviceName, jsonReplacerFn: reduceErrors, ...(logLevel ? { logLevel: logLevel as 'INFO' } : {}) });
}
