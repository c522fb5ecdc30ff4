import { accessToken } from './auth';

/** An API error as the API reports it (application/problem+json, RFC 9457). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }
}

/** The API lives under /api on the same origin everywhere (CloudFront on AWS, the local server here). */
export const API_BASE = '/api';

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; text?: string; query?: Record<string, string | number | undefined> } = {},
): Promise<T> {
  const url = new URL(`${API_BASE}${path}`, location.origin);
  for (const [key, value] of Object.entries(init.query ?? {}))
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = await accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (init.text !== undefined) {
    headers['content-type'] = 'text/plain';
    body = init.text;
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (json ?? {}) as { title?: string; detail?: string; errors?: { path: string; message: string }[] };
    throw new ApiError(
      response.status,
      problem.title ?? `HTTP ${response.status}`,
      problem.detail ?? '',
      problem.errors ?? [],
    );
  }
  return json as T;
}

/** A route another part of the product has not shipped yet answers 404 "no endpoint": the page says so instead of failing. */
export function isNotAvailable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && /no endpoint/i.test(error.detail);
}
