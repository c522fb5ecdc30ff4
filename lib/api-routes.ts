import { apiRoutes, type Route } from '../lambdas/app/api/routes';

/**
 * Every route API Gateway forwards to the api Lambda, generated from the application's own
 * route table (`lambdas/app/api/routes/index.ts`) so the two cannot drift: an endpoint added
 * there is deployed, and nothing is deployed that the application does not serve. A route is
 * behind the Cognito JWT authorizer unless it says `auth: false` (only /health,
 * /openapi.json and an e-mail's signed /unsubscribe link do).
 */
export type RouteMethod = Route['method'];

/** What a route asks of the services around it, beyond the database, bucket and queues every route may use. */
export type RouteNeed = NonNullable<Route['needs']>[number];

export interface ApiRouteSpec {
  readonly method: RouteMethod;
  readonly path: string;
  /** @default true */
  readonly auth?: boolean;
  /** @default [] */
  readonly needs?: readonly RouteNeed[];
}

/** The gateway's view of a route table: method, path, authentication and needs, nothing of the handler. */
export function gatewayRoutes(routes: readonly Route[]): ApiRouteSpec[] {
  return routes.map((route) => ({
    method: route.method,
    path: route.path,
    auth: route.auth !== false,
    needs: route.needs ?? [],
  }));
}

export const API_ROUTES: readonly ApiRouteSpec[] = gatewayRoutes(apiRoutes);

/** True when some route calls the language model, so the api Lambda must be allowed to. */
export function routesNeed(routes: readonly ApiRouteSpec[], need: RouteNeed): boolean {
  return routes.some((route) => route.needs?.includes(need));
}
