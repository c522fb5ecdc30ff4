import { LanguageModelUnavailableError } from '../../ports/language-model';

/** Bedrock's answers that say "busy, try again": every other error is the model being unavailable. */
const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'InternalServerException',
]);

export interface BedrockRetryOptions {
  attempts?: number;
  initialDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs one Bedrock call, retrying throttling with exponential backoff and jitter (so that many
 * Lambdas throttled together do not retry together); a refusal, or still busy after the last
 * attempt, becomes LanguageModelUnavailableError, which callers answer without the model.
 */
export async function callBedrock<T>(
  call: () => Promise<T>,
  options: BedrockRetryOptions,
  defaults: { attempts: number; initialDelayMs: number },
): Promise<T> {
  const attempts = options.attempts ?? defaults.attempts;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  let delay = options.initialDelayMs ?? defaults.initialDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const name = (error as Error).name;
      if (!RETRYABLE.has(name))
        throw new LanguageModelUnavailableError(`Bedrock refused the call (${name})`, { cause: error });
      if (attempt >= attempts)
        throw new LanguageModelUnavailableError(`Bedrock was still busy after ${attempts} attempts (${name})`, {
          cause: error,
        });
      await sleep(delay * (0.5 + Math.random()));
      delay *= 2;
    }
  }
}
