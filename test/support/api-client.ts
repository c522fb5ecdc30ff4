import type { ApiEvent, createRouter } from '../../lambdas/app/api/router';

export interface ApiAnswer {
  status: number;
  /** Whatever JSON the route answered: tests read into it freely. */
  body: any;
}

/**
 * Calls the router as API Gateway would, as the person `userId` (the JWT's `sub`); a query
 * string in `path` goes where API Gateway puts it.
 */
export function apiClient(call: ReturnType<typeof createRouter>) {
  return async (userId: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const [rawPath, rawQueryString = ''] = path.split('?');
    const response = await call({
      rawPath,
      rawQueryString,
      // API Gateway passes the parsed query too (the router reads this one).
      queryStringParameters: rawQueryString ? Object.fromEntries(new URLSearchParams(rawQueryString)) : undefined,
      body: body === undefined ? undefined : JSON.stringify(body),
      requestContext: { http: { method, path: rawPath }, authorizer: { jwt: { claims: { sub: userId } } } },
    } as unknown as ApiEvent);
    return { status: Number(response.statusCode), body: response.body ? JSON.parse(response.body) : null };
  };
}
