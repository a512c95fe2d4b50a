import { Registry } from 'prom-client';

/**
 * The one Prometheus registry of the process. Each module declares its own metrics in its own file against this
 * registry (HTTP layer: upstream requests; server: request durations; pipeline: records by outcome; jobs: queue depth).
 */
export const metricsRegistry = new Registry();
