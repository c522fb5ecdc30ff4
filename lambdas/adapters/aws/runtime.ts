import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createLogger } from '../../app/logging';
import { METRICS_NAMESPACE } from '../../core/metrics-namespace';

/**
 * One Logger, Metrics and Tracer per function, created once at cold start: errors logged
 * reduced (app/logging.ts), metrics in the one namespace the alarms read.
 */
export function createObservability(serviceName: string): { logger: Logger; metrics: Metrics; tracer: Tracer } {
  return {
    logger: createLogger(serviceName),
    metrics: new Metrics({ serviceName, namespace: METRICS_NAMESPACE }),
    tracer: new Tracer({ serviceName }),
  };
}
