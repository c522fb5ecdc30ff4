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

/**
 * The error a handler lets escape, reduced the same way: the Lambda runtime logs every enumerable
 * property of what it is thrown (a Postgres error's `detail`; the batch processor's `childErrors`,
 * each failure already logged reduced). Name, message, stack and code are kept.
 */
export function reducedThrowable(error: unknown): Error {
  if (!(error instanceof Error)) return new Error('a non-Error value was thrown');
  const reduced = reducedError(error);
  const thrown = new Error(reduced.message);
  thrown.name = reduced.name;
  thrown.stack = reduced.stack;
  if (reduced.code !== undefined) Object.assign(thrown, { code: reduced.code });
  return thrown;
}

/** A handler whose escaping errors are reduced (see reducedThrowable); its results pass unchanged. */
export function throwingReduced<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } catch (error) {
      throw reducedThrowable(error);
    }
  };
}

/** The one way a Logger is made, on AWS and locally: errors always logged reduced. */
export function createLogger(serviceName: string, logLevel?: string): Logger {
  return new Logger({
    serviceName,
    jsonReplacerFn: reduceErrors,
    ...(logLevel ? { logLevel: logLevel as 'INFO' } : {}),
  });
}
