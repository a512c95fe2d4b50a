import { Counter, Gauge, type Metric } from 'prom-client';
import { metricsRegistry } from '../observability/metrics-registry.js';

// Looked up first: several app contexts (tests) share the one process registry, and prom-client throws on duplicates.
function once<T extends Metric>(name: string, make: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Open alerts by kind, as of this process's last evaluation. */
export const alertsOpen = once('sluice_alerts_open', () => new Gauge({
  name: 'sluice_alerts_open', help: 'Open alerts by kind, as of the last evaluation in this process.', labelNames: ['kind'] as const, registers: [metricsRegistry],
}));

/** Alert notifications sent to webhooks, by event (opened, recovered) and outcome (sent, failed). */
export const alertNotificationsTotal = once('sluice_alert_notifications_total', () => new Counter({
  name: 'sluice_alert_notifications_total', help: 'Alert notifications POSTed to the configured webhooks, by event and outcome.',
  labelNames: ['event', 'outcome'] as const, registers: [metricsRegistry],
}));
