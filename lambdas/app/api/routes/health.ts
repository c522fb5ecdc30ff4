import { z } from 'zod';
import { route } from '../route';

export const healthRoutes = [
  route({
    method: 'GET',
    path: '/health',
    summary: 'Liveness: answers without touching the database',
    auth: false,
    responses: { 200: { description: 'The API is up', schema: z.object({ status: z.literal('ok') }) } },
    handle: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
];
