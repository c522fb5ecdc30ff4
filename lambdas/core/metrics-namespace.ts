/** The CloudWatch namespace every metric of Smart Spend is published in, and every alarm reads. */
export const METRICS_NAMESPACE = 'SmartSpend';
