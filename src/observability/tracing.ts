import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config/load-config.js';
import type { Logger } from './logger.js';

export interface Tracing {
  /** True when spans are exported; false when tracing is off (the no-op tracer of @opentelemetry/api). */
  readonly enabled: boolean;
  /** Sends the spans still buffered (tests, `sluice` commands before exit). */
  flush(): Promise<void>;
  /** Flushes and unregisters the provider, so the process is back on the no-op tracer. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };

let active: NodeTracerProvider | undefined;

/**
 * Turns tracing on for the process when an OTLP endpoint is configured: spans go in batches to the OTLP/HTTP
 * endpoint (JSON), context follows async calls (AsyncLocalStorage) and W3C trace context is the propagator.
 * Without an endpoint nothing is registered and every span is a no-op. One provider per process: a second call
 * while one is active returns a handle that only flushes.
 */
export function startTracing(cfg: Config['tracing'], logger: Logger, version = '0.1.0'): Tracing {
  if (!cfg.endpoint) return OFF;
  if (active) {
    const shared = active;
    return { enabled: true, flush: () => shared.forceFlush(), shutdown: () => shared.forceFlush() };
  }
  const exporter = new OTLPTraceExporter({ url: cfg.endpoint, headers: { ...cfg.headers } });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: cfg.serviceName, [ATTR_SERVICE_VERSION]: version }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(cfg.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 2_000 })],
  });
  provider.register();
  active = provider;
  logger.info({ endpoint: cfg.endpoint, sample_ratio: cfg.sampleRatio }, 'tracing: exporting spans over OTLP/HTTP');
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      if (active !== provider) return;
      active = undefined;
      await provider.shutdown().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'tracing: final export failed'));
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
