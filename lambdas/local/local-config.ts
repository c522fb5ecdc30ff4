import { resolve } from 'node:path';
import { z } from 'zod';
import { uploadLimitsConfig } from '../app/upload-limits-config';
import { DEFAULT_PERSON_LIMITS } from '../core/person-limits';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SMART_SPEND_HOME: z.string().min(1).default('./.smart-spend'),
  DATABASE_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
  ...uploadLimitsConfig,
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('WARN'),
  LIMIT_UPLOADS_PER_DAY: z.coerce.number().int().positive().default(DEFAULT_PERSON_LIMITS.uploadsPerDay),
  LIMIT_ROWS_PER_MONTH: z.coerce.number().int().positive().default(DEFAULT_PERSON_LIMITS.rowsPerMonth),
  LIMIT_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(DEFAULT_PERSON_LIMITS.requestsPerMinute),
});

export type LocalConfig = z.infer<typeof schema> & { home: string };

/** Reads the local stack's settings once; a bad value stops it with the variable's name. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return { ...result.data, home: resolve(result.data.SMART_SPEND_HOME) };
}
