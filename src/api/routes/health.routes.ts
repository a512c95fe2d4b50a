import { z } from 'zod';
import type { RouteModule } from '../api-deps.js';
import { checkReadiness } from '../health-checks.js';
import { metricsRegistry } from '../../observability/metrics-registry.js';
// Declared by their modules against the one registry; imported here so /metrics always lists them, including in an
// API-only process that has not run a sync, a job or an upstream call yet.
import '../../alerts/alert-metrics.js';
import '../../http/http-metrics.js';
import '../../jobs/job-metrics.js';
import '../../pipeline/pipeline-metrics.js';

const component = z.object({
  name: z.string(),
  status: z.enum(['ok', 'degraded', 'fail']),
  latency_ms: z.number(),
  message: z.string().optional(),
});
const readiness = z.object({ ready: z.boolean(), failing: z.array(z.string()), components: z.array(component) });

export const healthRoutes: RouteModule = (f, deps) => {
  const probe = { auth: 'public', rateLimit: false } as const;
  f.get('/health/live', {
    config: probe,
    schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  f.get('/health/ready', {
    config: probe,
    schema: {
      tags: ['health'],
      summary: 'Readiness: database, job queue, disk; upstream breakers reported. 503 names the failing components.',
      response: { 200: readiness, 503: readiness },
    },
  }, async (_req, reply) => {
    const r = await checkReadiness({
      db: deps.app.db,
      dataDir: deps.app.config.dataDir,
      diskMinMb: deps.app.config.healthDiskMinMb,
      probes: deps.probes,
    });
    return reply.status(r.ready ? 200 : 503).send(r);
  });

  f.get('/metrics', {
    config: probe,
    schema: { tags: ['health'], summary: 'Prometheus metrics (text exposition format)' },
  }, async (_req, reply) => {
    // Refresh per-component gauges on every scrape so /metrics never reports a stale health.
    await checkReadiness({ db: deps.app.db, dataDir: deps.app.config.dataDir, diskMinMb: deps.app.config.healthDiskMinMb, probes: deps.probes });
    reply.header('content-type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });
};
