import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Tier3Outcome } from '../core/categorise/tiered-categoriser';
import { CATEGORY_SOURCE_DIMENSION, MetricNames } from './metric-names';

/**
 * What the functions count, through Powertools Metrics (CloudWatch EMF on stdout, published at
 * the end of each invocation by the logMetrics middleware, or by the local stack).
 */

export function recordImport(metrics: Metrics, outcome: { imported: number } | 'failed', durationMs: number): void {
  if (outcome === 'failed') {
    metrics.addMetric(MetricNames.importsFailed, MetricUnit.Count, 1);
  } else {
    metrics.addMetric(MetricNames.rowsImported, MetricUnit.Count, outcome.imported);
  }
  metrics.addMetric(MetricNames.importLatency, MetricUnit.Milliseconds, Math.round(durationMs));
}

/**
 * One figure per category source (rule, model, llm…), each under its own `source` dimension: a
 * single-metric blob each, since one EMF blob carries one set of dimensions.
 */
export function recordCategorised(metrics: Metrics, sources: readonly string[], durationMs: number): void {
  const counts = new Map<string, number>();
  for (const source of sources) counts.set(source, (counts.get(source) ?? 0) + 1);
  for (const [source, count] of counts) {
    const single = metrics.singleMetric();
    single.addDimension(CATEGORY_SOURCE_DIMENSION, source);
    single.addMetric(MetricNames.categorised, MetricUnit.Count, count);
  }
  metrics.addMetric(MetricNames.categorisationLatency, MetricUnit.Milliseconds, Math.round(durationMs));
}

/** Tier-3 calls, and an outage when a configured language model could not answer (not when none is configured). */
export function recordTier3(metrics: Metrics, outcome: Tier3Outcome, modelConfigured: boolean): void {
  if (outcome.calls > 0) metrics.addMetric(MetricNames.languageModelCalls, MetricUnit.Count, outcome.calls);
  if (modelConfigured && outcome.unavailable !== null)
    metrics.addMetric(MetricNames.languageModelOutages, MetricUnit.Count, 1);
}

export function recordFailedRecord(metrics: Metrics): void {
  metrics.addMetric(MetricNames.failedRecords, MetricUnit.Count, 1);
}

export function recordServerError(metrics: Metrics): void {
  metrics.addMetric(MetricNames.apiServerErrors, MetricUnit.Count, 1);
}
