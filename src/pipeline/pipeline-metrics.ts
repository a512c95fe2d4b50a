import { Counter } from 'prom-client';
import { metricsRegistry } from '../observability/metrics-registry.js';

function counter(name: string, help: string, labelNames: string[]): Counter {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter;
  return new Counter({ name, help, labelNames, registers: [metricsRegistry] });
}

/** Records by outcome: created, updated, unchanged, removed, restored, quarantined. */
export const recordsTotal = counter('sluice_records_total', 'Records processed by sync runs, by outcome', ['connector', 'stream', 'outcome']);
export const syncRunsTotal = counter('sluice_sync_runs_total', 'Sync runs finished, by final status', ['connector', 'status']);
export const syncErrorsTotal = counter('sluice_sync_errors_total', 'Stream syncs that failed, by error code', ['connector', 'stream', 'code']);
