import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { MetricNames } from '../metric-names';

export type CoachSource = 'model' | 'cache' | 'deterministic';

/** One answer's metrics: the answer under its source, its tokens, its cost (the daily-spend alarm sums it) and its withheld figures. */
export function recordCoachAnswer(
  metrics: Metrics,
  answer: { source: CoachSource; tokens: number; costUsd: number; withheldNumbers: number },
): void {
  const single = metrics.singleMetric();
  single.addDimension('source', answer.source);
  single.addMetric(MetricNames.coachAnswers, MetricUnit.Count, 1);
  metrics.addMetric(MetricNames.coachTokens, MetricUnit.Count, answer.tokens);
  metrics.addMetric(MetricNames.coachCostMicroUsd, MetricUnit.Count, Math.round(answer.costUsd * 1_000_000));
  metrics.addMetric(MetricNames.coachWithheldNumbers, MetricUnit.Count, answer.withheldNumbers);
}
