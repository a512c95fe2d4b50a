import { Writable } from 'node:stream';

import { pino, type Logger } from 'pino';

import type { Config } from '../../src/config/load-config.js';
import { createHttpClientFactory, type CreateHttpClientFactoryOptions } from '../../src/http/create-http-client-factory.js';
import { metricsRegistry } from '../../src/observability/metrics-registry.js';

/** Small numbers so the fault tests run in milliseconds; the defaults (30 s, 3 retries, 5 / 60 s / 3) are tested by config. */
export const FAST_HTTP: Config['http'] = {
  timeoutMs: 2_000,
  retries: 3,
  breakerFailures: 5,
  breakerHalfOpenMs: 60_000,
  breakerSuccesses: 3,
};

/** A logger that keeps its lines, to check what reaches logs (and what never does). */
export function memoryLogger(): { logger: Logger; lines: () => string[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

export function testFactory(over: Partial<Config['http']> = {}, extra: Partial<CreateHttpClientFactoryOptions> = {}) {
  const log = memoryLogger();
  const factory = createHttpClientFactory({
    config: { ...FAST_HTTP, ...over },
    logger: log.logger,
    backoff: { initialDelayMs: 5, maxDelayMs: 20 },
    ...extra,
  });
  return { factory, lines: log.lines };
}

/** Current value of a metric series summed over matching labels (a histogram's `_count`), 0 when absent. */
export async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  return data.values
    .filter((v) => {
      const mn = (v as { metricName?: string }).metricName;
      return mn === undefined || mn === `${name}_count`;
    })
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

let n = 0;
/** A fresh upstream name per test, so breaker state and metric series never leak between tests. */
export function upstreamName(label: string): string {
  n += 1;
  return `t${n}-${label}`;
}
