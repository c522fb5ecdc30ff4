/**
 * API errors as RFC 9457 problem details with stable `type`s. Handlers throw these; the
 * router and the local server turn anything else into a 500 whose body names no part of the
 * error (`problemOf`), and both answer through `problemAnswer`.
 */
export type ProblemType =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'internal';

const TITLES: Record<ProblemType, [number, string]> = {
  'bad-request': [400, 'The request is not valid'],
  unauthorized: [401, 'A valid bearer token is needed'],
  forbidden: [403, 'Not allowed'],
  'not-found': [404, 'Not found'],
  'method-not-allowed': [405, 'Method not allowed'],
  conflict: [409, 'Conflict'],
  'payload-too-large': [413, 'Too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  'too-many-requests': [429, 'Too many requests'],
  internal: [500, 'Something went wrong on our side'],
};

export interface FieldError {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  /** For a 429: seconds after which asking again may succeed (the Retry-After header). */
  retryAfterSeconds?: number;
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly errors?: FieldError[],
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = 'ProblemError';
    [this.status, this.title] = TITLES[type];
  }

  toJSON(): Record<string, unknown> {
    return {
      type: `https://smart-spend.dev/problems/${this.type}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const notFound = (what: string) => new ProblemError('not-found', `${what} was not found`);
export const badRequest = (detail: string, errors?: FieldError[]) => new ProblemError('bad-request', detail, errors);

export function tooManyRequests(detail: string, retryAfterSeconds: number): ProblemError {
  const problem = new ProblemError('too-many-requests', detail);
  problem.retryAfterSeconds = retryAfterSeconds;
  return problem;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * What the client is told about a thrown value: a ProblemError as it is; anything else a 500
 * whose detail is fixed, so no message, SQL or value of the error reaches the client.
 */
export function problemOf(error: unknown): ProblemError {
  return error instanceof ProblemError
    ? error
    : new ProblemError('internal', 'the request could not be completed', undefined, { cause: error });
}

/** A problem as an HTTP answer: the one builder of problem+json for the AWS router and the local server. */
export function problemAnswer(problem: ProblemError): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  // A 429 says when asking again may succeed.
  if (problem.retryAfterSeconds) headers['retry-after'] = String(problem.retryAfterSeconds);
  return { status: problem.status, headers, body: JSON.stringify(problem.toJSON()) };
}
