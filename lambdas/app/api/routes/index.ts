import { z } from 'zod';
import { openApiDocument } from '../openapi';
import { route, type Route } from '../route';
import { accountRoutes } from './accounts';
import { budgetRoutes } from './budgets';
import { categorisationRoutes } from './categorisation';
import { forecastRoutes } from './forecast';
import { goalRoutes } from './goals';
import { healthRoutes } from './health';
import { insightRoutes } from './insights';
import { healthInsightRoutes } from './insights-health';
import { meRoutes } from './me';
import { netWorthRoutes } from './net-worth';
import { notificationRoutes } from './notifications';
import { smsRoutes } from './sms';
import { summaryRoutes } from './summary';
import { transactionRoutes } from './transactions';
import { transferRoutes } from './transfers';
import { uploadPreviewRoutes } from './upload-preview';
import { uploadRoutes } from './uploads';

const featureRoutes: Route[] = [
  ...healthRoutes,
  ...accountRoutes,
  ...uploadPreviewRoutes,
  ...uploadRoutes,
  ...smsRoutes,
  ...transactionRoutes,
  ...categorisationRoutes,
  ...transferRoutes,
  ...netWorthRoutes,
  ...meRoutes,
  ...forecastRoutes,
  ...summaryRoutes,
  ...budgetRoutes,
  ...goalRoutes,
  ...insightRoutes,
  ...healthInsightRoutes,
  ...notificationRoutes,
];

export type { Route } from '../route';

let document: Record<string, unknown> | undefined;

/** Every endpoint of the API, the OpenAPI document's own included. */
export const apiRoutes: Route[] = [
  ...featureRoutes,
  route({
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API described as OpenAPI 3.1',
    auth: false,
    responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
    handle: async () => {
      document ??= openApiDocument(apiRoutes);
      return { status: 200, body: document };
    },
  }),
];
