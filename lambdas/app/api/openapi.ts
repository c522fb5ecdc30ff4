import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { Route } from './route';

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(routes: readonly Route[]): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const r of routes) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
    for (const [status, response] of Object.entries(r.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { 'application/json': { schema: response.schema } } } : {}),
      };
    }
    responses.default = { description: 'An error', content: { 'application/problem+json': { schema: problemSchema } } };
    registry.registerPath({
      method: r.method.toLowerCase() as 'get',
      path: r.path,
      summary: r.summary,
      security: r.auth === false ? [] : [{ [bearer.name]: [] }],
      request: {
        ...(r.params ? { params: r.params as z.ZodObject } : {}),
        ...(r.query ? { query: r.query as z.ZodObject } : {}),
        ...(r.body === 'text'
          ? { body: { content: { 'text/plain': { schema: z.string() } } } }
          : r.body
            ? { body: { content: { 'application/json': { schema: r.body } } } }
            : {}),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Smart Spend API',
      version: '1.0.0',
      description: 'Statements in; categorised spending, budgets and forecasts out.',
    },
  }) as unknown as Record<string, unknown>;
}
