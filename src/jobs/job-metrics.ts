import { Counter, Gauge, type Metric } from 'prom-client';
import { metricsRegistry } from '../observability/metrics-registry.js';

// Looked up first: several runtimes (tests) share the one process registry, and prom-client throws on duplicates.
function once<T extends Metric>(name: string, make: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? make();
}

export interface QueueDepthReading {
  readonly kind: string;
  readonly state: 'waiting' | 'active';
  readonly count: number;
}

/** The runtime that answers the depth gauge in this process (the latest started one). */
let depthSource: (() => Promise<QueueDepthReading[]>) | undefined;

export function setQueueDepthSource(source: (() => Promise<QueueDepthReading[]>) | undefined): void {
  depthSource = source;
}

export const jobQueueDepth = once(
  'sluice_job_queue_depth',
  () =>
    new Gauge({
      name: 'sluice_job_queue_depth',
      help: 'Jobs waiting (created or retry) and active, per job kind, read from the queue at scrape time.',
      labelNames: ['kind', 'state'] as const,
      registers: [metricsRegistry],
      async collect() {
        if (!depthSource) return;
        this.reset();
        try {
          for (const r of await depthSource()) this.set({ kind: r.kind, state: r.state }, r.count);
        } catch {
          /* the database is unreachable: /health reports it; the gauge keeps no stale values */
        }
      },
    }),
);

export const jobsFinishedTotal = once(
  'sluice_jobs_finished_total',
  () =>
    new Counter({
      name: 'sluice_jobs_finished_total',
      help: 'Job attempts finished in this process, by kind and outcome (completed, retry, failed, handed_back).',
      labelNames: ['kind', 'outcome'] as const,
      registers: [metricsRegistry],
    }),
);
