import { z } from 'zod';

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/**
 * Reads a function's environment once, at cold start. A missing or bad value stops the
 * function with a message that names every variable at fault.
 */
export function readConfig<T extends z.ZodRawShape>(
  shape: T,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')} (${issue.message})`);
  throw new ConfigurationError(`invalid configuration: ${problems.join('; ')}`);
}
