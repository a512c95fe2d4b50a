import { Gauge } from 'prom-client';
import { metricsRegistry } from '../observability/metrics-registry.js';

/** The last HTTP attempt to each upstream in this process: its outcome and latency (per-component health). */
export interface UpstreamCall {
  readonly at: number;
  readonly latencyMs: number;
  /** HTTP status, or network_error / timeout / cancelled. */
  readonly status: string;
}

const last = new Map<string, UpstreamCall>();

const lastLatency = (metricsRegistry.getSingleMetric('sluice_upstream_last_latency_seconds') as Gauge<'upstream'> | undefined) ??
  new Gauge({
    name: 'sluice_upstream_last_latency_seconds',
    help: 'Latency of the last HTTP attempt to each upstream.',
    labelNames: ['upstream'] as const,
    registers: [metricsRegistry],
  });

export function recordUpstreamCall(upstream: string, status: string, latencyMs: number): void {
  last.set(upstream, { at: Date.now(), latencyMs, status });
  lastLatency.set({ upstream }, latencyMs / 1000);
}

export function lastUpstreamCalls(): ReadonlyMap<string, UpstreamCall> {
  return last;
}

/** A call that says the upstream is healthy: any answer below 500 except 429 (an auth error is a config problem). */
export function isHealthyCall(c: UpstreamCall): boolean {
  const n = Number(c.status);
  return Number.isInteger(n) && n < 500 && n !== 429;
}
