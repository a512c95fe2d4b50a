import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from '../simulator.js';
import type { UnifiFleet } from './unifi-fleet.js';
import { DURATIONS, METRIC_RETENTION_MS, siteMetrics, type MetricType } from './unifi-isp-metrics.js';
import { errorBody, traceId } from './unifi-paging.js';

export type Guard = (req: FastifyRequest, reply: FastifyReply, tier: 'v1' | 'ea', route: string) => Promise<boolean>;

interface Deps {
  readonly fleet: UnifiFleet;
  readonly clock: SandboxClock;
  readonly seed: number;
  readonly guard: Guard;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isType(t: string): t is MetricType {
  return t === '5m' || t === '1h';
}

function networkVersion(fleet: UnifiFleet, hostId: string): string {
  const rs = fleet.hosts().find((h) => h.id === hostId)?.body.reportedState as { version?: unknown } | null | undefined;
  return typeof rs?.version === 'string' ? rs.version : '9.0.114';
}

/** `GET …/isp-metrics/{5m|1h}` and `POST …/isp-metrics/{type}/query`, under /ea (the spec) and /v1 (the docs). */
export function registerIspMetricsRoutes(app: FastifyInstance, d: Deps): void {
  const bad = (reply: FastifyReply, message: string) => reply.code(400).send(errorBody('parameter_invalid', 400, message));

  /** The window a request asks for: explicit timestamps or a duration, bounded by what the API retains. */
  const window = (type: MetricType, q: Record<string, unknown>): { from: number; to: number } | string => {
    const now = d.clock.now().getTime();
    const begin = q.beginTimestamp;
    const end = q.endTimestamp;
    const duration = q.duration;
    if (duration !== undefined && (begin !== undefined || end !== undefined)) return 'duration cannot be used with beginTimestamp or endTimestamp';
    for (const [name, v] of [['beginTimestamp', begin], ['endTimestamp', end]] as const) {
      if (v !== undefined && (typeof v !== 'string' || !RFC3339.test(v))) return `invalid ${name} format: ${typeof v === 'string' ? v : JSON.stringify(v)}`;
    }
    if (duration !== undefined) {
      const ms = typeof duration === 'string' ? DURATIONS[type][duration] : undefined;
      if (ms === undefined) return `invalid duration for ${type} metrics: ${typeof duration === 'string' ? duration : JSON.stringify(duration)}`;
      return { from: now - ms, to: now };
    }
    const to = typeof end === 'string' ? Math.min(Date.parse(end), now) : now;
    const from = Math.max(typeof begin === 'string' ? Date.parse(begin) : to - METRIC_RETENTION_MS[type], now - METRIC_RETENTION_MS[type]);
    if (from > to) return 'beginTimestamp must be before endTimestamp';
    return { from, to };
  };

  for (const tier of ['v1', 'ea'] as const) {
    app.get<{ Params: { type: string } }>(`/${tier}/isp-metrics/:type`, async (req, reply) => {
      if (!(await d.guard(req, reply, tier, `GET /${tier}/isp-metrics/:type`))) return;
      const type = req.params.type;
      if (!isType(type)) return bad(reply, `invalid metric type: ${type}`);
      const w = window(type, req.query as Record<string, unknown>);
      if (typeof w === 'string') return bad(reply, w);
      const data = d.fleet.sites().map((s) => siteMetrics(d.seed, s, type, w.from, w.to, networkVersion(d.fleet, s.hostId)));
      return reply.send({ data, httpStatusCode: 200, traceId: traceId() });
    });

    app.post<{ Params: { type: string }; Body: unknown }>(`/${tier}/isp-metrics/:type/query`, async (req, reply) => {
      if (!(await d.guard(req, reply, tier, `POST /${tier}/isp-metrics/:type/query`))) return;
      const type = req.params.type;
      if (!isType(type)) return bad(reply, `invalid metric type: ${type}`);
      const body = req.body as { sites?: unknown } | null;
      if (!body || !Array.isArray(body.sites) || body.sites.length === 0) return bad(reply, 'sites must be a non-empty list');
      const metrics: Record<string, unknown>[] = [];
      const seen = new Set<string>();
      let skipped = 0;
      for (const raw of body.sites as Record<string, unknown>[]) {
        const { hostId, siteId } = raw ?? {};
        if (typeof hostId !== 'string' || typeof siteId !== 'string') return bad(reply, 'each site needs hostId and siteId');
        const site = d.fleet.sites().find((s) => s.siteId === siteId && s.hostId === hostId);
        if (!site || seen.has(siteId)) {
          skipped += 1;
          continue;
        }
        seen.add(siteId);
        const w = window(type, { beginTimestamp: raw.beginTimestamp, endTimestamp: raw.endTimestamp });
        if (typeof w === 'string') return bad(reply, w);
        metrics.push(siteMetrics(d.seed, site, type, w.from, w.to, networkVersion(d.fleet, hostId)));
      }
      const data: Record<string, unknown> = { metrics };
      if (skipped > 0) {
        data.message = 'some of the requested sites are not accessible for the user or were ignored as duplicates';
        data.status = 'partialSuccess';
      }
      return reply.send({ data, httpStatusCode: 200, traceId: traceId() });
    });
  }
}
