import { Counter, Gauge, Histogram, type Metric } from 'prom-client';

import { metricsRegistry } from '../observability/metrics-registry.js';

/**
 * Metrics of the shared HTTP layer. Looked up before being created, because several factories (and test files that
 * share a module graph) may load this module against the one process registry, and prom-client throws on duplicates.
 */
function once<T extends Metric>(name: string, make: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? make();
}

export const upstreamRequestsTotal = once(
  'sluice_upstream_requests_total',
  () =>
    new Counter({
      name: 'sluice_upstream_requests_total',
      help: 'HTTP attempts sent to upstreams, by upstream and response status (or network_error / timeout).',
      labelNames: ['upstream', 'status'] as const,
      registers: [metricsRegistry],
    }),
);

export const upstreamRequestDuration = once(
  'sluice_upstream_request_duration_seconds',
  () =>
    new Histogram({
      name: 'sluice_upstream_request_duration_seconds',
      help: 'Duration of one HTTP attempt to an upstream, body included.',
      labelNames: ['upstream'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metricsRegistry],
    }),
);

export const upstreamRetriesTotal = once(
  'sluice_upstream_retries_total',
  () =>
    new Counter({
      name: 'sluice_upstream_retries_total',
      help: 'Retries scheduled after a 429, a 5xx, a timeout or a network error.',
      labelNames: ['upstream'] as const,
      registers: [metricsRegistry],
    }),
);

export const upstreamRateLimitedTotal = once(
  'sluice_upstream_rate_limited_total',
  () =>
    new Counter({
      name: 'sluice_upstream_rate_limited_total',
      help: '429 responses received from upstreams.',
      labelNames: ['upstream'] as const,
      registers: [metricsRegistry],
    }),
);

export const upstreamBreakerState = once(
  'sluice_upstream_breaker_state',
  () =>
    new Gauge({
      name: 'sluice_upstream_breaker_state',
      help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open.',
      labelNames: ['upstream'] as const,
      registers: [metricsRegistry],
    }),
);
