import { Gauge, Histogram, type Metric } from 'prom-client';
import { metricsRegistry } from '../observability/metrics-registry.js';

// Looked up first: several servers (tests) share the one process registry, and prom-client throws on duplicates.
function once<T extends Metric>(name: string, make: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? make();
}

const startedAt = Date.now();

export const upGauge = once(
  'sluice_up',
  () => new Gauge({ name: 'sluice_up', help: '1 while the Sluice server process is serving.', registers: [metricsRegistry] }),
);

export const uptimeGauge = once(
  'sluice_uptime_seconds',
  () =>
    new Gauge({
      name: 'sluice_uptime_seconds',
      help: 'Seconds since the server process started.',
      registers: [metricsRegistry],
      collect() {
        this.set((Date.now() - startedAt) / 1000);
      },
    }),
);

export const componentHealthy = once(
  'sluice_component_healthy',
  () =>
    new Gauge({
      name: 'sluice_component_healthy',
      help: 'Result of the last readiness check per component: 1 healthy, 0 failing.',
      labelNames: ['component'] as const,
      registers: [metricsRegistry],
    }),
);

export const componentLatency = once(
  'sluice_component_check_duration_seconds',
  () =>
    new Gauge({
      name: 'sluice_component_check_duration_seconds',
      help: 'Duration of the last readiness check per component.',
      labelNames: ['component'] as const,
      registers: [metricsRegistry],
    }),
);

export const httpRequestDuration = once(
  'sluice_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'sluice_http_request_duration_seconds',
      help: 'API request duration by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metricsRegistry],
    }),
);
