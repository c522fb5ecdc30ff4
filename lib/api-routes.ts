/**
 * Every route API Gateway forwards to the api Lambda: the endpoints of API.md. A route is
 * behind the Cognito JWT authorizer unless `auth` is false, which only /health and
 * /openapi.json may be. Add a route here when the API grows (a test checks the application's
 * router table is covered).
 */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRouteSpec {
  readonly method: RouteMethod;
  readonly path: string;
  /** @default true */
  readonly auth?: boolean;
}

/** The routes anyone may call. */
export const PUBLIC_ROUTES: readonly ApiRouteSpec[] = [
  { method: 'GET', path: '/health', auth: false },
  { method: 'GET', path: '/openapi.json', auth: false },
];

const authenticated = (spec: Record<string, RouteMethod[]>): ApiRouteSpec[] =>
  Object.entries(spec).flatMap(([path, methods]) => methods.map((method) => ({ method, path })));

export const API_ROUTES: readonly ApiRouteSpec[] = [
  ...PUBLIC_ROUTES,
  ...authenticated({
    '/accounts': ['GET', 'POST'],
    '/accounts/{id}': ['GET', 'PATCH', 'DELETE'],
    '/networth': ['GET'],
    '/uploads': ['GET', 'POST'],
    '/uploads/preview': ['POST'],
    '/uploads/{id}': ['GET'],
    '/sms': ['POST'],
    '/transactions': ['GET', 'POST'],
    '/transactions/{id}': ['GET', 'PATCH', 'DELETE'],
    '/transfers': ['POST'],
    '/categories': ['GET', 'POST'],
    '/categories/{id}': ['PATCH'],
    '/rules': ['GET', 'POST'],
    '/rules/{id}': ['DELETE'],
    '/merchants/dont-learn': ['GET'],
    '/merchants/{merchant}/dont-learn': ['PUT'],
    '/summary': ['GET'],
    '/trends': ['GET'],
    '/budgets': ['GET'],
    '/budgets/{category}': ['PUT', 'DELETE'],
    '/budgets/status': ['GET'],
    '/budgets/recommend': ['POST'],
    '/forecast': ['GET'],
    '/insights/{kind}': ['GET'],
    '/insights/health': ['GET'],
    '/insights/health/history': ['GET'],
    '/insights/peers': ['GET'],
    '/goals': ['GET', 'POST'],
    '/goals/{id}': ['GET', 'PATCH', 'DELETE'],
    '/goals/calculate-timeline': ['POST'],
    '/goals/reverse-plan': ['POST'],
    '/goals/{id}/plan': ['GET'],
    '/coach': ['POST'],
    '/me': ['GET', 'PATCH', 'DELETE'],
    '/me/export': ['GET'],
  }),
];
