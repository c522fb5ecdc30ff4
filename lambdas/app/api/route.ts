import type { z } from 'zod';
import type { ApiContext } from './api-context';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A service a route may need that not every route uses. */
export type RouteNeed = 'languageModel';

export interface ApiRequest<P, Q, B> {
  userId: string;
  email: string | null;
  /** The token's `locale` (or `custom:country`) claim, when Cognito has one. */
  locale?: string | null;
  params: P;
  query: Q;
  body: B;
  rawBody: string;
  /** The body's bytes as sent (API Gateway passes a non-text body base64-encoded). */
  rawBytes?: Uint8Array;
  headers: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One endpoint: its path template, zod schemas for what it accepts and returns (which
 * validate requests and generate the OpenAPI document), and the call into core.
 */
export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  path: string;
  summary: string;
  /** False only for /health and /openapi.json. @default true */
  auth?: boolean;
  /**
   * Services this route calls beyond the database, the bucket and the queues: the CDK grants
   * the api Lambda access to them only when some route declares the need (a route that asks
   * the language model must say so here, or Bedrock refuses it on AWS). @default []
   */
  needs?: readonly RouteNeed[];
  params?: P;
  query?: Q;
  /** A zod schema for a JSON body, or 'text' for a raw text body. */
  body?: B | 'text';
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handle(request: ApiRequest<z.infer<P>, z.infer<Q>, z.infer<B>>, context: ApiContext): Promise<ApiResponse>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  definition: Route<P, Q, B>,
): Route {
  return definition as unknown as Route;
}
