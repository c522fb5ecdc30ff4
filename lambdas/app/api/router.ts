import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { recordServerError } from '../app-metrics';
import type { ApiContext } from './api-context';
import { DEFAULT_PERSON_LIMITS } from '../../core/person-limits';
import { KnownUsers } from './known-users';
import { findNulByte } from './nul-bytes';
import { problemAnswer, problemOf, ProblemError, tooManyRequests, type FieldError } from './problem';
import { RequestRate } from './request-rate';
import type { Route } from './route';

/** The API Gateway HTTP API event, with the JWT authorizer's claims where a route has one. */
export type ApiEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]> } };
  };
};

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
  /** Fewer parameters first, so /uploads/preview wins over /uploads/{id}. */
  specificity: number;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * Routes API Gateway v2 events (the same shape on AWS and on the local stack) to their
 * handlers: finds the route, takes the person from the authorizer's claims, validates
 * params, query and body with zod, and answers errors as problem+json.
 */
export function createRouter(routes: readonly Route[], context: ApiContext) {
  const compiled: CompiledRoute[] = routes
    .map((route) => {
      const names: string[] = [];
      const pattern = new RegExp(
        `^${route.path
          .replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`))
          .replace(/\{(\w+)\}/g, (_, name: string) => {
            names.push(name);
            return '([^/]+)';
          })}/?$`,
      );
      return { route, pattern, names, specificity: names.length };
    })
    .sort((a, b) => a.specificity - b.specificity);
  const knownUsers = new KnownUsers();
  const personLimits = context.personLimits ?? DEFAULT_PERSON_LIMITS;
  const requestRate = new RequestRate(personLimits.requestsPerMinute);

  return async (event: ApiEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    // API Gateway's request id on every line this request logs; a child logger, so concurrent
    // requests on the local server never share one.
    const logger = context.logger.createChild();
    logger.setCorrelationId(event.requestContext.requestId);
    const requestContext: ApiContext = { ...context, logger };
    try {
      const method = event.requestContext.http.method.toUpperCase();
      const path = event.rawPath || event.requestContext.http.path;
      const matches = compiled.map((c) => ({ c, m: c.pattern.exec(path) })).filter((x) => x.m);
      if (matches.length === 0) throw new ProblemError('not-found', `no endpoint at ${path}`);
      const match = matches.find((x) => x.c.route.method === method);
      if (!match || !match.m) {
        if (method === 'OPTIONS') return { statusCode: 204 };
        throw new ProblemError('method-not-allowed', `${method} is not allowed on ${path}`);
      }
      const { route, names } = match.c;
      const rawParams = Object.fromEntries(names.map((name, i) => [name, decodePathParameter(name, match.m![i + 1])]));

      let userId = '';
      let email: string | null = null;
      let locale: string | null = null;
      if (route.auth !== false) {
        const claims = event.requestContext.authorizer?.jwt?.claims;
        const sub = claims?.sub;
        if (typeof sub !== 'string' || !z.uuid().safeParse(sub).success)
          throw new ProblemError('unauthorized', 'the token names no user');
        userId = sub.toLowerCase();
        email = typeof claims?.email === 'string' ? claims.email : null;
        const localeClaim = claims?.locale ?? claims?.['custom:country'];
        locale = typeof localeClaim === 'string' ? localeClaim : null;
      }

      const { text: rawBody, bytes: rawBytes } = readBody(event);
      refuseNulBytes(rawParams, 'path');
      refuseNulBytes(event.queryStringParameters ?? {}, 'query');
      const params = validate(route.params, rawParams, 'path');
      const query = validate(route.query, event.queryStringParameters ?? {}, 'query');
      let body: unknown = undefined;
      if (route.body === 'text') {
        body = rawBody;
      } else if (route.body) {
        let json: unknown;
        try {
          json = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
        } catch {
          throw new ProblemError('bad-request', 'the body is not valid JSON', [
            { path: 'body', message: 'not valid JSON' },
          ]);
        }
        refuseNulBytes(json, 'body');
        body = validate(route.body, json, 'body');
      }
      if (route.auth !== false) {
        const wait = requestRate.take(userId);
        if (wait !== null) throw tooManyRequests(`more than ${personLimits.requestsPerMinute} requests a minute`, wait);
        await knownUsers.ensure(context.db, userId, email);
      }

      const headers = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? '']),
      );
      const response = await route.handle(
        { userId, email, locale, params, query, body, rawBody, rawBytes, headers },
        requestContext,
      );
      if (route.method === 'DELETE' && route.path === '/me') knownUsers.forget(userId);
      const json = response.body === undefined ? '' : JSON.stringify(response.body);
      if (json.length > COMPRESS_ABOVE_BYTES && /\bgzip\b/.test(headers['accept-encoding'] ?? '')) {
        // Lambda answers at most 6 MB: a large answer (an export) goes gzipped, about a tenth of its size.
        return {
          statusCode: response.status,
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...response.headers },
          body: gzipSync(json).toString('base64'),
          isBase64Encoded: true,
        };
      }
      return {
        statusCode: response.status,
        headers: { 'content-type': 'application/json', ...response.headers },
        body: json,
      };
    } catch (error) {
      const problem = error instanceof ProblemError ? error : (databaseRefusal(error) ?? problemOf(error));
      if (problem.status >= 500) {
        // Errors are logged reduced (name, message, code, stack): see app/logging.ts.
        logger.error('request failed', {
          method: event.requestContext.http.method,
          path: event.rawPath,
          status: problem.status,
          error: error as Error,
        });
        if (context.metrics) recordServerError(context.metrics);
      }
      const answer = problemAnswer(problem);
      return { statusCode: answer.status, headers: answer.headers, body: answer.body };
    }
  };
}

/** Answers above this many bytes are gzipped when the client accepts it. */
const COMPRESS_ABOVE_BYTES = 1024 * 1024;

/** The body as bytes (what a statement preview reads: its encoding is part of what is detected) and as UTF-8 text. */
function readBody(event: ApiEvent): { text: string; bytes: Uint8Array } {
  if (!event.body) return { text: '', bytes: new Uint8Array(0) };
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES)
    throw new ProblemError('payload-too-large', 'the request body is larger than 6 MB');
  return { text: bytes.toString('utf8'), bytes };
}

function validate(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: [where === 'body' ? '' : where, ...issue.path.map(String)].filter(Boolean).join('.') || where,
    message: issue.message,
  }));
  throw new ProblemError(
    'bad-request',
    `invalid ${where === 'path' ? 'path parameter' : where}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    errors,
  );
}

/** A path parameter as sent, %-decoded once; broken %-encoding (`%E0%A4%A`, `%ZZ`) is the client's error. */
function decodePathParameter(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ProblemError('bad-request', `the path parameter ${name} is not valid %-encoding`, [
      { path: `path.${name}`, message: 'invalid %-encoding' },
    ]);
  }
}

function refuseNulBytes(value: unknown, where: 'path' | 'query' | 'body'): void {
  const found = findNulByte(value, where);
  if (found)
    throw new ProblemError('bad-request', `${found} holds a NUL character`, [
      { path: found, message: 'NUL characters are not accepted' },
    ]);
}

/**
 * A safety net behind the zod schemas: PostgreSQL refusing a value (class 22, data exception)
 * or a uniqueness it guards (23505) is the request's fault, not ours, so it answers 4xx.
 */
function databaseRefusal(error: unknown): ProblemError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('22'))
    return new ProblemError('bad-request', 'a value in the request is out of range', undefined, { cause: error });
  if (code === '23505') return new ProblemError('conflict', 'that exists already', undefined, { cause: error });
  return null;
}
